"""What the benchmark measures, each beside its baseline; run inside a worker process (bench.worker).

Every case returns the functions to time by name ("baseline" first) and facts about the work (cells,
rows) for the throughput figures. Each function checks that it did the real work (the page rendered
its cards, the import committed every row), so a broken build cannot pass as a fast one.
"""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.measure import Timed, stopwatch

ROOT = Path(__file__).resolve().parent.parent
FLOOR_PAGE = ROOT / "bench" / "floor_page.py"


@dataclass
class Context:
    db: str  # the database measured: a DuckDB file or a postgresql:// URL
    work: Path  # a scratch folder of this run
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class Case:
    fns: dict[str, Timed]  # "baseline" and the measured functions, timed interleaved
    facts: dict[str, Any] = field(default_factory=dict)
    cleanup: Callable[[], None] | None = None


# --- the overview page against a bare page -------------------------------------------------------


def page(ctx: Context) -> Case:
    """AppTest of app.py (its default page is the overview) against AppTest of a page with a title only.

    warm: a new session while the cached reads hold (every visitor after the first);
    cold: the first run after a write, as this server sees it: a new data-version stamp in the database and
    its cached reads cleared (ui.context.bump), so the status is loaded and computed again.
    """
    from streamlit.testing.v1 import AppTest

    from db.meta import bump_data_version
    from db.store import Store
    from ui.context import bump

    os.environ["LIVELIHOOD_DB"] = ctx.db
    os.chdir(ROOT)
    store = Store(ctx.db)

    from bench.signin import bench_session

    cookie = bench_session(ctx.db)

    def run(script: Path, check: Callable[[AppTest], None], *, clear: bool = False) -> float:
        at = AppTest.from_file(str(script), default_timeout=300)
        at.session_state["auth_session"] = cookie  # signed in, as the sign-in page would leave a visitor
        if clear:
            with store.transaction() as conn:
                bump_data_version(conn)
            bump()  # what a write from this server does: cached reads and the remembered stamp forgotten
        with stopwatch() as sw:
            at.run()
        if at.exception:
            raise AssertionError(f"{script.name} raised: {at.exception}")
        check(at)
        return sw.seconds

    def floor_ok(at: AppTest) -> None:
        assert at.title[0].value.endswith("floor"), at.title

    def overview_ok(at: AppTest) -> None:
        assert len(at.metric) == 5, f"the overview shows {len(at.metric)} status cards, not 5"
        assert str(ctx.params.get("year", "")) in at.title[0].value, at.title[0].value

    uploads = iter(range(1, 10**6))

    def after_upload() -> float:
        """A real write before the run: one indicator's September across every region (a department's upload,
        committed through the same service as the upload page), then the page as its next visitor sees it."""
        upload_month(store, int(ctx.params.get("year", 2024)), next(uploads))
        bump()
        return run(ROOT / "app.py", overview_ok)

    fns: dict[str, Timed] = {
        "baseline": lambda: run(FLOOR_PAGE, floor_ok),
        "warm": lambda: run(ROOT / "app.py", overview_ok),
        "cold": lambda: run(ROOT / "app.py", overview_ok, clear=True),
        "upload": after_upload,
    }
    if store.kind == "postgres" and ctx.params.get("extension"):
        # The same runs with the page's reads through DuckDB's postgres extension (the default reads over psycopg,
        # db.native), interleaved with the rest: the figures behind that choice.
        for name in ("warm", "cold", "upload"):
            fns[f"{name}_extension"] = _reading_through(fns[name], "extension")
    return Case(fns)


def _reading_through(fn: Timed, reads: str) -> Timed:
    from db import native

    def timed() -> float:
        os.environ[native.ENV_VAR] = reads
        try:
            return fn()
        finally:
            os.environ.pop(native.ENV_VAR, None)

    return timed


