"""The press exports read back with independent readers: openpyxl, csv, python-docx, pdftotext/pdftoppm."""

from __future__ import annotations

import csv
import dataclasses
import io
import re
import shutil
import subprocess
import zipfile
from datetime import datetime

import openpyxl
import pytest
from docx import Document
from docx.oxml.ns import qn

from targets.catalogue import load_bundled
from targets.demo import demo_figures, demo_trajectories
from targets.exports import ExportContext, build, chart_names, file_name, images
from targets.exports.images import browser_path
from targets.exports.safe import cell, csv_bytes, neutralise
from targets.figures import province_view
from targets.model import Text
from targets.status import STATUS_COLORS, Settings, compute_status, label
from targets.status_view import StatusView

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
INJECTED_INDICATOR = '=HYPERLINK("http://x","y")'
INJECTED_TASK = "-2+3"
INJECTED_LEAD = "@SUM(1)"
LAST_CHANGE = datetime(2024, 10, 5, 8, 12)  # UTC: 16:12 in Beijing

needs_chromium = pytest.mark.skipif(browser_path() is None, reason="chart images need Chromium")
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")


def view_of(plan, figures, as_of, trajectories=None):
    """What services.status.load_status returns, without a database."""
    prov = province_view(plan, figures)
    ps = compute_status(plan, prov.series, as_of, trajectories=trajectories or {})
    return StatusView(plan, ps, as_of, None, "province", prov, figures, LAST_CHANGE, Settings(), {}, trajectories or {})


@pytest.fixture(scope="module")
def demo_view():
    plan = load_bundled(2024)
    figures = {(f.indicator_code, f.region_code, f.month): f.value for f in demo_figures(plan)}
    return view_of(plan, figures, 9, demo_trajectories(plan))


@pytest.fixture(scope="module")
def ctx(demo_view):
    return ExportContext.from_view(demo_view, is_demo=True, lang="zh")


@pytest.fixture(scope="module")
def injected_ctx(demo_view):
    """The demo with formula-like text in an indicator name, a task name and a lead department."""
    plan = demo_view.plan
    indicators = tuple(
        dataclasses.replace(i, name=Text(INJECTED_INDICATOR, "@SUM(1)"), lead_unit=INJECTED_LEAD)
        if i.code == "ELD-02-1"
        else i
        for i in plan.indicators
    )
    tasks = tuple(
        dataclasses.replace(t, name=Text(INJECTED_TASK, "+1")) if t.code == "EMP-01" else t for t in plan.tasks
    )
    bad = dataclasses.replace(plan, indicators=indicators, tasks=tasks)
    return ExportContext.from_view(view_of(bad, demo_view.figures, 9), is_demo=False, lang="zh")


# --- neutralisation ------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["=1+1", "+1", "-2+3", "@SUM(1)", "\t=1", "\r=1", INJECTED_INDICATOR])
def test_text_that_a_spreadsheet_would_read_as_a_formula_gets_a_leading_quote(text):
    assert neutralise(text) == "'" + text
    assert cell(text) == "'" + text


@pytest.mark.parametrize("value", [-2, 3.5, 0, -0.25, 1e6])
def test_real_numbers_stay_numbers(value):
    assert cell(value) == value and type(cell(value)) is type(value)


def test_harmless_text_and_blanks_are_left_alone():
    assert cell("已完成") == "已完成" and cell("a=b") == "a=b" and cell(None) is None
    assert cell(float("nan")) is None and cell(True) == "true"


def test_csv_fields_are_quoted_and_neutralised_and_numbers_bare():
    data = csv_bytes([["名称", "值"], ['=HYPERLINK("http://x","y")', -2], ["-2+3", 1.5]])
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert '"\'=HYPERLINK(""http://x"",""y"")",-2\r\n' in text
    assert '"\'-2+3",1.5' in text
    assert list(csv.reader(io.StringIO(text)))[1] == ['\'=HYPERLINK("http://x","y")', "-2"]


# --- XLSX ----------------------------------------------------------------------------------------


def workbook(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))


def header_row(ws, first: str = "编号") -> int:
    return next(r for r in range(1, 12) if ws.cell(r, 1).value == first)


