"""The officials' dashboard (overview, area, task, completeness) through AppTest, on a hand-made upload whose
statuses are known, in both languages; the pages, load_status and `status --json` must agree."""

from __future__ import annotations

import json
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest

from db import open_store
from services.accounts import add_user
from services.corrections import correct_value
from services.setup import init_store
from services.status import load_status
from services.uploads import commit_upload, preview_upload
from targets.access import Role
from targets.catalogue import load_bundled
from targets.status import STATUS_COLORS
from tests.apptest.conftest import TESTER, new_app
from tests.conftest import ROOT

PLAN = load_bundled(2024)
REGIONS = ("220100", "220200", "220300", "220400", "220500", "220600", "220700", "220800", "222400", "CBS")

# Province figures (cumulative) chosen so that, as of September (expected 75%), each task has a known status.
PROVINCE_ROWS = [
    ("EMP-01-1", 3, 124000),  # March: 31% vs 25% -> ahead
    ("EMP-01-1", 9, 410000),  # done
    ("EMP-02-1", 9, 42),  # 84% -> ahead
    ("SOC-02-1", 9, 76000),  # 76% -> on pace
    ("SOC-03-1", 9, 7000),  # 70%, 5 points behind -> lagging amber
    ("SOC-04-1", 3, 400),  # March: 33% -> ahead
    ("SOC-04-1", 9, 600),  # 50%, 25 points behind -> lagging red
    ("ELD-02-1", 6, 900),  # on pace in September, but the recent pace misses 1,300 -> early warning
    ("ELD-02-1", 7, 950),
    ("ELD-02-1", 8, 980),
    ("ELD-02-1", 9, 1000),
]
# HEA-01-1 is reported by the regions only (the province figure is their sum); 长白山 (CBS) skips September.
REGION_ROWS = [("HEA-01-1", r, 8, 500) for r in REGIONS] + [("HEA-01-1", r, 9, 540) for r in REGIONS if r != "CBS"]

SEPTEMBER = {"done": 1, "ahead": 1, "on_pace": 3, "lagging": 2, "lagging_red": 1, "lagging_amber": 1, "no_data": 18}
MARCH = {"done": 0, "ahead": 2, "on_pace": 0, "lagging": 0, "no_data": 23}


def sheet() -> bytes:
    lines = ["指标编号,地区,月份,累计完成"]
    lines += [f"{code},合计,2024-{m:02d},{v}" for code, m, v in PROVINCE_ROWS]
    lines += [f"{code},{region},2024-{m:02d},{v}" for code, region, m, v in REGION_ROWS]
    return ("\n".join(lines) + "\n").encode()


def upload(store, data: bytes, name: str, actor: str = "alice") -> None:
    """An upload outside the app: by alice while the store has no account (set-up), else by the app's TESTER."""
    preview = preview_upload(store, data, name)
    assert not preview.errors, [i.message_en for i in preview.errors]
    commit_upload(store, preview, actor=actor, confirm_warnings=True)


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """A database with the hand-made upload by alice (batch 1), built once and copied for each test."""
    path = tmp_path_factory.mktemp("dashboard") / "template.duckdb"
    store = open_store(str(path), migrate=False)
    init_store(store)
    upload(store, sheet(), "sept.csv")
    with store.connect() as conn:
        assert conn.execute("SELECT count(*) FROM figures").fetchone()[0] == len(PROVINCE_ROWS) + len(REGION_ROWS)
    return path


@pytest.fixture
def figures(template, db_path, monkeypatch):
    """A fresh copy of the template at this test's database path (what the `app` and `cli` fixtures open)."""
    shutil.copyfile(template, db_path)
    monkeypatch.setenv("LIVELIHOOD_DB", str(db_path))
    return open_store(str(db_path), migrate=False)


@pytest.fixture
def app(figures, monkeypatch):
    """AppTest of app.py on the copy (not on the conftest's freshly initialised store)."""
    monkeypatch.chdir(ROOT)
    return new_app(figures)


@pytest.fixture
def empty_app(store, monkeypatch):
    """AppTest of app.py on the conftest's fresh store: the catalogue and no figures."""
    monkeypatch.setenv("LIVELIHOOD_DB", store.target)
    monkeypatch.chdir(ROOT)
    return new_app(store)