def upload_month(store, year: int, n: int) -> None:
    """Commit one indicator's September figure for every region, each value moved by n (so each upload changes them)."""
    from bench.synth import region_name, upload_csv
    from db.catalogue import load_plan
    from db.sql import records
    from services.uploads import commit_upload, preview_upload

    with store.connect() as conn:
        plan = load_plan(conn, year)
        regions = [r["code"] for r in records(conn, "region_codes", {}) if r["code"] != "province"]
    code = next(i.code for i in plan.indicators if i.kind.value == "count")
    rows = [(code, region_name(r), f"{year}-09", 1000 + n + i) for i, r in enumerate(sorted(regions))]
    preview = preview_upload(store, upload_csv(rows), f"bench-upload-{n}.csv")
    result = commit_upload(store, preview, actor="bench", confirm_warnings=True)
    if not result.committed:
        raise AssertionError(f"the bench upload was not committed: {result.message_en}")


# --- the status of every indicator, province and all regions -------------------------------------


def status(ctx: Context) -> Case:
    """load_status (read + province status), every region's own status, and the ranking; against a plain
    read of the same figures summed per region and indicator in a Python loop."""
    from db.sql import q
    from db.store import Store
    from services.status import forget_kept, load_status

    store = Store(ctx.db)
    probe = load_status(store)
    year, cells = probe.plan.year, len(probe.figures)
    regions = sorted({r for (_, r, _) in probe.figures if r != "province"})

    def baseline() -> float:
        with stopwatch() as sw:
            with store.connect() as conn:
                rows = conn.execute(q("figures_of_year"), {"year": year}).fetchall()
            sums: dict[tuple[str, str], float] = {}
            for code, region, _month, value, _rev in rows:
                sums[(code, region)] = sums.get((code, region), 0.0) + value
        assert len(rows) == cells
        return sw.seconds

    def everything() -> dict[str, float]:
        forget_kept()  # the status from a full read of the figures, as the baseline reads them
        with stopwatch() as load:
            view = load_status(store)
        with stopwatch() as own:
            statuses = [view.regional(r) for r in regions]
        with stopwatch() as ranked:
            ranking = view.ranking()
        assert view.status is not None and len(view.status.indicators) == len(view.plan.indicators)
        assert all(s is not None for s in statuses)
        assert ranking is not None and len(ranking.regions) == len(regions)
        return {
            "total": load.seconds + own.seconds + ranked.seconds,
            "load_status (read + province)": load.seconds,
            "every region's own status": own.seconds,
            "ranking (two months)": ranked.seconds,
        }

    return Case(
        {"baseline": baseline, "subject": everything},
        facts={"cells": cells, "regions": len(regions), "indicators": len(probe.plan.indicators)},
    )


# --- an import of a large file into a fresh database -----------------------------------------------


def _fresh_copy(template: str, work: Path, n: int) -> tuple[str, Callable[[], None]]:
    """A fresh database copied from the template: a file copy, or CREATE DATABASE … TEMPLATE on PostgreSQL."""
    if template.startswith(("postgresql://", "postgres://")):
        from bench.pg import cluster_of

        cluster, name = cluster_of(template)
        url = cluster.new_database(template=name)
        return url, lambda: cluster.drop_database(url)
    target = work / f"import-{n}.duckdb"
    shutil.copyfile(template, target)
    return str(target), lambda: target.unlink(missing_ok=True)


