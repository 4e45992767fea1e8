"""Many officials at once, over Streamlit's own protocol (bench/protocol.py): page times, errors, memory, writes.

Each simulated official signs in, opens the overview, changes the month, opens a task and the regions, and
comes back to the overview, thinking between steps; meanwhile a reporter uploads and commits a figure at a
steady pace and an administrator reads the upload history. The floor is the bare page (bench/floor_page.py)
on a server of its own, loaded by the same number of sessions with the same think time right after the app
(`--floor after`, the default: each has the machine to itself) or at the same time (`--floor with`).
The load generator runs on the same machine; its share of the CPU is reported beside the figures.

After the run every committed upload is checked against the store: its batch is there and the figure holds
the last value committed ("no lost write").

    python -m bench.crowd DB [--servers 2] --sessions 50 100 200 [--seconds 60] [--think 5 15] [--json out.json]

DB is a DuckDB file or a postgresql:// URL holding the demo (`python -m targets --db DB demo`), or `duckdb` /
`postgres` for a fresh demo built for the run (PostgreSQL: the tests' throwaway cluster). Two or more
servers need PostgreSQL (DuckDB's file has one writer process); they sit behind bench/balancer.py, which
is sticky on the lh_affinity cookie as docs/deploy/nginx.conf's cookie variant.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from bench.balancer import Balancer
from bench.measure import rss_bytes
from bench.protocol import PageRun, ProtocolSession

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.browser.helpers import AppServer, start_app  # noqa: E402

FLOOR = "bench/floor_page.py"
VIEWER = ("demo", "demo-viewer-2024")
REPORTER = ("demo-reporter", "demo-reporter-2024")
ADMIN = ("demo-admin", "demo-admin-2024")
WRITE_CODE = "ELD-02-1"  # an indicator of the demo reporter's department (省民政厅)
WRITE_MONTH = "2024-10"


@dataclass
class Sample:
    who: str
    page: str
    seconds: float
    ok: bool
    error: str = ""


@dataclass
class Level:
    """One concurrency level's figures."""

    store: str
    servers: int
    sessions: int
    pages: int
    errors: int
    p50: float
    p95: float
    p99: float
    floor_p50: float
    floor_p95: float
    floor_p99: float
    rss_before_mb: float
    rss_peak_mb: float
    mb_per_session: float
    writes_committed: int
    writes_lost: int
    think: tuple[float, float] = (0.0, 0.0)
    seconds: float = 0.0
    floor_mode: str = "after"
    generator_cpu: float = 0.0  # the load generator's CPU seconds per second of the run (of 1 core)
    error_samples: list[str] = field(default_factory=list)
    by_page: dict[str, dict[str, float]] = field(default_factory=dict)


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def _record(samples: list[Sample], who: str, run: PageRun) -> None:
    samples.append(Sample(who, run.page or "overview", run.seconds, run.ok, "; ".join(run.exceptions)[:300]))


async def official(url: str, n: int, stop: float, think: tuple[float, float], samples: list[Sample]) -> None:
    """Overview → another month → a task → the regions → overview, until the time is up."""
    rnd = random.Random(n)
    await asyncio.sleep(rnd.uniform(0, think[1]))  # people do not all arrive in the same second
    try:
        async with ProtocolSession(url) as s:
            await s.sign_in(*VIEWER)
            while time.monotonic() < stop:
                run = await s.open("", "lang=zh")
                _record(samples, "official", run)
                await asyncio.sleep(rnd.uniform(*think))
                month = s.widgets.get("截至月份")
                if month and month.options:
                    run = await s.choose("截至月份", rnd.choice(month.options[:9]))
                    _record(
                        samples,
                        "official",
                        PageRun("overview (month)", run.seconds, 0, 0, exceptions=run.exceptions, status=run.status),
                    )
                    await asyncio.sleep(rnd.uniform(*think))
                for page in ("task", "regions"):
                    run = await s.open(page, "lang=zh")
                    _record(samples, "official", run)
                    await asyncio.sleep(rnd.uniform(*think))
    except Exception as e:  # any failure of a session (refused, timed out, closed) is an error counted
        samples.append(Sample("official", "session", 0.0, False, f"{type(e).__name__}: {e}"[:300]))