def cards(at) -> dict[str, int]:
    """The overview's status cards by status key, read from their labels (icon + words)."""
    keys = {
        "已完成": "done",
        "Done": "done",
        "超序时": "ahead",
        "Ahead of schedule": "ahead",
        "按序时": "on_pace",
        "On pace": "on_pace",
        "慢序时": "lagging",
        "Lagging": "lagging",
        "未填报": "no_data",
        "No data": "no_data",
    }
    out = {}
    for metric in at.metric:
        words = metric.label.split(" ", 1)[1]
        out[keys[words]] = int(metric.value)
    return out


def page_text(at) -> str:
    parts = [
        *(e.value for e in at.title),
        *(e.value for e in at.subheader),
        *(e.value for e in at.markdown),
        *(e.value for e in at.caption),
        *(e.value for e in at.info),
        *(e.value for e in at.success),
        *(e.value for e in at.warning),
        *(m.label for m in at.metric),
    ]
    for frame in [*at.dataframe, *at.table]:
        parts += [str(c) for c in frame.value.columns]
        parts += [str(v) for v in frame.value.to_numpy().ravel()]
    return "\n".join(parts)


def table_with(at, *columns: str):
    """The one dataframe on the page with all these columns (pages may gain sections; positions drift)."""
    frames = [*at.dataframe, *at.table]
    found = [f.value for f in frames if set(columns) <= set(f.value.columns)]
    assert len(found) == 1, (columns, [list(f.value.columns) for f in frames])
    return found[0]


def charts(at) -> list[dict]:
    return [json.loads(e.proto.spec) for e in at.get("plotly_chart")]


def open_page(app, page: str, *, lang: str = "zh", **state):
    """Session state first (the sidebar is not re-rendered by AppTest after a rerun), then the page."""
    app.session_state["ui_lang"] = lang
    for key, value in state.items():
        app.session_state[key] = value
    app.run()
    if page != "overview":
        app.switch_page(f"views/{page}.py").run()
    assert not app.exception, app.exception
    return app


# --- overview --------------------------------------------------------------------------------------


def test_overview_cards_agree_with_load_status_and_the_cli(figures, app, cli):
    at = open_page(app, "overview")
    summary = load_status(figures).status.summary
    doc = cli("status", "--json")
    assert doc.code == 0, doc.stderr
    shown = cards(at)
    assert shown == {k: getattr(summary, k) for k in shown}
    assert shown == {k: doc.json["summary"][k] for k in shown}
    assert shown == {k: SEPTEMBER[k] for k in shown}
    assert doc.json["as_of"] == "2024-09"
    text = page_text(at)
    assert "⛔ 红灯 1 项 · ⚠️ 黄灯 1 项" in text
    assert "截至2024年9月底，25项已收录任务中，已完成1项，超序时1项，按序时3项，慢序时2项，未填报18项。" in text
    assert "已收录 25 / 50 项任务" in text
    assert "截至2024年9月底" in at.caption[0].value and "数据最后更新" in at.caption[0].value
    assert at.query_params["as_of"] == "2024-09"


def test_one_early_upload_leaves_the_overviews_month_and_counts_and_the_header_says_the_coverage(figures, app):
    before = open_page(app, "overview")
    assert "9月：已报 7 / 31 项指标" in before.caption[0].value
    upload(figures, "指标编号,地区,月份,累计完成\nEMP-02-1,全省,2024-10,45\n".encode(), "october.csv", TESTER)
    after = open_page(app, "overview")
    assert cards(after) == cards(before) == {k: SEPTEMBER[k] for k in cards(before)}
    assert after.query_params["as_of"] == "2024-09"
    assert "截至2024年9月底" in after.caption[0].value and "9月：已报 7 / 31 项指标" in after.caption[0].value
    october = open_page(app, "overview", as_of_month=10)
    assert "10月：已报 1 / 31 项指标" in october.caption[0].value
    area = open_page(app, "area", as_of_month=10, dashboard_area="EMP")
    statuses = table_with(area, "指标", "状态")
    marked = dict(zip(statuses["编号"], statuses["状态"], strict=True))
    assert marked["EMP-01-1"].endswith("沿用9月数据")
    assert "沿用" not in marked["EMP-02-1"]