def test_xlsx_has_the_overview_each_area_the_indicators_the_lagging_list_and_the_regions(ctx):
    wb = workbook(build("xlsx", ctx))
    areas = [a.name.zh for a in ctx.plan.areas]
    assert wb.sheetnames == ["概览", *areas, "全部指标", "慢序时事项", "各地区"]
    overview = wb["概览"]
    texts = [c.value for row in overview.iter_rows() for c in row if isinstance(c.value, str)]
    assert "2024年全省民生实事进展情况" in texts
    assert any(
        "数据截至2024年9月底" in t
        and "数据最后更新：2024-10-05 16:12（北京时间）" in t
        and "口径：最新报送数据（含未审核）" in t
        for t in texts
    )
    assert any(t.startswith("演示数据 / sample data") for t in texts)
    assert "已收录25 / 50项任务" in texts
    assert len(overview._charts) == 2  # native charts: tasks by status, progress by area


def test_xlsx_status_counts_are_numbers_beside_the_status_in_words_with_its_colour(ctx):
    ws = workbook(build("xlsx", ctx))["概览"]
    s = ctx.status.summary
    expected = {
        "已完成": s.done,
        "超序时": s.ahead,
        "按序时": s.on_pace,
        "慢序时（黄灯）": s.lagging_amber,
        "慢序时（红灯）": s.lagging_red,
        "未填报": s.no_data,
        "合计": s.total_catalogued,
    }
    found = {}
    for row in ws.iter_rows(max_col=2):
        if row[0].value in expected and isinstance(row[1].value, int):
            found[row[0].value] = row[1].value
            if row[0].value == "已完成":
                assert row[0].fill.fgColor.rgb.endswith(STATUS_COLORS["done"].lstrip("#").upper())
    assert found == expected


def test_xlsx_indicators_sheet_has_numbers_as_numbers_statuses_in_words_and_frozen_headers(ctx):
    ws = workbook(build("xlsx", ctx))["全部指标"]
    top = header_row(ws)
    headers = [c.value for c in ws[top]]
    assert ws.freeze_panes == f"B{top + 1}"
    assert ws.auto_filter.ref.startswith(f"A{top}")
    col = {h: i for i, h in enumerate(headers)}
    rows = {r[0].value: r for r in ws.iter_rows(min_row=top + 1) if r[0].value}
    assert list(rows) == [i.code for i in ctx.status.indicators]
    for ist in ctx.status.indicators:
        row = rows[ist.code]
        assert row[col["全年目标"]].value == ist.target and row[col["全年目标"]].data_type == "n"
        if ist.actual is not None:
            assert row[col["累计完成"]].value == ist.actual and row[col["累计完成"]].data_type == "n"
            assert row[col["完成进度"]].value == pytest.approx(ist.progress)
            assert row[col["完成进度"]].number_format == "0.0%"
        status_cell = row[col["状态"]]
        assert status_cell.value.startswith(label(ist.status, "zh"))
        assert status_cell.fill.fgColor.rgb.endswith(STATUS_COLORS[ist.style].lstrip("#").upper())
        assert row[col["说明"]].value == ist.explanation("zh")


def test_xlsx_lagging_sheet_lists_the_lagging_tasks_worst_first(ctx):
    ws = workbook(build("xlsx", ctx))["慢序时事项"]
    top = next(r for r in range(1, 12) if ws.cell(r, 1).value == "序号")
    codes = [ws.cell(r, 2).value for r in range(top + 1, ws.max_row + 1) if ws.cell(r, 2).value]
    assert codes == [ts.code for ts in ctx.status.lagging_tasks()]
    assert ws.freeze_panes == f"A{top + 1}"


def test_xlsx_regions_sheet_has_each_regions_latest_figure_and_marks_earlier_months(ctx):
    ws = workbook(build("xlsx", ctx))["各地区"]
    top = header_row(ws)
    headers = [c.value for c in ws[top]]
    assert headers[:4] == ["编号", "指标", "单位", "全省"] and "长春市" in headers and "长白山保护开发区" in headers
    rows = {r[0].value: r for r in ws.iter_rows(min_row=top + 1) if r[0].value}
    changchun = headers.index("长春市")
    cbs = headers.index("长白山保护开发区")
    region = {r.code: r for r in ctx.regions}
    month, value = region["220100"].latest["EMP-01-1"]
    assert (month, rows["EMP-01-1"][changchun].value) == (9, value)
    # 长白山 has not reported September in the demo: its August figure, with a note saying so.
    month, value = region["CBS"].latest["EMP-01-1"]
    assert month == 8 and rows["EMP-01-1"][cbs].value == value
    assert "8月底" in rows["EMP-01-1"][cbs].comment.text
    assert ws.freeze_panes == f"C{top + 1}"