async def floor_user(url: str, n: int, stop: float, think: tuple[float, float], samples: list[Sample]) -> None:
    rnd = random.Random(10_000 + n)
    await asyncio.sleep(rnd.uniform(0, think[1]))
    try:
        async with ProtocolSession(url) as s:
            while time.monotonic() < stop:
                _record(samples, "floor", await s.open("", ""))
                await asyncio.sleep(rnd.uniform(*think))
    except Exception as e:  # any failure of a session (refused, timed out, closed) is an error counted
        samples.append(Sample("floor", "session", 0.0, False, f"{type(e).__name__}: {e}"[:300]))


async def reporter(
    url: str, stop: float, every: float, samples: list[Sample], committed: list[tuple[int, int]]
) -> None:
    """Upload and commit one figure every `every` seconds; remember (batch, value) of each commit."""
    value = 2000
    try:
        async with ProtocolSession(url) as s:
            await s.sign_in(*REPORTER)
            _record(samples, "reporter", await s.open("upload", "lang=zh"))
            while time.monotonic() < stop:
                value += 1
                body = f"指标编号,月份,累计完成\n{WRITE_CODE},{WRITE_MONTH},{value}\n".encode()
                run = await s.upload("选择文件", f"up-{value}.csv", body)
                _record(
                    samples,
                    "reporter",
                    PageRun("upload (preview)", run.seconds, 0, 0, exceptions=run.exceptions, status=run.status),
                )
                run = await s.click("确认提交")
                _record(
                    samples,
                    "reporter",
                    PageRun("upload (commit)", run.seconds, 0, 0, exceptions=run.exceptions, status=run.status),
                )
                batch = next((t for t in run.texts if "已提交批次" in t), None)
                if batch:
                    committed.append((int(batch.split("已提交批次", 1)[1].split("：", 1)[0].strip()), value))
                await s.open("upload", "lang=zh")  # a fresh uploader for the next file
                await asyncio.sleep(every)
    except Exception as e:  # any failure of a session (refused, timed out, closed) is an error counted
        samples.append(Sample("reporter", "session", 0.0, False, f"{type(e).__name__}: {e}"[:300]))


async def administrator(url: str, stop: float, think: tuple[float, float], samples: list[Sample]) -> None:
    rnd = random.Random(99)
    try:
        async with ProtocolSession(url) as s:
            await s.sign_in(*ADMIN)
            while time.monotonic() < stop:
                for page in ("history", "periods", "completeness"):
                    _record(samples, "admin", await s.open(page, "lang=zh"))
                    await asyncio.sleep(rnd.uniform(*think))
    except Exception as e:  # any failure of a session (refused, timed out, closed) is an error counted
        samples.append(Sample("admin", "session", 0.0, False, f"{type(e).__name__}: {e}"[:300]))


async def _sample_rss(pids: list[int], stop: float, peak: list[int]) -> None:
    while time.monotonic() < stop:
        peak[0] = max(peak[0], sum(rss_bytes(p) for p in pids))
        await asyncio.sleep(0.5)


def lost_writes(db: str, committed: list[tuple[int, int]]) -> int:
    """Committed uploads whose batch is missing, plus one if the figure does not hold the last value committed."""
    from db import figures as stored
    from db import open_store
    from services import history

    if not committed:
        return 0
    store = open_store(db, migrate=False)
    batches = {b.id for b in history.batches(store, 2024)}
    lost = sum(1 for batch, _ in committed if batch not in batches)
    with store.connect() as conn:
        now = stored.stored(conn, 2024).get((WRITE_CODE, "province", int(WRITE_MONTH[-2:])))
    if now is None or now.value != committed[-1][1]:
        lost += 1
    return lost