def test_overview_in_english(figures, app, cli):
    at = open_page(app, "overview", lang="en")
    assert at.title[0].value == "2024 livelihood projects: overview"
    assert cards(at) == {k: SEPTEMBER[k] for k in ("done", "ahead", "on_pace", "lagging", "no_data")}
    text = page_text(at)
    assert (
        "By the end of September 2024, of the 25 catalogued tasks, 1 were done, 1 ahead of schedule, 3 on pace, "
        "2 lagging and 18 without figures." in text
    )
    assert "As of the end of September 2024" in at.caption[0].value
    assert "⟦" not in text
    area_chart = charts(at)[0]
    assert area_chart["layout"]["title"]["text"] == "Mean progress by area against the<br>schedule"
    assert area_chart["layout"]["xaxis"]["title"]["text"] == "Progress (%)"
    areas = {y for tr in area_chart["data"] if tr["type"] == "bar" for y in tr["y"]}
    assert areas == {
        "Employment",
        "Social security",
        "Education",
        "Health",
        "Elderly care",
        "Culture and sports",
        "Public services",
    }


def test_the_as_of_month_changes_the_counts(figures, app, cli):
    at = open_page(app, "overview", as_of_month=3)
    assert cards(at) == MARCH
    march = cli("status", "--json", "--as-of", "2024-03").json["summary"]
    assert cards(at) == {k: march[k] for k in MARCH}
    assert "截至2024年3月底" in page_text(at)
    assert at.query_params["as_of"] == "2024-03"


def test_the_as_of_month_comes_from_the_url(figures, app):
    app.query_params["as_of"] = "2024-03"
    at = open_page(app, "overview")
    assert at.session_state["as_of_month"] == 3
    assert cards(at) == MARCH


def test_as_recorded_on_a_day_before_the_upload_shows_no_figures(figures, app):
    day = date.today() - timedelta(days=2)
    at = open_page(app, "overview", as_of_recorded_on=day)
    assert f"{day.isoformat()}当日结束时数据库中还没有填报数据" in page_text(at)
    assert not at.metric
    assert at.query_params["recorded_on"] == day.isoformat()


def test_as_recorded_on_today_shows_the_figures_and_says_so(figures, app):
    day = date.today() + timedelta(days=1)  # the end of tomorrow holds everything recorded so far (UTC)
    at = open_page(app, "overview", as_of_recorded_on=day)
    assert cards(at) == {k: SEPTEMBER[k] for k in ("done", "ahead", "on_pace", "lagging", "no_data")}
    assert f"按{day.isoformat()}当日入库数据" in at.caption[0].value


def test_lagging_tasks_list_red_before_amber(figures, app):
    at = open_page(app, "overview")
    table = table_with(at, "落后（百分点）")
    # the key columns first, names rather than codes, the code only as a detail at the end
    assert list(table.columns)[:3] == ["状态", "落后（百分点）", "说明"] and list(table.columns)[-1] == "编号"
    assert list(table["状态"]) == ["⛔ 慢序时（红灯）", "⚠️ 慢序时（黄灯）"]
    assert list(table["编号"]) == ["SOC-04", "SOC-03"]  # plan order is the other way round
    assert list(table["任务"]) == ["救助困难患者", "困难重度残疾人家庭无障碍改造"]
    assert list(table["落后（百分点）"]) == ["25.0", "5.0"]
    assert "落后25.0个百分点" in table["说明"][0]


def test_early_warnings_list_projection_misses_that_are_not_lagging(figures, app):
    at = open_page(app, "overview")
    warnings = table_with(at, "按近期进度预计")
    assert list(warnings["编号"]) == ["ELD-02-1"]
    assert list(warnings["指标"]) == ["新建改建合作助老餐厅和助餐点"]
    assert list(warnings["状态"]) == ["▶️ 按序时"]
    assert list(warnings["目标"]) == ["1,300个"]  # separators and the unit
    assert "低于目标1,300个" in warnings["说明"][0]


