"""The protocol load generator against real browsers: the same page switches, on one server, compared.

bench.crowd drives hundreds of sessions with bench.protocol, which speaks Streamlit's websocket as the
browser does, because hundreds of browsers do not fit on this machine. This checks that its sessions make the
server do what browsers make it do. On one server (the demo database), at each concurrency level, N Chromium
sessions (Playwright, signed in as the demo viewer) and then N protocol sessions (the same account) each switch
pages as an official does: overview → 地区晾晒 → overview → …, K times.

What is compared is the server's own time for each run (ui.run_log: the script run's wall time and its thread's
CPU time), for the runs browsers caused and for those the protocol sessions caused: their medians must be within
the stated margin (MARGIN). The clients' own times are reported beside them: a browser's from its rerun request
to the run's script_finished frame, both stamped by Chromium's network stack (the DevTools protocol), and from
the click until the page is drawn; the protocol's from its request to script_finished. On a machine whose cores
the browsers share with the server, a browser's drawing delays both the server and its own network stack, so the
clients' times differ by more than the server's; the drawn time is what a user waits for, which the load table
(bench.crowd, server times) does not contain.

    .venv/bin/python -m bench.calibrate DB [--levels 1 4] [--switches 6]
"""

from __future__ import annotations

import argparse
import asyncio
import base64
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
    what the protocol generator times), from the click to that frame ("… clicked"), and to the page drawn.

    The first is timed on the browser's own clock: the DevTools protocol stamps every websocket frame as Chromium's
    network stack sends or receives it. Playwright's frame events reach this process later, by as much as the
    browser's drawing delays them, and so do not time the server."""
    context = await browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 1000})
    await context.request.post(url + "/auth/login", form={"name": VIEWER[0], "password": VIEWER[1], "next": "/"})
    page = await context.new_page()
    frames: list[tuple[float, str]] = []  # (Chromium's timestamp, "sent" | "finished") of the page's websocket
    seen_at: list[float] = []  # perf_counter() when this process heard of each successful script_finished
    devtools = await context.new_cdp_session(page)
    await devtools.send("Network.enable")

    def received(event: dict) -> None:
        frame = event["response"]
        if frame.get("opcode") == 2 and _finished_ok(base64.b64decode(frame["payloadData"])):
            frames.append((event["timestamp"], "finished"))
            seen_at.append(time.perf_counter())

    devtools.on("Network.webSocketFrameReceived", received)
    devtools.on("Network.webSocketFrameSent", lambda event: frames.append((event["timestamp"], "sent")))
    await page.goto(url + "/?lang=zh", timeout=timeout_ms)
    await page.wait_for_function(_READY, arg=[PAGES[1][1], 1], timeout=timeout_ms, polling=50)
    await page.wait_for_timeout(200)
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
            before, heard = len(frames), len(seen_at)
            start = time.perf_counter()
            await link.click()
            await page.wait_for_url(f"**/{path}?*" if path else "**/?*", timeout=timeout_ms)
            await page.wait_for_timeout(0)
            await page.wait_for_function(_READY, arg=[ready, 1], timeout=timeout_ms, polling=20)
            drawn = time.perf_counter()
            await page.wait_for_timeout(200)  # the frames' events still on their way (not timed)
            window = frames[before:]
            finished = [t for t, kind in window if kind == "finished"]
            if finished:  # the run that drew the page, from the first frame the click made the browser send
                asked = [t for t, kind in window if kind == "sent" and t <= finished[-1]]
                times[name].append(finished[-1] - (asked[0] if asked else finished[-1]))
            if len(seen_at) > heard:
                times[f"{name} clicked"].append(seen_at[-1] - start)
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


