"""The admin's plan pages through AppTest: upload → preview → confirm → history for the catalogue and the
regional targets, the schedule editor → preview → save → history, and nobody else may use them."""

from __future__ import annotations

from db import region_targets as stored_targets
from db import status as stored_status
from services import accounts, catalogue
from targets.access import Role
from tests.apptest.conftest import new_app, sign_in

PW = "a-long-password-2024"
HEADER = "序号,类别,任务,指标,目标值,单位,牵头单位,责任单位,完成时限"
# The meals row with a new target (the press conference said 1300: a warning to confirm), and a new area,
# task and indicator below it.
TASK_TABLE = "\n".join(
    [
        "2024年民生实事任务分解表",
        HEADER,
        "1,养老助老,合作助老餐厅和助餐点,新建改建合作助老餐厅和助餐点,1500,个,省民政厅,,12月底",
        "2,社区服务,社区嵌入式服务设施,建成社区嵌入式服务设施,200,个,省住建厅,,10月底",
    ]
).encode("utf-8")
REGIONS = ["长春市", "吉林市", "四平市", "辽源市", "通化市", "白山市", "松原市", "白城市", "延边州", "长白山"]
MEALS = [390, 195, 130, 65, 104, 65, 117, 78, 130, 26]  # adds up to 1,300


def open_page(app, path: str):
    app.run()
    return app.switch_page(path).run()


def frame_texts(at) -> str:
    return "\n".join(str(v) for f in [*at.table, *at.dataframe] for v in [*f.value.columns, *f.value.values.ravel()])


def frame_with(at, *columns: str):
    """The first table showing these columns (AppTest does not keep a dataframe's key)."""
    return next(f.value for f in [*at.table, *at.dataframe] if set(columns) <= set(f.value.columns))


def metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def test_catalogue_upload_preview_confirm_and_history(app, store):
    at = open_page(app, "views/plan_catalogue.py")
    assert not at.exception and at.title[0].value == "2024年任务目录导入"
    assert "还没有变更记录" not in "\n".join(i.value for i in at.info)  # the bundled load is on record
    at.file_uploader[0].upload("2024年任务分解表.csv", TASK_TABLE, "text/csv").run()
    assert not at.exception
    assert (metric(at, "新增"), metric(at, "修改"), metric(at, "表中未列出（保留）")) == ("3", "1", "30")
    assert (metric(at, "错误"), metric(at, "警告")) == ("0", "1")
    shown = frame_texts(at)
    assert "目标值 1500 与来源" in shown  # the warning names what disagrees
    assert "新增指标" in shown and "ELD-02-1 新建改建合作助老餐厅和助餐点" in shown and "1,500" in shown
    assert "None" not in shown
    commit = at.button(key="plan_catalogue_commit")
    assert commit.disabled  # the warning needs a tick first
    at.checkbox(key="plan_catalogue_confirm").check().run()
    at.button(key="plan_catalogue_commit").click().run()
    assert not at.exception
    assert any("已导入“2024年任务分解表.csv”：新增 3 项，修改 1 项。" in s.value for s in at.success)
    plan = catalogue.plan(store, 2024)
    assert plan.indicator("ELD-02-1").target == 1500 and len(plan.indicators) == 32
    history = frame_with(at, "来源文件")
    assert list(history.columns) == ["时间（北京时间）", "操作人", "方式", "来源文件", "变更数"]
    assert history.iloc[0].tolist()[1:] == ["tester", "导入任务分解表", "2024年任务分解表.csv", 4]
    assert history.iloc[-1].tolist()[2] == "载入内置目录"


