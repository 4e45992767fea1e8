"""The protocol load generator against real browsers: the same page switches, timed both ways on one server.

bench.crowd drives hundreds of sessions with bench.protocol, which speaks Streamlit's websocket as the
browser does, because hundreds of browsers do not fit on this machine. This checks that it measures what a
browser user waits for. On one server (the demo database), at each concurrency level, N Chromium sessions
(Playwright, signed in as the demo viewer) and then N protocol sessions (the same account) each switch
pages as an official does: overview → 地区晾晒 → overview → …, K times. A browser switch is a click on the
menu's link, timed from the rerun request the browser sends until it receives the run's script_finished
frame (the server's answer, read from the websocket with Playwright), from the click to that frame, and until
the page is drawn (what tests/browser/helpers.py waits for). A protocol switch is the same rerun request,
timed until the run's script_finished.

The first browser time and the protocol's time are the same quantity seen by two clients: the report gives
both medians and p95 per page, the ratio browser ÷ protocol, and whether the medians are within the stated
margin (MARGIN). The drawn time is what a user waits for: the server's answer plus the browser's drawing,
which the load table (bench.crowd, server times) does not contain.

    .venv/bin/python -m bench.calibrate DB [--levels 1 4] [--switches 6]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
from pathlib import Path
from typing import Any

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.crowd import VIEWER, pct
from bench.load import _READY
from bench.protocol import ProtocolSession

ROOT = Path(__file__).resolve().parent.parent
MARGIN = 1.5  # browser median ÷ protocol median within 1/MARGIN .. MARGIN counts as the same timing
PAGES = (("regions", "h1"), ("", '[data-testid="stMetric"]'))  # (url path, what shows the page is drawn)


def _finished_ok(payload: bytes | str) -> bool:
    """Whether a websocket frame from the server is a run's script_finished (successful)."""
    if isinstance(payload, str):
        return False
    try:
        msg = ForwardMsg.FromString(payload)
    except Exception:  # a frame that is not a ForwardMsg
        return False
    return (
        msg.WhichOneof("type") == "script_finished"
        and msg.script_finished == ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY
    )


async def _browser_session(browser, url: str, switches: int, timeout_ms: int) -> dict[str, list[float]]:
    """Per page: from the rerun request the browser sent to the run's script_finished frame ("overview", "regions":
    what the protocol generator times), from the click to that frame ("… clicked"), and to the page drawn."""
    context = await browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 1000})
    await context.request.post(url + "/auth/login", form={"name": VIEWER[0], "password": VIEWER[1], "next": "/"})
    page = await context.new_page()
    finished: list[float] = []  # perf_counter() of every successful script_finished the browser received
    sent: list[float] = []  # perf_counter() of every frame the browser sent (a rerun request, a widget's value)

    def on_socket(ws) -> None:
        ws.on("framereceived", lambda payload: _finished_ok(payload) and finished.append(time.perf_counter()))
        ws.on("framesent", lambda _payload: sent.append(time.perf_counter()))

    page.on("websocket", on_socket)
    await page.goto(url + "/?lang=zh", timeout=timeout_ms)
    await page.wait_for_function(_READY, arg=[PAGES[1][1], 1], timeout=timeout_ms, polling=50)
    times: dict[str, list[float]] = {
        "overview": [],
        "regions": [],
        "overview clicked": [],
        "regions clicked": [],
        "overview drawn": [],
        "regions drawn": [],
    }
    try:
        for n in range(switches):
            path, ready = PAGES[n % 2]
            name = path or "overview"
            link = page.locator(f'[data-testid="stSidebarNav"] a[href$="/{path}"]').first
            seen = len(finished)
            start = time.perf_counter()
            await link.click()
            await page.wait_for_url(f"**/{path}?*" if path else "**/?*", timeout=timeout_ms)
            await page.wait_for_timeout(0)
            await page.wait_for_function(_READY, arg=[ready, 1], timeout=timeout_ms, polling=20)
            drawn = time.perf_counter()
            answered = [t for t in finished[seen:] if t >= start]
            if answered:  # the run that drew the page: the last before it showed, from the request that started it
                asked = [t for t in sent if start <= t <= answered[-1]]
                times[name].append(answered[-1] - (asked[-1] if asked else start))
                times[f"{name} clicked"].append(answered[-1] - start)
            times[f"{name} drawn"].append(drawn - start)
    finally:
        await context.close()
    return times