async def run_app(
    url: str, sessions: int, seconds: float, think: tuple[float, float]
) -> tuple[list[Sample], list[tuple[int, int]]]:
    """The officials, the reporter and the administrator against the app, for `seconds`."""
    stop = time.monotonic() + seconds
    samples: list[Sample] = []
    committed: list[tuple[int, int]] = []
    tasks = [official(url, n, stop, think, samples) for n in range(sessions)]
    tasks += [reporter(url, stop, max(think[1], 5.0), samples, committed), administrator(url, stop, think, samples)]
    await asyncio.gather(*tasks)
    return samples, committed


async def run_floor(url: str, sessions: int, seconds: float, think: tuple[float, float]) -> list[Sample]:
    stop = time.monotonic() + seconds
    floor: list[Sample] = []
    await asyncio.gather(*(floor_user(url, n, stop, think, floor) for n in range(sessions)))
    return floor


async def warm_up(app_urls: list[str], floor_url: str) -> None:
    """One visit of each page to each fresh server first, as the first visitor of a morning would pay: imports,
    the plan and the first status are a server's start, not a page's time."""
    for url in app_urls:
        async with ProtocolSession(url) as s:
            await s.sign_in(*VIEWER)
            for page in ("", "task", "regions", ""):
                await s.open(page, "lang=zh")
    async with ProtocolSession(floor_url) as s:
        await s.open("", "")


async def _drive(
    apps: list[AppServer],
    floor_app: AppServer,
    sessions: int,
    seconds: float,
    think: tuple[float, float],
    floor_mode: str,
) -> tuple[list[Sample], list[Sample], list[tuple[int, int]], int, int, dict[str, int], float]:
    """One level: the sessions against the app (through the balancer if several servers) and the floor."""
    await warm_up([a.url for a in apps], floor_app.url)
    pids = [a.process.pid for a in apps]
    rss_before = sum(rss_bytes(p) for p in pids)
    peak = [rss_before]
    balancer = None
    url = apps[0].url
    if len(apps) > 1:
        balancer = await Balancer([("127.0.0.1", a.port) for a in apps]).start()
        url = balancer.url
    sampler = asyncio.create_task(_sample_rss(pids, time.monotonic() + seconds + 30, peak))
    cpu0, wall0 = time.process_time(), time.monotonic()
    try:
        if floor_mode == "with":
            (samples, committed), floor = await asyncio.gather(
                run_app(url, sessions, seconds, think), run_floor(floor_app.url, sessions, seconds, think)
            )
        else:
            samples, committed = await run_app(url, sessions, seconds, think)
        generator = (time.process_time() - cpu0) / (time.monotonic() - wall0)
    finally:
        sampler.cancel()
        if balancer:
            await balancer.stop()
    if floor_mode != "with":
        floor = await run_floor(floor_app.url, sessions, seconds, think)
    spread = {f"{h}:{p}": n for (h, p), n in (balancer.connections.items() if balancer else [])}
    return samples, floor, committed, rss_before, peak[0], spread, generator