def _server_runs(runs: list[dict]) -> dict[str, dict[str, float]]:
    """The server's own time per page (ui.run_log): wall and thread CPU, p50 and p95, of the runs that ran to their end.
    Each session's first run (its landing on the overview) is left out, as the clients leave it out."""
    seen: set[str | None] = set()
    by_page: dict[str, list[dict]] = {}
    for run in runs:
        first = run["session"] not in seen
        seen.add(run["session"])
        if run["outcome"] not in ("finished", "stopped") or first or run["page"] not in ("", "regions"):
            continue
        by_page.setdefault(run["page"] or "overview", []).append(run)
    return {
        page: {
            "n": len(found),
            "p50": statistics.median(r["wall"] for r in found),
            "p95": pct([r["wall"] for r in found], 0.95),
            "cpu_p50": statistics.median(r["cpu"] for r in found),
        }
        for page, found in by_page.items()
    }


def calibrate(db: str, levels: list[int], switches: int, timeout_ms: int = 120_000) -> list[dict[str, Any]]:
    """Per level and page: the server's own run times (ui.run_log) for the runs browsers caused and for those the
    protocol sessions caused, their ratio and whether it is within MARGIN; and what the clients saw."""
    import tempfile

    from tests.browser.helpers import start_app
    from ui import run_log

    results = []
    log = Path(tempfile.mkdtemp(prefix="calibrate-")) / "runs.jsonl"
    server = start_app(db, {run_log.ENV_VAR: str(log)})
    try:
        url = server.url.rstrip("/")
        asyncio.run(_protocols(url, 1, 2))  # the server's start-up work and cached reads are no session's
        for sessions in levels:
            before = len(run_log.read(log))
            browser = _figures(asyncio.run(_browsers(url, sessions, switches, timeout_ms)))
            middle = len(run_log.read(log))
            protocol = _figures(asyncio.run(_protocols(url, sessions, switches)))
            runs = run_log.read(log)
            row: dict[str, Any] = {
                "sessions": sessions,
                "browser": browser,
                "protocol": protocol,
                "server_browser": _server_runs(runs[before:middle]),
                "server_protocol": _server_runs(runs[middle:]),
            }
            for page in ("overview", "regions"):
                ratio = row["server_browser"][page]["p50"] / row["server_protocol"][page]["p50"]
                row[f"{page}_ratio"] = ratio
                row[f"{page}_within"] = 1 / MARGIN <= ratio <= MARGIN
                row[f"{page}_client_ratio"] = browser[page]["p50"] / protocol[page]["p50"]
            results.append(row)
            print(json.dumps(row, ensure_ascii=False), flush=True)
    finally:
        server.stop()
    return results


def table(results: list[dict[str, Any]]) -> str:
    """The Markdown table bench/RESULTS.md holds: the server's own run times for browser- and protocol-caused runs,
    then what each client saw (request → script_finished), and what the browser's user waits for."""

    def ms(found: dict[str, float], key: str = "p50") -> str:
        return f"{found[key] * 1000:,.0f}"

    lines = [
        "| sessions | page | server run, browsers: wall p50 / p95 (CPU p50) | server run, protocol: wall p50 / p95 "
        f"(CPU p50) | ÷ (wall p50) | within ×{MARGIN:g} | client: request → script_finished, browser / protocol "
        "(p50) | browser: click → page drawn, p50 / p95 |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for row in results:
        for page in ("overview", "regions"):
            sb, sp = row["server_browser"][page], row["server_protocol"][page]
            b, p, d = row["browser"][page], row["protocol"][page], row["browser"][f"{page} drawn"]
            lines.append(
                f"| {row['sessions']} | {page} | {ms(sb)} / {ms(sb, 'p95')} ms ({ms(sb, 'cpu_p50')}) | "
                f"{ms(sp)} / {ms(sp, 'p95')} ms ({ms(sp, 'cpu_p50')}) | {row[f'{page}_ratio']:.2f} | "
                f"{'yes' if row[f'{page}_within'] else 'no'} | {ms(b)} / {ms(p)} ms | {ms(d)} / {ms(d, 'p95')} ms |"
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