def test_area_button_opens_the_area_page(figures, app):
    at = open_page(app, "overview")
    at.button(key="overview_open_SOC").click().run()
    assert not at.exception
    assert at.title[0].value == "方面：社会保障"
    statuses = dict(zip(table_with(at, "完成进度")["编号"], table_with(at, "完成进度")["状态"], strict=True))
    assert statuses["SOC-04-1"] == "⛔ 慢序时（红灯）"
    assert statuses["SOC-03-1"] == "⚠️ 慢序时（黄灯）"
    assert statuses["SOC-02-1"] == "▶️ 按序时"


def test_lagging_task_opens_on_its_worst_indicator(figures, app):
    at = open_page(app, "overview")
    at.selectbox(key="overview_task").set_value("SOC-04").run()
    at.button(key="overview_open_task").click().run()
    assert not at.exception
    assert at.title[0].value == "救助恶性肿瘤、血友病、白内障、股骨头坏死等疾病困难患者"  # SOC-04-1 by name
    assert "编号 SOC-04-1" in at.caption[1].value


# --- area ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_area_page_shows_each_indicator_with_progress_and_expected(figures, app, lang):
    at = open_page(app, "area", lang=lang, dashboard_area="EMP")
    table = table_with(at, "完成进度" if lang == "zh" else "Progress")
    cols = (
        ("指标", "状态", "完成进度", "序时进度")
        if lang == "zh"
        else ("Indicator", "Status", "Progress", "Expected (schedule)")
    )
    rows = {r["编号" if lang == "zh" else "Code"]: r for _, r in table.iterrows()}
    assert list(table.columns)[:4] == [cols[1], cols[2], cols[3], "说明" if lang == "zh" else "Explanation"]
    assert set(rows) == {"EMP-01-1", "EMP-02-1"}
    assert rows["EMP-02-1"][cols[2]] == "84.0%" and rows["EMP-02-1"][cols[3]] == "75.0%"
    assert rows["EMP-01-1"][cols[1]] == ("✅ 已完成" if lang == "zh" else "✅ Done")
    assert at.title[0].value == ("方面：促进就业" if lang == "zh" else "Area: Employment")
    assert "⟦" not in page_text(at)
    colours = {y: tr["marker"]["color"] for tr in charts(at)[0]["data"] if tr["type"] == "bar" for y in tr["y"]}
    names = {c: rows[c][cols[0]] for c in rows}
    assert {names[c]: colours[next(y for y in colours if names[c].startswith(y.rstrip("…")))] for c in rows} == {
        names["EMP-01-1"]: STATUS_COLORS["done"],
        names["EMP-02-1"]: STATUS_COLORS["ahead"],
    }


# --- task ------------------------------------------------------------------------------------------


def test_task_page_shows_the_history_after_a_correction(figures, app):
    with figures.connect() as conn:
        revision = conn.execute(
            "SELECT revision_id FROM figures WHERE indicator_code = 'EMP-02-1' AND region_code = 'province' AND month = 9"
        ).fetchone()[0]
    correct_value(
        figures, year=2024, key=("EMP-02-1", "province", 9), value=45, expected_revision=revision, actor="bob"
    )
    at = open_page(app, "task", dashboard_task="EMP-02", dashboard_indicator="EMP-02-1")
    assert at.title[0].value == "建成规范性实体零工市场"
    history = table_with(at, "原值 → 新值")
    assert list(history["操作人"]) == ["bob", "alice"]  # newest first
    assert list(history["原值 → 新值"]) == ["42 → 45", "— → 42"]
    assert list(history["类型"]) == ["更正", "上传"]
    assert list(history["文件"]) == ["—", "sept.csv"]
    assert list(history["批次"]) == ["第2批", "第1批"]
    assert history.columns[0] == "原值 → 新值"
    assert "90.0%" in [m.value for m in at.metric]  # 45 of 50 after the correction


def test_the_chosen_task_survives_a_visit_to_another_page(figures, app):
    at = open_page(app, "task")
    assert "编号 EMP-01-1" in at.caption[1].value
    at.selectbox(key="task_pick").set_value("CUL-03").run()
    assert "编号 CUL-03-1" in at.caption[1].value  # the indicator follows the task
    at.selectbox(key="task_indicator_pick").set_value("CUL-03-4").run()
    at.switch_page("views/overview.py").run()
    at.switch_page("views/task.py").run()
    assert "编号 CUL-03-4" in at.caption[1].value
    assert (at.session_state["dashboard_task"], at.session_state["dashboard_indicator"]) == ("CUL-03", "CUL-03-4")


