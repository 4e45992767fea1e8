"""The protocol load generator against real browsers: the same page switches, timed both ways on one server.

bench.crowd drives hundreds of sessions with bench.protocol, which speaks Streamlit's websocket as the
browser does, because hundreds of browsers do not fit on this machine. This checks that it measures what a
browser user waits for. On one server (the demo database), at each concurrency level, N Chromium sessions
(Playwright, signed in as the demo viewer) and then N protocol sessions (the same account) each switch
pages as an official does: overview → 地区晾晒 → overview → …, K times. A browser switch is a click on the
menu's link, timed until the script has finished and the page is drawn (what tests/browser/helpers.py
waits for); a protocol switch is the same rerun request, timed until the run's last message.

The browser adds drawing the page, so its times are expected a little above the protocol's; the report
gives both medians and p95 per page and the ratio browser ÷ protocol, and says whether the medians are
within the stated margin (MARGIN).

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

from bench.crowd import VIEWER, pct
from bench.load import _READY
from bench.protocol import ProtocolSession

ROOT = Path(__file__).resolve().parent.parent
MARGIN = 1.5  # browser median ÷ protocol median within 1/MARGIN .. MARGIN counts as the same timing
PAGES = (("regions", "h1"), ("", '[data-testid="stMetric"]'))  # (url path, what shows the page is drawn)


async def _browser_session(browser, url: str, switches: int, timeout_ms: int) -> dict[str, list[float]]:
    context = await browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 1000})
    await context.request.post(url + "/auth/login", form={"name": VIEWER[0], "password": VIEWER[1], "next": "/"})
    page = await context.new_page()
    await page.goto(url + "/?lang=zh", timeout=timeout_ms)
    await page.wait_for_function(_READY, arg=[PAGES[1][1], 1], timeout=timeout_ms, polling=50)
    times: dict[str, list[float]] = {"overview": [], "regions": []}
    try:
        for n in range(switches):
            path, ready = PAGES[n % 2]
            link = page.locator(f'[data-testid="stSidebarNav"] a[href$="/{path}"]').first
            start = time.perf_counter()
            await link.click()
            await page.wait_for_url(f"**/{path}?*" if path else "**/?*", timeout=timeout_ms)
            await page.wait_for_timeout(0)
            await page.wait_for_function(_READY, arg=[ready, 1], timeout=timeout_ms, polling=20)
            times[path or "overview"].append(time.perf_counter() - start)
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
    for page in ("overview", "regions"):
        ts = [t for r in runs for t in r[page]]
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
    """The Markdown table bench/RESULTS.md holds."""
    lines = [
        "| sessions | page | browser p50 / p95 | protocol p50 / p95 | browser ÷ protocol (p50) | within ×"
        + f"{MARGIN:g} |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for row in results:
        for page in ("overview", "regions"):
            b, p = row["browser"][page], row["protocol"][page]
            lines.append(
                f"| {row['sessions']} | {page} | {b['p50'] * 1000:,.0f} / {b['p95'] * 1000:,.0f} ms | "
                f"{p['p50'] * 1000:,.0f} / {p['p95'] * 1000:,.0f} ms | {row[f'{page}_ratio']:.2f} | "
                f"{'yes' if row[f'{page}_within'] else 'no'} |"
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