def test_xlsx_formula_like_text_comes_back_as_text_with_a_quote_never_a_formula(injected_ctx):
    data = build("xlsx", injected_ctx)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/sheet"):
                assert "<f>" not in z.read(name).decode("utf-8"), name
    wb = workbook(data)
    seen = set()
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", (ws.title, c.coordinate, c.value)
                if isinstance(c.value, str):
                    assert not c.value.startswith(TRIGGERS), (ws.title, c.coordinate, c.value)
                    if c.value in ("'" + INJECTED_INDICATOR, "'" + INJECTED_TASK, "'" + INJECTED_LEAD):
                        seen.add(c.value)
    assert seen == {"'" + INJECTED_INDICATOR, "'" + INJECTED_TASK, "'" + INJECTED_LEAD}
    ws = wb["全部指标"]
    top = header_row(ws)
    row = next(r for r in ws.iter_rows(min_row=top + 1) if r[0].value == "ELD-02-1")
    assert row[3].value == "'" + INJECTED_INDICATOR and row[5].data_type == "n"


def test_xlsx_in_english_names_its_sheets_and_statuses_in_english(ctx):
    wb = workbook(build("xlsx", ctx.with_lang("en")))
    assert wb.sheetnames[0] == "Overview" and "Indicators" in wb.sheetnames and "Employment" in wb.sheetnames
    texts = [c.value for row in wb["Overview"].iter_rows() for c in row if isinstance(c.value, str)]
    assert "Lagging (Red)" in texts
    assert any(t.startswith("Figures as of the end of September 2024") for t in texts)
    assert any(t.startswith("Sample data / 演示数据") for t in texts)


def test_xlsx_is_the_same_bytes_for_the_same_data(ctx):
    assert build("xlsx", ctx) == build("xlsx", ctx)


# --- CSV -----------------------------------------------------------------------------------------