def test_a_write_by_another_process_shows_at_the_next_rerun(figures, app, cli, tmp_path):
    at = open_page(app, "task", dashboard_task="EMP-02", dashboard_indicator="EMP-02-1")
    assert len(table_with(at, "原值 → 新值")) == 1
    sheet = tmp_path / "oct.csv"
    sheet.write_text("指标编号,月份,累计完成\nEMP-02-1,2024-09,50\n", encoding="utf-8")
    add_user(figures, "carol", Role.ADMIN, "carol-password-2024", actor=TESTER)
    done = cli("import", str(sheet), "--yes", "--as", "carol")
    assert done.code == 0, done.stdout + done.stderr
    at.run()
    history = table_with(at, "原值 → 新值")
    assert list(history["原值 → 新值"]) == ["42 → 50", "— → 42"]
    assert list(history["操作人"]) == ["carol", "alice"]
    assert at.markdown[0].value.startswith("**✅ 已完成**")


def test_task_page_schedule_chart_and_source(figures, app):
    at = open_page(app, "task", lang="en", dashboard_task="ELD-02", dashboard_indicator="ELD-02-1")
    schedule, increments = charts(at)
    roles = {tr["meta"]["role"]: tr for tr in schedule["data"]}
    assert roles["actual"]["x"] == [6, 7, 8, 9] and roles["actual"]["y"] == [900, 950, 980, 1000]
    assert roles["schedule"]["y"][9] == pytest.approx(975)  # 9/12 of 1,300
    assert roles["target"]["y"] == [1300, 1300]
    assert schedule["layout"]["yaxis"]["title"]["text"].startswith("Cumulative (")
    assert increments["data"][0]["x"] == [900, 50, 30, 20]
    text = page_text(at)
    assert "The province figure is reported directly." in text
    markdown = "\n".join(e.value for e in at.markdown)
    assert "新建改建合作助老餐厅和助餐点" in markdown  # the source sentence
    # the source as the document gives it, the file only as a detail
    assert "Source: “" in markdown and "Jilin Daily" in markdown and "January 2024" in markdown
    assert ".txt" not in markdown
    assert any(c.value.startswith("file: 00") and c.value.endswith(".txt") for c in at.caption)
    assert "⟦" not in text


def test_task_page_regions_and_the_sum_of_the_regions(figures, app):
    at = open_page(app, "task", dashboard_task="HEA-01", dashboard_indicator="HEA-01-1")
    text = page_text(at)
    assert "全省数字为各地区填报数之和（未直接填报全省数）。" in text
    assert "暂未设定分地区目标" in text
    regions = table_with(at, "占全省比例").set_index("地区")
    assert regions.loc["长春市", "累计完成"] == "540名"
    assert regions.loc["长白山保护开发区", "月份"] == "8月"  # its latest figure is August's
    assert regions.loc["长白山保护开发区", "备注"] == "本月未报，沿用此前累计数"
    assert regions.loc["全省", "累计完成"] == "5,360名"  # 9 x 540 + 500, with separators and the unit
    assert regions.loc["长春市", "占全省比例"] == f"{540 / 5360 * 100:.1f}%"


def test_task_page_shows_a_mismatch_between_the_province_and_the_regions(store, empty_app):
    rows = ["指标编号,地区,月份,累计完成", "HEA-01-1,合计,2024-09,6000"]
    rows += [f"HEA-01-1,{r},2024-08,400" for r in REGIONS]
    rows += [f"HEA-01-1,{r},2024-09,500" for r in REGIONS if r != "CBS"]
    upload(store, ("\n".join(rows) + "\n").encode(), "mismatch.csv")
    at = open_page(empty_app, "task", dashboard_task="HEA-01", dashboard_indicator="HEA-01-1")
    # August has the regions' sum, September the province's own figure: decided month by month
    assert "全省数字逐月确定：有省级填报数的月份采用填报数，其余月份为各地区之和。" in page_text(at)
    # the sum carries 长白山's August figure, and the page says so
    assert [w.value for w in at.warning if "不一致" in w.value] == [
        "9月全省填报数 6,000 与各地区合计 4,900 不一致（其中长白山保护开发区本月未报，按其此前累计数计入合计），请核实。"
    ]
    assert at.metric[0].value == "6,000"  # the reported province figure wins, never added to the regions


