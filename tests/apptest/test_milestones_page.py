"""The milestones on the pages: the task page's table of projects with dates and lights (zh, en), the area
page's 开工率 / 完工率; a task without milestones shows neither."""

from __future__ import annotations

from datetime import date

import pytest

from services.milestones import commit_milestones, preview_milestones
from services.uploads import commit_upload, preview_upload

HEAD = "项目名称,所属任务,地区,计划开工,实际开工,计划完工,实际完工,计划验收,实际验收"
ROWS = [
    "长春一中活力操场,EDU-01,长春,2024/4/1,2024/3/28,2024/8/31,2024/9/5,,",  # completed late: amber
    "吉林一中活力操场,EDU-01,吉林,2024/5/1,,2024/10/31,,,",  # start missed: red
    "四平一中活力操场,EDU-01,四平,2024/9/30,,,,,",  # planned on the as-of day: not yet missed
]


@pytest.fixture
def with_milestones(store):
    figures = "指标编号,地区,月份,累计完成\nEDU-01-1,合计,2024-09,100\n".encode()
    preview = preview_upload(store, figures, "sept.csv")
    commit_upload(store, preview, actor="alice", confirm_warnings=True)
    data = ("\n".join([HEAD, *ROWS]) + "\n").encode("gbk")
    preview = preview_milestones(store, data, "节点.csv", year=2024, today=date(2024, 10, 10))
    assert commit_milestones(store, preview, actor="alice") is not None
    return store


def open_page(app, page: str, lang: str, **state):
    app.session_state["ui_lang"] = lang
    for key, value in state.items():
        app.session_state[key] = value
    app.run()
    app.switch_page(f"views/{page}.py").run()
    assert not app.exception, app.exception
    return app


def frame_with(at, column: str):
    found = [f.value for f in [*at.dataframe, *at.table] if column in f.value.columns]
    assert len(found) == 1, [list(f.value.columns) for f in [*at.dataframe, *at.table]]
    return found[0]


def test_the_task_page_shows_each_project_with_its_dates_and_light(with_milestones, app):
    at = open_page(app, "task", "zh", dashboard_task="EDU-01", dashboard_indicator="EDU-01-1")
    table = frame_with(at, "节点灯")
    assert list(table["项目名称"]) == ["吉林一中活力操场", "四平一中活力操场", "长春一中活力操场"]
    assert list(table["节点灯"]) == ["🔴 节点逾期", "⚪ 未到节点", "🟠 延期完成"]
    assert list(table["计划开工"]) == ["2024-05-01", "2024-09-30", "2024-04-01"]
    assert list(table["实际完工"]) == ["—", "—", "2024-09-05"]
    assert list(table["逾期节点"]) == ["开工", "—", "—"]
    assert list(table["地区"]) == ["吉林市", "四平市", "长春市"]
    text = " ".join(m.value for m in at.markdown)
    assert "开工率33.3%" in text and "完工率33.3%" in text  # 1 of 3 started (长春), 1 of 3 completed


def test_the_task_page_in_english(with_milestones, app):
    at = open_page(app, "task", "en", dashboard_task="EDU-01", dashboard_indicator="EDU-01-1")
    table = frame_with(at, "Milestone light")
    assert list(table["Milestone light"]) == ["🔴 Milestone missed", "⚪ None due yet", "🟠 Done late"]
    assert list(table["Missed"]) == ["start", "—", "—"]


def test_the_area_page_gives_the_rates_and_a_task_without_milestones_none(with_milestones, app):
    at = open_page(app, "area", "zh", dashboard_area="EDU")
    table = frame_with(at, "开工率")
    assert (list(table["编号"]), list(table["开工率"]), list(table["完工率"])) == (["EDU-01"], ["33.3%"], ["33.3%"])
    assert list(table["应开工 / 已开工"]) == ["3 / 1"]
    at = open_page(app, "task", "zh", dashboard_task="EDU-02", dashboard_indicator="EDU-02-1")
    assert any("EDU-02-1" in c.value for c in at.caption)  # the page is EDU-02's
    assert not [f for f in [*at.dataframe, *at.table] if "节点灯" in f.value.columns]


def test_the_milestones_page_previews_a_sheet_names_its_errors_and_commits(app, store):
    app.run()
    at = app.switch_page("views/milestones.py").run()
    assert not at.exception and at.title[0].value == "2024年项目节点（开工、完工、验收）"
    bad = ("\n".join([HEAD, "长春一中活力操场,EDU-01,长春,三月初,,,,,"]) + "\n").encode("gbk")
    at.file_uploader[0].upload("bad.csv", bad, "text/csv").run()
    issues = frame_with(at, "列")
    assert (list(issues["列"]), list(issues["行"])) == (["D (计划开工)"], ["2"])
    assert not [b for b in at.button if b.key == "milestones_commit"]
    good = ("\n".join([HEAD, *ROWS]) + "\n").encode("gbk")
    at.file_uploader[0].upload("节点.csv", good, "text/csv").run()
    assert next(m.value for m in at.metric if m.label == "新增项目") == "3"
    at.button(key="milestones_commit").click().run()
    assert not at.exception and any("已提交 节点.csv" in s.value for s in at.success)
    history = frame_with(at, "文件")
    assert list(history["文件"]) == ["节点.csv"] * 3 and set(history["操作人"]) == {"tester"}