def read_csv(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # so Excel opens it as UTF-8
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_lists_every_indicator_with_status_as_of_and_sample_flag(ctx):
    rows = read_csv(build("csv", ctx))
    assert [r["编号"] for r in rows] == [i.code for i in ctx.status.indicators]
    for r, ist in zip(rows, ctx.status.indicators, strict=True):
        assert r["状态"].startswith(label(ist.status, "zh"))
        assert float(r["全年目标"]) == ist.target
        if ist.actual is not None:
            assert float(r["累计完成"]) == ist.actual
            assert float(r["完成进度"]) == pytest.approx(ist.progress, abs=1e-4)
        assert (r["截至月份"], r["演示数据"], r["数据最后更新（北京时间）"]) == ("2024-09", "是", "2024-10-05 16:12")
        assert r["数据口径"] == "最新报送数据"


def test_every_format_states_the_months_coverage_and_marks_figures_carried_forward(demo_view):
    figures = {**demo_view.figures, ("ELD-02-1", "province", 10): 1000.0}  # one early October figure
    october = ExportContext.from_view(view_of(demo_view.plan, figures, 10), is_demo=True)
    rows = read_csv(build("csv", october))
    assert {r["本月填报情况"] for r in rows} == {"10月：已报 1 / 31 项指标"}
    marked = {r["编号"]: r["沿用数据"] for r in rows}
    assert marked["ELD-02-1"] == "" and marked["EMP-01-1"] == "沿用9月数据"
    assert all("沿用9月数据" in r["说明"] for r in rows if r["沿用数据"])
    assert {r["全省数口径"] for r in rows if r["编号"] == "ELD-02-1"} == {"直接填报"}
    sheet_texts = [c.value for row in workbook(build("xlsx", october))["概览"].iter_rows() for c in row]
    assert any(isinstance(t, str) and "；10月：已报 1 / 31 项指标；" in t for t in sheet_texts)
    paragraphs = [p.text for p in Document(io.BytesIO(build("docx", october))).paragraphs]
    assert any(t.startswith("数据截至2024年10月底；10月：已报 1 / 31 项指标；") for t in paragraphs)
    english = [p.text for p in Document(io.BytesIO(build("docx", october.with_lang("en")))).paragraphs]
    assert any("October: 1 of 31 indicators reported." in t for t in english)


def test_files_built_from_approved_months_say_so_in_every_format(demo_view):
    approved = ExportContext.from_view(dataclasses.replace(demo_view, approved_only=True), is_demo=True)
    assert {r["数据口径"] for r in read_csv(build("csv", approved))} == {"仅已审核数据"}
    sheet_texts = [c.value for row in workbook(build("xlsx", approved))["概览"].iter_rows() for c in row]
    assert any(isinstance(t, str) and t.endswith("；口径：仅已审核数据") for t in sheet_texts)
    paragraphs = [p.text for p in Document(io.BytesIO(build("docx", approved))).paragraphs]
    assert any(t.endswith("；口径：仅已审核数据。") for t in paragraphs)
    english = [p.text for p in Document(io.BytesIO(build("docx", approved.with_lang("en")))).paragraphs]
    assert any(t.endswith("Figures: approved months only.") for t in english)
    assert not any("最新报送" in t for t in paragraphs)


def test_csv_neutralises_formula_like_text(injected_ctx):
    data = build("csv", injected_ctx)
    row = next(r for r in read_csv(data) if r["编号"] == "ELD-02-1")
    assert row["指标"] == "'" + INJECTED_INDICATOR and row["牵头单位"] == "'" + INJECTED_LEAD
    assert next(r for r in read_csv(data) if r["编号"] == "EMP-01-1")["任务"] == "'" + INJECTED_TASK
    assert '"\'=HYPERLINK(""http://x"",""y"")"' in data.decode("utf-8-sig")


# --- DOCX ----------------------------------------------------------------------------------------


def paragraphs(data: bytes) -> list[str]:
    return [p.text for p in Document(io.BytesIO(data)).paragraphs]


def test_press_release_sets_the_east_asian_fonts_on_its_styles(ctx):
    doc = Document(io.BytesIO(build("docx", ctx)))

    def east_asia(style: str) -> str | None:
        fonts = doc.styles[style].element.rPr.find(qn("w:rFonts"))
        assert fonts.get(qn("w:eastAsiaTheme")) is None
        return fonts.get(qn("w:eastAsia"))

    assert east_asia("Normal") == "宋体"
    assert east_asia("Title") == east_asia("Heading 1") == "黑体"
    section = doc.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)


# The press release itself: tests/unit/test_press_release.py.


# --- PDF and chart images ------------------------------------------------------------------------


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "briefing.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


@needs_chromium
@needs_poppler
def test_pdf_briefing_reads_back_with_the_counts_and_the_chinese_text(ctx, tmp_path):
    data = build("pdf", ctx)
    assert data.startswith(b"%PDF-")
    text = pdf_text(data, tmp_path)
    flat = re.sub(r"\s+", "", text)
    s = ctx.status.summary
    assert "2024年全省民生实事进展简报" in flat
    assert "数据截至2024年9月底" in flat and "数据最后更新：2024-10-0516:12（北京时间）" in flat
    assert "口径：最新报送数据（含未审核）" in flat
    assert "演示数据/sampledata" in flat
    assert f"已完成{s.done}项，超序时{s.ahead}项，按序时{s.on_pace}项，慢序时{s.lagging}项，未填报{s.no_data}项" in flat
    assert "慢序时事项" in flat
    for ts in ctx.status.lagging_tasks():  # a table cell may wrap: its name's start is on one line
        assert ctx.plan.task(ts.code).name.zh[:5] in flat
    assert "任务进展" in flat and "各方面平均完成进度与序时进度" in flat  # the charts' Chinese titles
    fonts = subprocess.run(["pdffonts", str(tmp_path / "briefing.pdf")], capture_output=True, text=True).stdout
    assert "Noto-Sans-CJK-SC" in fonts or "NotoSansCJK" in fonts
    # Page 1 as an image (look at it: docs/briefing-page1.png is one).
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(tmp_path / "briefing.pdf"), str(tmp_path / "page")],
        check=True,
    )
    page = next(tmp_path.glob("page*.png")).read_bytes()
    assert page.startswith(b"\x89PNG\r\n\x1a\n") and len(page) > 20_000