def test_the_demo_banner_shows_on_the_dashboard(figures, app):
    from db.meta import meta_set

    with figures.connect() as conn:
        meta_set(conn, "demo", "true")
    at = open_page(app, "overview")
    assert "演示数据：本库为合成的示例数据，不是真实填报数字。" in [w.value for w in at.warning]


# --- completeness ------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_completeness_flags_the_region_that_skipped_the_last_month(figures, app, lang):
    at = open_page(app, "completeness", lang=lang)
    region_col = "地区" if lang == "zh" else "Region"
    late = table_with(at, region_col, "缺报指标数" if lang == "zh" else "Missing")
    cbs = "长白山保护开发区" if lang == "zh" else "Changbai Mountain Protection and Development Zone"
    assert list(late[region_col]) == [cbs]
    hea, emp = (PLAN.indicator(c).name.get(lang) for c in ("HEA-01-1", "EMP-01-1"))
    assert list(late.iloc[:, 2]) == [f"{hea}（HEA-01-1）" if lang == "zh" else f"{hea} (HEA-01-1)"]
    indicator_col = "指标" if lang == "zh" else "Indicator"
    matrix = table_with(at, indicator_col, "长白山" if lang == "zh" else "Changbaishan").set_index(indicator_col)
    short_cbs, short_cc = ("长白山", "长春") if lang == "zh" else ("Changbaishan", "Changchun")
    assert matrix.loc[hea, short_cbs] == "✗"  # rows are indicators by name, columns the regions
    assert matrix.loc[hea, short_cc] == "✓"
    assert matrix.loc[emp, short_cbs] == "—"  # reported for the province only
    province = "全省" if lang == "zh" else "Province"
    assert matrix.loc[emp, province] == "✓"
    assert matrix.loc[hea, province] == "✗"  # the sum still waits for 长白山
    assert not any(c.startswith(("EMP-", "HEA-")) for c in matrix.columns)
    # expected: 31 province cells + 10 regions x HEA-01-1; reported: 6 province figures in September + 9 regions
    assert at.metric[0].value == "15 / 41"
    assert "⟦" not in page_text(at)


def test_completeness_names_the_lead_department_and_the_regions_waited_for(figures, app):
    at = open_page(app, "completeness")
    by_lead = table_with(at, "牵头单位", "缺报指标").set_index("牵头单位")
    assert "（来源未载明）" in by_lead.index
    assert "适龄儿童免费牙齿窝沟封闭（HEA-01-1）（待长白山保护开发区填报）" in by_lead.loc["（来源未载明）", "缺报指标"]
    assert by_lead.loc["省卫健委", "缺报指标"] == "重点地区新生儿免费遗传代谢病筛查（HEA-02-1）"


def test_completeness_as_of_august_has_every_region(figures, app):
    at = open_page(app, "completeness", as_of_month=8)
    assert "8月各地区均已填报。" in [s.value for s in at.success]
    matrix = table_with(at, "指标", "长白山").set_index("指标")
    assert matrix.loc[PLAN.indicator("HEA-01-1").name.get("zh"), "长白山"] == "✓"


# --- every page, both languages -----------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", ["overview", "area", "task", "completeness"])
def test_every_page_renders_with_the_as_of_header(figures, app, page, lang):
    at = open_page(app, page, lang=lang)
    header = at.caption[0].value
    assert ("截至2024年9月底" if lang == "zh" else "As of the end of September 2024") in header
    assert ("数据最后更新" if lang == "zh" else "last changed") in header
    assert "⟦" not in page_text(at)
    for chart in charts(at):
        assert "Noto Sans CJK SC" in chart["layout"]["font"]["family"]


@pytest.mark.parametrize("page", ["overview", "area", "task", "completeness"])
def test_every_page_says_so_when_there_are_no_figures(empty_app, page):
    at = open_page(empty_app, page)
    assert "还没有填报数据" in page_text(at)
    assert not at.get("plotly_chart")