def importing(ctx: Context, fmt: str) -> Case:
    """preview_upload + commit_upload of a long-layout file (code, region, month, cumulative) into a fresh copy
    of a database holding the plan and nothing else; against pandas reading the same bytes (read_csv, or
    read_excel with openpyxl)."""
    import pandas as pd

    from db.store import Store
    from services.uploads import commit_upload, preview_upload

    data = Path(ctx.params["file"]).read_bytes()
    rows, columns = int(ctx.params["rows"]), int(ctx.params["columns"])
    name = f"bench.{fmt}"
    counter = iter(range(1_000_000))

    def plain() -> float:
        with stopwatch() as sw:
            if fmt == "csv":
                frame = pd.read_csv(io.BytesIO(data))
            else:
                frame = pd.read_excel(io.BytesIO(data), engine="openpyxl")
        assert len(frame) == rows
        return sw.seconds

    def tracker() -> dict[str, float]:
        target, drop = _fresh_copy(ctx.db, ctx.work, next(counter))
        try:
            store = Store(target)
            with stopwatch() as preview_time:
                preview = preview_upload(store, data, name)
            assert not preview.errors, [i.message_en for i in preview.errors[:3]]
            with stopwatch() as commit_time:
                result = commit_upload(store, preview, actor="bench", confirm_warnings=True)
            assert result.committed and preview.plan.counts()["new"] == rows, preview.plan.counts()
            with store.connect() as conn:
                assert conn.execute("SELECT count(*) FROM figures").fetchone()[0] == rows
        finally:
            drop()
        return {
            "total": preview_time.seconds + commit_time.seconds,
            "preview": preview_time.seconds,
            "commit": commit_time.seconds,
        }

    return Case(
        {"baseline": plain, "subject": tracker},
        facts={"rows": rows, "cells": (rows + 1) * columns, "bytes": len(data)},
    )


# --- the press pack --------------------------------------------------------------------------------


def _press_context(db: str):
    from db.store import Store
    from services.status import load_status
    from targets.exports import ExportContext

    view = load_status(Store(db))
    return ExportContext.from_view(view, is_demo=False, lang="zh")


def press(ctx: Context) -> Case:
    """XLSX + DOCX + PDF for the newest plan-year (as the export page builds them), the chart server warm;
    against the same three libraries writing a one-line file each and kaleido drawing two one-bar charts."""
    from targets.exports import build
    from targets.exports.images import ensure_server

    export_ctx = _press_context(ctx.db)
    ensure_server()

    def pack() -> dict[str, float]:
        phases = {}
        for fmt in ("xlsx", "docx", "pdf"):
            with stopwatch() as sw:
                data = build(fmt, export_ctx)
            assert len(data) > 1000, fmt
            phases[fmt] = sw.seconds
        return {"total": sum(phases.values()), **phases}

    return Case(
        {"baseline": library_floor, "subject": pack},
        facts={"indicators": len(export_ctx.plan.indicators), "regions": len(export_ctx.regions)},
    )


def library_floor() -> float:
    """A one-line XLSX (XlsxWriter), DOCX (python-docx) and PDF (WeasyPrint) with two trivial SVG charts (kaleido)."""
    import docx
    import plotly.graph_objects as go
    import weasyprint
    import xlsxwriter

    from targets.exports.images import render

    with stopwatch() as sw:
        buf = io.BytesIO()
        book = xlsxwriter.Workbook(buf, {"in_memory": True})
        book.add_worksheet("进度").write(0, 0, "民生实事")
        book.close()
        document = docx.Document()
        document.add_paragraph("民生实事")
        document.save(io.BytesIO())
        charts = [render(go.Figure(go.Bar(x=["甲"], y=[n])), "svg") for n in (1, 2)]
        html = "<p>民生实事</p>" + "".join(f"<div>{len(c)}</div>" for c in charts)
        pdf = weasyprint.HTML(string=html).write_pdf()
    assert pdf.startswith(b"%PDF")
    return sw.seconds


def press_cold(ctx: Context) -> Case:
    """The first press pack of a fresh process: imports of the export libraries and the chart server's start."""

    def first() -> dict[str, float]:
        from targets.exports import build

        export_ctx = _press_context(ctx.db)
        phases = {}
        for fmt in ("xlsx", "docx", "pdf"):
            with stopwatch() as sw:
                build(fmt, export_ctx)
            phases[fmt] = sw.seconds
        return {"total": sum(phases.values()), **phases}

    return Case({"subject": first})


CASES: dict[str, Callable[[Context], Case]] = {
    "page": page,
    "status": status,
    "import_csv": lambda ctx: importing(ctx, "csv"),
    "import_xlsx": lambda ctx: importing(ctx, "xlsx"),
    "press": press,
    "press_cold": press_cold,
}