@needs_chromium
@needs_poppler
def test_pdf_briefing_in_english_without_sample_banner(ctx, tmp_path):
    real = dataclasses.replace(ctx, is_demo=False, lang="en")
    flat = re.sub(r"\s+", " ", pdf_text(build("pdf", real), tmp_path))
    assert "Provincial livelihood projects 2024: briefing" in flat
    assert "Figures as of the end of September 2024" in flat
    assert "Sample data" not in flat and "演示数据" not in flat


@needs_chromium
def test_chart_images_are_png_and_svg_with_chinese_labels(ctx):
    for chart in chart_names():
        png = build("png", ctx, chart=chart)
        assert png.startswith(b"\x89PNG\r\n\x1a\n"), chart
    svg = build("svg", ctx).decode("utf-8")
    assert svg.lstrip().startswith("<svg") and "已完成" in svg and "慢序时（红灯）" in svg
    assert "截至2024年9月底" in build("svg", ctx, chart="progress_by_area").decode("utf-8")


@needs_chromium
def test_warm_up_starts_the_chart_server_in_the_background_once():
    import kaleido

    thread = images.warm_up()
    if thread is not None:
        thread.join(60)
    assert kaleido._global_server.is_running()
    assert images.warm_up() is None  # already running: nothing more to start


def test_warm_up_without_a_browser_does_nothing(monkeypatch):
    import kaleido

    monkeypatch.setattr(kaleido._global_server, "is_running", lambda: False)
    monkeypatch.setattr(images, "browser_path", lambda: None)
    assert images.warm_up() is None


def test_file_names_are_in_the_readers_language_and_say_month_content_and_sample(ctx):
    assert file_name("pdf", ctx) == "民生实事进展_2024年9月_简报_演示数据.pdf"
    assert file_name("xlsx", dataclasses.replace(ctx, is_demo=False)) == "民生实事进展_2024年9月_进展表.xlsx"
    assert file_name("docx", dataclasses.replace(ctx, is_demo=False).with_lang("en")) == (
        "livelihood-progress_2024-09_press-release.docx"
    )
    assert file_name("svg", ctx.with_lang("en"), chart="progress_by_area") == (
        "livelihood-progress_2024-09_chart-progress-by-area_sample.svg"
    )
    assert file_name("png", ctx, chart="progress_by_area") == "民生实事进展_2024年9月_图表_各方面进度_演示数据.png"
    # a reader of one language building a file in the other: the name says which
    assert file_name("docx", ctx.with_lang("en"), lang="zh") == "民生实事进展_2024年9月_新闻通稿_英文版_演示数据.docx"
    assert file_name("csv", ctx, lang="en") == "livelihood-progress_2024-09_indicators_chinese_sample.csv"
    names = {file_name(f, ctx, chart=c) for f in ("xlsx", "csv", "docx", "pdf") for c in [None]}
    names |= {file_name(f, ctx, chart=c) for f in ("png", "svg") for c in chart_names()}
    assert len(names) == 4 + 2 * len(chart_names())  # every file its own name
    assert not any(ch in n for n in names for ch in '/\\:*?"<>|')
    with pytest.raises(ValueError):
        build("doc", ctx)
    with pytest.raises(ValueError):
        build("png", ctx, chart="pie")


def test_a_view_without_status_cannot_be_exported(demo_view):
    with pytest.raises(ValueError):
        ExportContext.from_view(dataclasses.replace(demo_view, status=None), is_demo=False)


def test_briefing_area_chart_labels_clear_the_schedule_marker(demo_view):
    """The PDF's area chart: each percentage starts right of the bar and of the schedule marker (issue 19)."""
    from targets.exports.charts import progress_by_area

    fig = progress_by_area(demo_view.plan, demo_view.status, "zh")
    marker = next(tr for tr in fig.data if tr.type == "scatter")
    expected = dict(zip(marker.y, marker.x, strict=True))
    bars = dict(zip(fig.data[0].y, fig.data[0].x, strict=True))
    labels = [a for a in fig.layout.annotations if a.name == "bar_label"]
    assert len(labels) == len(bars) and fig.data[0].text is None
    behind = [a.y for a in labels if a.x < max(bars[a.y], expected[a.y] or 0.0) or a.xshift <= 0]
    assert behind == []
    assert any((expected[a.y] or 0) > bars[a.y] for a in labels), "the demo has an area behind its schedule"