def measure(
    db: str,
    store_kind: str,
    servers: int,
    levels: list[int],
    seconds: float,
    think: tuple[float, float],
    log_dir: Path,
    floor_mode: str = "after",
) -> list[Level]:
    results: list[Level] = []
    for sessions in levels:
        apps: list[AppServer] = [start_app(db, None, log_dir=log_dir) for _ in range(servers)]
        floor_app = start_app(db, None, script=FLOOR, log_dir=log_dir)
        try:
            samples, floor, committed, rss_before, peak, spread, generator = asyncio.run(
                _drive(apps, floor_app, sessions, seconds, think, floor_mode)
            )
        finally:
            for a in [*apps, floor_app]:
                a.stop()
        times = [s.seconds for s in samples if s.ok]
        ftimes = [s.seconds for s in floor if s.ok]
        errors = [s for s in samples + floor if not s.ok]
        by_page: dict[str, dict[str, float]] = {}
        for page in sorted({s.page for s in samples}):
            ts = [s.seconds for s in samples if s.page == page and s.ok]
            by_page[page] = {"n": len(ts), "p50": pct(ts, 0.5), "p95": pct(ts, 0.95)}
        level = Level(
            store=store_kind,
            servers=servers,
            sessions=sessions,
            pages=len(samples),
            errors=len(errors),
            p50=pct(times, 0.5),
            p95=pct(times, 0.95),
            p99=pct(times, 0.99),
            floor_p50=pct(ftimes, 0.5),
            floor_p95=pct(ftimes, 0.95),
            floor_p99=pct(ftimes, 0.99),
            rss_before_mb=rss_before / 2**20,
            rss_peak_mb=peak / 2**20,
            mb_per_session=(peak - rss_before) / 2**20 / sessions,
            writes_committed=len(committed),
            writes_lost=lost_writes(db, committed),
            think=think,
            seconds=seconds,
            floor_mode=floor_mode,
            generator_cpu=round(generator, 3),
            error_samples=sorted({f"{e.who} {e.page}: {e.error}" for e in errors})[:10],
            by_page=by_page,
        )
        if spread:
            level.by_page["(balancer connections)"] = spread
        results.append(level)
        print(json.dumps(asdict(level), ensure_ascii=False), flush=True)
    return results


def fresh_demo(kind: str, work: Path) -> tuple[str, object | None]:
    """A database holding the demo, made for this run: a DuckDB file, or a database on a throwaway cluster."""
    import subprocess

    cluster = None
    if kind == "postgres":
        from bench.pg import database, start

        cluster = start()
        db = database(cluster, "crowd")
    else:
        path = work / "crowd.duckdb"
        path.unlink(missing_ok=True)
        db = str(path)
    subprocess.run([sys.executable, "-m", "targets", "--db", db, "demo"], cwd=ROOT, check=True, capture_output=True)
    return db, cluster


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("db", help="DuckDB file or postgresql:// URL holding the demo; duckdb or postgres: a fresh demo")
    ap.add_argument("--servers", type=int, default=1)
    ap.add_argument("--sessions", type=int, nargs="+", default=[10])
    ap.add_argument("--seconds", type=float, default=60.0, help="how long each level runs")
    ap.add_argument(
        "--think", type=float, nargs=2, default=(5.0, 15.0), metavar=("MIN", "MAX"), help="seconds between pages"
    )
    ap.add_argument("--floor", choices=("after", "with"), default="after", help="the floor after the app, or with it")
    ap.add_argument("--json", type=Path, help="write the levels here")
    ap.add_argument("--log-dir", type=Path, default=Path("/tmp/crowd-logs"))
    args = ap.parse_args(argv)
    args.log_dir.mkdir(parents=True, exist_ok=True)
    cluster = None
    db = args.db
    if db in ("duckdb", "postgres"):
        db, cluster = fresh_demo(db, args.log_dir)
    kind = "postgres" if db.startswith("postgresql://") else "duckdb"
    if args.servers > 1 and kind == "duckdb":
        ap.error("two or more servers need PostgreSQL: a DuckDB file has one writer process")
    try:
        levels = measure(
            db, kind, args.servers, args.sessions, args.seconds, tuple(args.think), args.log_dir, args.floor
        )
    finally:
        if cluster is not None:
            cluster.stop()  # type: ignore[attr-defined]
    if args.json:
        args.json.write_text(json.dumps([asdict(x) for x in levels], ensure_ascii=False, indent=1))
    for x in levels:
        print(
            f"{x.store} ×{x.servers} {x.sessions:>4} sessions: p50 {x.p50 * 1000:.0f} ms, p95 {x.p95 * 1000:.0f} ms, "
            f"p99 {x.p99 * 1000:.0f} ms (floor p95 {x.floor_p95 * 1000:.0f} ms); {x.errors} errors of {x.pages}; "
            f"{x.mb_per_session:.1f} MB/session; writes {x.writes_committed}, lost {x.writes_lost}; "
            f"generator {x.generator_cpu:.2f} CPU"
        )


if __name__ == "__main__":
    main()