def test_a_catalogue_with_errors_names_row_and_column_and_offers_no_commit(app, store):
    at = open_page(app, "views/plan_catalogue.py")
    bad = TASK_TABLE.replace(b"1500", "一千五".encode()).replace("10月底".encode(), "下半年".encode())
    at.file_uploader[0].upload("bad.csv", bad, "text/csv").run()
    issues = frame_with(at, "级别")
    assert issues[["行", "列"]].values.tolist() == [["3", "E (目标值)"], ["4", "I (完成时限)"]]
    assert not [b for b in at.button if b.key == "plan_catalogue_commit"]
    assert any("整份文件不能提交" in e.value for e in at.error)
    assert catalogue.plan(store, 2024).indicator("ELD-02-1").target == 1300


def test_regional_targets_breakdown_upload_confirm_and_history(app, store):
    at = open_page(app, "views/plan_targets.py")
    assert not at.exception and at.title[0].value == "2024年目标分解"
    assert "0 / 31 项指标已分解到地区" in at.markdown[0].value
    short = [*MEALS[:-1], 0]  # Changbai Mountain's 26 left out: the regions add up to 1,274
    sheet = "地区,指标编号,目标值\n" + "\n".join(f"{r},ELD-02-1,{v}" for r, v in zip(REGIONS, short, strict=True))
    at.file_uploader[0].upload("目标分解.csv", sheet.encode(), "text/csv").run()
    assert (metric(at, "新增"), metric(at, "警告"), metric(at, "错误")) == ("10", "1", "0")
    assert "1274" in frame_texts(at) or "1,274" in frame_texts(at)
    at.checkbox(key="plan_targets_confirm").check().run()
    at.button(key="plan_targets_commit").click().run()
    assert not at.exception
    assert any("新增 10 项，修改 0 项" in s.value for s in at.success)
    with store.connect() as conn:
        assert stored_targets.targets_map(conn, 2024)[("ELD-02-1", "220100")] == 390
    assert "1 / 31 项指标已分解到地区，其中 1 项" in at.markdown[0].value
    breakdown = frame_with(at, "核对", "全省目标")
    meals = breakdown[breakdown["指标"].str.startswith("ELD-02-1")].iloc[0]
    assert (meals["核对"], meals["全省目标"], meals["各地区合计"]) == ("⚠️ 相差 -26 个", "1,300 个", "1,274 个")
    regions = frame_with(at, "地区", "目标值")
    assert regions.iloc[0].tolist() == ["长春市", "390 个"]
    history = frame_with(at, "来源文件")
    assert history.iloc[0].tolist()[1:] == ["tester", "上传目标分解表", "目标分解.csv", 10]


def test_the_schedule_editor_previews_the_effect_saves_and_keeps_the_history(app, store):
    from services.uploads import commit_upload, preview_upload

    # 500 of 7,000 by the end of February (7.1%): behind the linear 16.7%, ahead of a schedule expecting nothing.
    february = "指标编号,月份,累计完成\nHEA-01-1,2024-02,500\n".encode()
    upload = preview_upload(store, february, "feb.csv", year=2024, month=None, actor="setup")
    commit_upload(store, upload, actor="setup")
    at = open_page(app, "views/plan_schedules.py")
    assert not at.exception and at.title[0].value == "2024年序时进度"
    at.selectbox(key="plan_schedules_code").set_value("HEA-01-1").run()
    assert "现行：线性进度（默认），12月底全部完成。" in [m.value for m in at.markdown]
    assert any("没有需要保存的变更" in i.value for i in at.info)
    # Nothing in January and February, then the linear pace resumes.
    edit = {"edited_rows": {0: {"新曲线（%）": 0.0}, 1: {"新曲线（%）": 0.0}}}
    at.session_state["plan_schedules_editor_HEA-01-1_0"] = edit
    at.run()
    assert not at.exception
    effect = frame_with(at, "变化（百分点）")
    assert effect.iloc[:3].values.tolist() == [
        ["1月", 8.3, 0.0, -8.3],
        ["2月", 16.7, 0.0, -16.7],
        ["3月", 25.0, 25.0, 0.0],
    ]
    assert "将改变 2 个月的应完成比例。" in [c.value for c in at.caption]
    judged = [m.value for m in at.markdown]
    assert "**对2月底的判断**" in judged
    assert any(m.startswith("- 按现行进度：") and "慢序时" in m and "16.7%" in m for m in judged)
    assert any(m.startswith("- 按新曲线：") and "超序时" in m for m in judged)
    at.button(key="plan_schedules_commit").click().run()
    assert not at.exception
    with store.connect() as conn:
        saved = stored_status.trajectories(conn, 2024)["HEA-01-1"]
    assert saved[:3] == (0.0, 0.0, 0.25) and saved[11] == 1.0
    assert saved[3] == 4 / 12  # a month left as shown keeps its exact share, not the 33.3% the table shows
    assert any("已保存 HEA-01-1 的序时进度。" in s.value for s in at.success)
    history = frame_with(at, "操作人")
    assert history.columns.tolist()[0] == "时间（北京时间）"
    assert history.iloc[0].tolist()[1:3] == ["tester", "设置曲线（网页）"]
    assert history.iloc[0].tolist()[3] == "线性（默认）"


