"""The PDF briefing's lagging table across pages: no page holds a lone row (read back page by page with pdftotext)."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from targets.catalogue import load_bundled
from targets.demo import demo_figures, demo_trajectories
from targets.exports import ExportContext, pdf
from tests.unit.test_exports import view_of

weasyprint = pytest.importorskip("weasyprint")
pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")


@pytest.fixture(scope="module")
def demo():
    plan = load_bundled(2024)
    figures = {(f.indicator_code, f.region_code, f.month): f.value for f in demo_figures(plan)}
    return plan, figures


def lagging_more(plan, figures, extra: int) -> ExportContext:
    """The demo with `extra` more tasks far behind (10% of the target in September): a longer lagging table."""
    figures = dict(figures)
    tasks = [t for t in plan.tasks if any(i.is_scheduled for i in plan.indicators_of(t.code))]
    for task in tasks[:extra]:
        for ind in plan.indicators_of(task.code):
            if ind.is_scheduled:
                figures[(ind.code, "province", 9)] = round(ind.target * 0.1)
    return ExportContext.from_view(view_of(plan, figures, 9, demo_trajectories(plan)), is_demo=True)


def rows_per_page(ctx: ExportContext, tmp_path) -> list[int]:
    """How many of the table's rows each page shows (a row is found by its task name, which is not split)."""
    path = tmp_path / "briefing.pdf"
    path.write_bytes(weasyprint.HTML(string=pdf.html(ctx, [])).write_pdf())
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    names = [ctx.plan.task(ts.code).name.zh[:6] for ts in ctx.status.lagging_tasks()]
    counts = []
    for page in range(1, pages + 1):
        text = subprocess.run(
            ["pdftotext", "-f", str(page), "-l", str(page), str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
        flat = re.sub(r"\s+", "", text)
        counts.append(sum(name in flat for name in names))
    assert sum(counts) == len(names)  # every row once
    return counts


# Table lengths around the page breaks (with this layout, 10 and 20 rows once left one row on the next page).
@pytest.mark.parametrize("extra", [1, 2, 3, 19, 20, 21, 22])
def test_no_page_of_the_briefing_holds_a_lone_row_of_the_lagging_table(demo, extra, tmp_path):
    ctx = lagging_more(*demo, extra)
    counts = [n for n in rows_per_page(ctx, tmp_path) if n]
    assert len(ctx.status.lagging_tasks()) > 2
    assert 1 not in counts, counts
