"""Charts as PNG or SVG through kaleido and a headless Chromium, with the Chinese labels in Noto CJK.

Starting Chromium costs seconds, so one kaleido server is started per process and reused for
every image (about a quarter of a second each after that). kaleido's sync server is not safe for
two threads at once (Streamlit runs each session in a thread), so calls are serialised here.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
from typing import Any

import plotly.graph_objects as go

FORMATS = ("png", "svg")
_lock = threading.Lock()


class ChartRenderError(RuntimeError):
    """No browser to render charts with, or it failed; the message says what to install."""


def browser_path() -> str | None:
    """The Chromium to drive: $BROWSER_PATH, else Debian's chromium (or a Chrome) on PATH."""
    explicit = os.environ.get("BROWSER_PATH")
    if explicit:
        return explicit
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def ensure_server() -> None:
    """Start the process-wide kaleido server once (no MathJax: nothing is fetched from the network)."""
    import kaleido

    if kaleido._global_server.is_running():
        return
    path = browser_path()
    if path is None:
        raise ChartRenderError(
            "Chart images need Chromium: install Debian's `chromium` (scripts/setup.sh does) or set BROWSER_PATH."
        )
    kaleido.start_sync_server(mathjax=False, path=path, silence_warnings=True)


def warm_up() -> threading.Thread | None:
    """Start the chart server in the background, so that a press pack asked for a few seconds later does not
    wait for Chromium to start (the export page calls this when it opens). Without a browser it does nothing
    here: render() says what to install when a chart is actually needed."""
    import kaleido

    if kaleido._global_server.is_running() or browser_path() is None:
        return None

    def start() -> None:
        with _lock, contextlib.suppress(Exception):  # reported by render() if a chart is asked for
            ensure_server()

    thread = threading.Thread(target=start, name="chart-server-warm-up", daemon=True)
    thread.start()
    return thread


def render(fig: go.Figure | dict[str, Any], fmt: str = "png", *, scale: float = 2.0) -> bytes:
    """The figure as PNG (scaled for print) or SVG bytes."""
    import kaleido

    if fmt not in FORMATS:
        raise ValueError(f"chart format must be one of {FORMATS}, not {fmt!r}")
    spec = fig.to_plotly_json() if isinstance(fig, go.Figure) else fig
    layout = spec.get("layout", {})
    opts = {
        "format": fmt,
        "width": layout.get("width") or 900,
        "height": layout.get("height") or 500,
        "scale": scale if fmt == "png" else 1,
    }
    with _lock:
        ensure_server()
        try:
            data = kaleido.calc_fig_sync(spec, opts=opts)
        except Exception as exc:
            raise ChartRenderError(f"Rendering a chart failed: {exc}") from exc
    return data if isinstance(data, bytes) else str(data).encode("utf-8")