def test_a_falling_schedule_is_refused_naming_the_month(app, store):
    at = open_page(app, "views/plan_schedules.py")
    at.selectbox(key="plan_schedules_code").set_value("HEA-01-1").run()
    at.session_state["plan_schedules_editor_HEA-01-1_0"] = {"edited_rows": {4: {"新曲线（%）": 10.0}}}
    at.run()
    issues = frame_with(at, "级别")
    assert issues[["列", "说明"]].values.tolist() == [["5月", "5月：累计进度由33.3%降至10%"]]
    assert not [b for b in at.button if b.key == "plan_schedules_commit"]
    with store.connect() as conn:
        assert stored_status.trajectories(conn, 2024) == {}


def test_the_plan_pages_refuse_anyone_but_an_admin(app, store):
    accounts.add_user(store, "boss", Role.ADMIN, PW, actor=None)
    accounts.add_user(store, "official", Role.VIEWER, PW, actor="boss")
    accounts.add_user(store, "mz", Role.REPORTER, PW, department="省民政厅", actor="boss")
    for name in ("official", "mz"):
        at = sign_in(new_app(store, as_tester=False), store, name)
        at.run()
        for path in ("views/plan_catalogue.py", "views/plan_targets.py", "views/plan_schedules.py"):
            at.switch_page(path).run()
            assert not at.exception
            assert at.error and "无权执行此操作" in at.error[0].value
            assert not at.file_uploader and not [b for b in at.button if b.key and b.key.startswith("plan_")]


def test_the_plan_pages_speak_english_with_months_and_the_zone_named(app, store):
    from services.trajectories import commit_trajectory, preview_trajectory

    winter = ("0", "0", "10%", "20%", "30%", "40%", "50%", "60%", "70%", "80%", "90%", "100%")
    commit_trajectory(store, preview_trajectory(store, "HEA-01-1", winter, actor="cli-admin", source="cli"), actor=None)
    app.session_state["ui_lang"] = "en"
    at = open_page(app, "views/plan_schedules.py")
    assert at.title[0].value == "Schedules 2024"
    at.selectbox(key="plan_schedules_code").set_value("HEA-01-1").run()
    assert any(
        m.value.startswith("Now: a custom schedule, set by ") and "(Beijing time)" in m.value for m in at.markdown
    )
    history = frame_with(at, "By")
    assert history.columns.tolist()[0] == "Time (Beijing time)"
    assert history.iloc[0].tolist()[2:4] == ["Schedule set (command line)", "linear (default)"]
    every = frame_with(at, "Schedule")
    assert "January" in every.columns and "December" in every.columns
    for path, title in (
        ("views/plan_catalogue.py", "Catalogue import 2024"),
        ("views/plan_targets.py", "Regional targets 2024"),
    ):
        at.switch_page(path).run()
        assert not at.exception and at.title[0].value == title
        assert "None" not in frame_texts(at)
