"""Several real browser sessions on the overview at once: page-load times and the server's memory per session.

Debian's Chromium through Playwright (one browser, one context per session, so one Streamlit session each),
the server started with the browser tests' helpers (tests/browser/helpers.py). At each concurrency level a
fresh server serves the overview, and a fresh one serves the bare floor page (bench/floor_page.py) for the
baseline. A load is timed from page.goto() until the script has finished and the page shows its content
(the overview's five status cards; the floor's title), as helpers.wait_for_app() waits for it.

Run by bench.run; alone: LIVELIHOOD_REGIONS=… python -m bench.load DB [--levels 1 4 8] [--loads 5].
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from bench.measure import rss_bytes

ROOT = Path(__file__).resolve().parent.parent
FLOOR = "bench/floor_page.py"

# The same readiness helpers.wait_for_app() checks, plus the page's own content.
_READY = """([selector, count]) => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-connection-state') !== 'CONNECTED') return false;
  if (app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (document.querySelector('[data-testid="stStatusWidgetRunningIcon"], [data-testid="stSkeleton"], [data-stale="true"]')) return false;
  if (document.querySelector('[data-testid="stException"]')) throw new Error('the app shows an exception');
  return document.querySelectorAll(selector).length >= count;
}"""
CONTENT = {"serve.py": ('[data-testid="stMetric"]', 5), FLOOR: ("h1", 1)}


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0–100) by linear interpolation between closest ranks."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    rank = (len(ordered) - 1) * q / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


async def _session(browser, url: str, script: str, loads: int, timeout_ms: int) -> tuple[Any, list[float]]:
    context = await browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 1000})
    if script == "serve.py":  # the app: sign in first, as every visitor does (the cookie stays in the context)
        from bench.signin import BENCH_PASSWORD, BENCH_USER

        await context.request.post(
            url.rstrip("/") + "/auth/login", form={"name": BENCH_USER, "password": BENCH_PASSWORD, "next": "/"}
        )
    page = await context.new_page()
    times = []
    for _ in range(loads):
        start = time.perf_counter()
        await page.goto(url, timeout=timeout_ms)
        await page.wait_for_function(_READY, arg=list(CONTENT[script]), timeout=timeout_ms, polling=50)
        times.append(time.perf_counter() - start)
    return context, times


async def _level(db: str, script: str, sessions: int, loads: int, timeout_ms: int) -> dict[str, Any]:
    from playwright.async_api import async_playwright

    from tests.browser.helpers import CHROMIUM, CHROMIUM_ARGS, start_app

    if script == "serve.py":
        from bench.signin import bench_account

        bench_account(db)
    server = start_app(db, script=script, timeout=120)
    try:
        url = server.url + "/"
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))
            try:
                # One visit first: the server's start-up work and cached reads are not any session's.
                warm, _ = await _session(browser, url, script, 1, timeout_ms)
                await warm.close()
                await asyncio.sleep(1.0)
                before = rss_bytes(server.process.pid)
                started = time.perf_counter()
                results = await asyncio.gather(
                    *(_session(browser, url, script, loads, timeout_ms) for _ in range(sessions))
                )
                wall = time.perf_counter() - started
                await asyncio.sleep(0.5)
                after = rss_bytes(server.process.pid)
                for context, _ in results:
                    await context.close()
            finally:
                await browser.close()
    finally:
        server.stop()
    times = [t for _, ts in results for t in ts]
    return {
        "sessions": sessions,
        "loads": len(times),
        "median": statistics.median(times),
        "p95": percentile(times, 95),
        "min": min(times),
        "max": max(times),
        "wall": wall,
        "rss_before": before,
        "rss_after": after,
        "rss_per_session": max(0, after - before) / sessions,
    }


def run(db: str, levels: tuple[int, ...] = (1, 4, 8), loads: int = 5, timeout_ms: int = 120_000) -> list[dict]:
    """Per level: the floor page's and the overview's load times and server memory, each on a fresh server."""
    out = []
    for sessions in levels:
        floor = asyncio.run(_level(db, FLOOR, sessions, loads, timeout_ms))
        overview = asyncio.run(_level(db, "serve.py", sessions, loads, timeout_ms))
        out.append({"sessions": sessions, "floor": floor, "overview": overview})
        print(
            f"  load {sessions} session(s): overview p95 {overview['p95']:.2f} s (floor {floor['p95']:.2f} s), "
            f"server +{overview['rss_per_session'] / 2**20:.1f} MiB per session",
            flush=True,
        )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load")
    parser.add_argument("db")
    parser.add_argument("--levels", type=int, nargs="+", default=[1, 4, 8])
    parser.add_argument("--loads", type=int, default=5)
    args = parser.parse_args(argv)
    print(json.dumps(run(args.db, tuple(args.levels), args.loads), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