async def _browsers(url: str, sessions: int, switches: int, timeout_ms: int) -> list[dict[str, list[float]]]:
    from playwright.async_api import async_playwright

    from tests.browser.helpers import CHROMIUM, CHROMIUM_ARGS

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))
        try:
            return await asyncio.gather(
                *(_browser_session(browser, url, switches, timeout_ms) for _ in range(sessions))
            )
        finally:
            await browser.close()


async def _protocol_session(url: str, switches: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {"overview": [], "regions": []}
    async with ProtocolSession(url) as s:
        await s.sign_in(*VIEWER)
        await s.open("", "lang=zh")
        for n in range(switches):
            path = PAGES[n % 2][0]
            run = await s.open(path, "lang=zh")
            if not run.ok:
                raise RuntimeError(f"{path or 'overview'}: {run.status} {run.exceptions}")
            times[path or "overview"].append(run.seconds)
    return times


async def _protocols(url: str, sessions: int, switches: int) -> list[dict[str, list[float]]]:
    return await asyncio.gather(*(_protocol_session(url, switches) for _ in range(sessions)))


def _figures(runs: list[dict[str, list[float]]]) -> dict[str, dict[str, float]]:
    out = {}
    for page in sorted({k for r in runs for k in r}):
        ts = [t for r in runs for t in r.get(page, [])]
        if ts:
            out[page] = {"n": len(ts), "p50": statistics.median(ts), "p95": pct(ts, 0.95)}
    return out


def calibrate(db: str, levels: list[int], switches: int, timeout_ms: int = 120_000) -> list[dict[str, Any]]:
    """Per level: browser and protocol timings per page, the ratio of medians, and whether it is within MARGIN."""
    from tests.browser.helpers import start_app

    results = []
    server = start_app(db, None)
    try:
        url = server.url.rstrip("/")
        asyncio.run(_protocols(url, 1, 2))  # the server's start-up work and cached reads are no session's
        for sessions in levels:
            browser = _figures(asyncio.run(_browsers(url, sessions, switches, timeout_ms)))
            protocol = _figures(asyncio.run(_protocols(url, sessions, switches)))
            row: dict[str, Any] = {"sessions": sessions, "browser": browser, "protocol": protocol}
            for page in ("overview", "regions"):
                ratio = browser[page]["p50"] / protocol[page]["p50"]
                row[f"{page}_ratio"] = ratio
                row[f"{page}_within"] = 1 / MARGIN <= ratio <= MARGIN
            results.append(row)
            print(json.dumps(row, ensure_ascii=False), flush=True)
    finally:
        server.stop()
    return results


def table(results: list[dict[str, Any]]) -> str:
    """The Markdown table bench/RESULTS.md holds: the server's answer timed both ways, and the drawn page."""
    lines = [
        "| sessions | page | browser: request → script_finished, p50 / p95 | protocol: request → script_finished, "
        f"p50 / p95 | browser ÷ protocol (p50) | within ×{MARGIN:g} | browser: click → script_finished | "
        "browser: click → page drawn, p50 / p95 |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for row in results:
        for page in ("overview", "regions"):
            b, p, d = row["browser"][page], row["protocol"][page], row["browser"][f"{page} drawn"]
            c = row["browser"][f"{page} clicked"]
            lines.append(
                f"| {row['sessions']} | {page} | {b['p50'] * 1000:,.0f} / {b['p95'] * 1000:,.0f} ms | "
                f"{p['p50'] * 1000:,.0f} / {p['p95'] * 1000:,.0f} ms | {row[f'{page}_ratio']:.2f} | "
                f"{'yes' if row[f'{page}_within'] else 'no'} | {c['p50'] * 1000:,.0f} / {c['p95'] * 1000:,.0f} ms | "
                f"{d['p50'] * 1000:,.0f} / {d['p95'] * 1000:,.0f} ms |"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("db", help="a DuckDB file holding the demo (python -m targets --db DB demo)")
    ap.add_argument("--levels", type=int, nargs="+", default=[1, 4])
    ap.add_argument("--switches", type=int, default=6, help="page switches per session")
    ap.add_argument("--out", type=Path, help="also write the table (Markdown) here")
    args = ap.parse_args(argv)
    results = calibrate(args.db, args.levels, args.switches)
    text = table(results)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
