"""The year's list through AppTest: candidates (import → preview → confirm, an edit on the page), the deputies' vote
(a typed tally with a tie → adoption disabled → the re-vote → adoption), the rating with its exports opened, and a
plan year adopted from the vote on every page (no figures yet; the tasks carried over from last year; last year's
same month)."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import docx
import openpyxl
import pytest

from db import open_store
from services import candidates as candidates_service
from services import catalogue
from services import vote as vote_service
from services.setup import init_store
from services.uploads import commit_upload, preview_upload
from tests.apptest.conftest import new_app
from tests.conftest import ROOT
from ui.pages import GROUPS

HEAD = "序号,项目名称,类别,主要内容,申报理由,申报单位,指标名称,目标值,计量单位,估算投资（万元）"
# Four candidates for two places. Candidate 1 continues 2024's ELD-02-1 (unfinished in December: carried over);
# candidate 2 continues EMP-01-1 (done in 2024); 2 and 3 tie in the first round.
CANDIDATES = "\n".join(
    [
        "2025年候选项目汇总表",
        HEAD,
        "1,老年助餐服务扩面,养老服务,新建改建助餐点,就餐难,省民政厅,新建改建合作助老餐厅和助餐点,1500,个,5200",
        ",,,,,,服务老年人,21.3万,人次,",
        "2,就业岗位推送,就业,推送岗位,稳就业,省人社厅,征集推送岗位,45万,个（次）,300",
        "3,普惠托育扩容,教育,新增托位,入托难,张某某代表,新增普惠托位,5000,个,3000",
        "4,社区健身设施,文化体育,健身路径,场地少,市民王某,配建健身路径,800,条,2600",
        "5,社区 健身设施,文化体育,,,李某,新建球场,50,个,",  # the same name again: merged, a warning
    ]
).encode()
FIGURES_2024 = "指标编号,地区,月份,累计完成\nELD-02-1,合计,2024-09,1000\nELD-02-1,合计,2024-12,1100\nEMP-01-1,合计,2024-12,410000\n"


def upload(store, text: str, name: str) -> None:
    preview = preview_upload(store, text.encode(), name)
    assert not preview.errors, [i.message_en for i in preview.errors]
    commit_upload(store, preview, actor="alice", confirm_warnings=True)


def tally(rows: dict[int, tuple[int, int, int]]) -> list[tuple]:
    return [(n, "", *votes) for n, votes in rows.items()]


FIRST = {1: (50, 3, 2), 2: (40, 10, 5), 3: (40, 12, 3), 4: (10, 40, 5)}  # 60 deputies, 55 present, 2 places
REVOTE = {2: (35, 15, 4), 3: (20, 30, 4)}


@pytest.fixture(scope="module")
def templates(tmp_path_factory) -> dict[str, Path]:
    """Databases built once: 2024 with figures ("base"), with the 2025 candidates ("pool"), and with the 2025 plan
    adopted from the vote ("adopted")."""
    folder = tmp_path_factory.mktemp("year")
    paths = {name: folder / f"{name}.duckdb" for name in ("base", "pool", "adopted")}
    store = open_store(str(paths["base"]), migrate=False)
    init_store(store)
    upload(store, FIGURES_2024, "2024.csv")
    shutil.copyfile(paths["base"], paths["pool"])
    store = open_store(str(paths["pool"]), migrate=False)
    preview = candidates_service.preview_candidates(store, CANDIDATES, "候选项目.csv", year=2025, actor="alice")
    candidates_service.commit_candidates(store, preview, actor="alice", confirm_warnings=True)
    shutil.copyfile(paths["pool"], paths["adopted"])
    store = open_store(str(paths["adopted"]), migrate=False)
    common = dict(year=2025, deputies=60, present=55, actor="alice")
    vote_service.record_typed_vote(store, tally(FIRST), places=2, **common)
    vote_service.record_typed_vote(store, tally(REVOTE), places=1, **common)
    vote_service.adopt_plan(store, year=2025, actor="alice")
    return paths


def app_on(template: Path, db_path: Path, monkeypatch):
    shutil.copyfile(template, db_path)
    monkeypatch.setenv("LIVELIHOOD_DB", str(db_path))
    monkeypatch.chdir(ROOT)
    store = open_store(str(db_path), migrate=False)
    return new_app(store), store


def open_page(at, path: str, **state):
    at.run()
    for key, value in state.items():
        at.session_state[key] = value
    return at.switch_page(path).run()


def texts(at) -> str:
    parts = [
        e.value
        for kind in ("markdown", "caption", "info", "warning", "error", "success", "title")
        for e in getattr(at, kind)
    ]
    parts += [str(v) for f in [*at.table, *at.dataframe] for v in [*f.value.columns, *f.value.values.ravel()]]
    return "\n".join(map(str, parts))


def frame_with(at, *columns: str):
    return next(f.value for f in [*at.table, *at.dataframe] if set(columns) <= set(f.value.columns))


def test_candidates_import_preview_confirm_then_the_pool(templates, db_path, monkeypatch):
    at, store = app_on(templates["base"], db_path, monkeypatch)
    at = open_page(at, "views/candidates.py")
    assert not at.exception
    assert at.selectbox(key="cycle_year_pick").value == 2025  # next year after the 2024 plan
    assert "2025年还没有候选项目" in texts(at)
    at.file_uploader[0].upload("候选项目.csv", CANDIDATES, "text/csv").run()
    assert not at.exception
    issues = frame_with(at, "级别", "行", "列")
    assert issues["行"].tolist() == ["8"] and "与第7行是同一候选项目" in issues["说明"].iloc[0]
    assert "B (项目名称)" in issues["列"].iloc[0]
    commit = at.button(key="candidates_commit")
    assert commit.disabled  # the merge is a warning: it needs the tick
    at.checkbox(key="candidates_confirm").check().run()
    at.button(key="candidates_commit").click().run()
    assert not at.exception
    assert any("已导入“候选项目.csv”：2025年候选项目 4 个" in s.value for s in at.success)
    pool = frame_with(at, "项目名称", "指标及目标")
    assert next(iter(pool.columns)) == "项目名称" and list(pool.columns)[-1] == "序号"
    assert pool["项目名称"].tolist() == ["老年助餐服务扩面", "就业岗位推送", "普惠托育扩容", "社区健身设施"]
    assert pool["指标及目标"].iloc[0] == "新建改建合作助老餐厅和助餐点 1500个；服务老年人 21.3万人次"
    assert pool["申报类型"].tolist() == ["部门申报", "部门申报", "代表建议", "群众建议"]
    assert len(candidates_service.list_candidates(store, 2025)) == 4
    assert "营利性、竞争性项目" in frame_with(at, "不得列入的类型")["不得列入的类型"].tolist()


def test_a_candidate_sheet_with_errors_names_row_and_column_and_offers_no_commit(templates, db_path, monkeypatch):
    at, store = app_on(templates["base"], db_path, monkeypatch)
    at = open_page(at, "views/candidates.py")
    bad = CANDIDATES.replace(b"5000", "约五千".encode()).replace("健身路径,场地少".encode(), "商业开发,场地少".encode())
    at.file_uploader[0].upload("bad.csv", bad, "text/csv").run()
    issues = frame_with(at, "级别", "行", "列")
    assert [r for r in issues[["行", "列"]].values.tolist() if r[0] != "8"] == [
        ["6", "H (目标值)"],
        ["7", "B (项目名称)"],
    ]
    assert not [b for b in at.button if b.key == "candidates_commit"]
    assert candidates_service.list_candidates(store, 2025) == []


def test_editing_a_candidate_is_a_recorded_change(templates, db_path, monkeypatch):
    at, store = app_on(templates["pool"], db_path, monkeypatch)
    at = open_page(at, "views/candidates.py")
    at.selectbox(key="candidates_edit_pick").set_value(3).run()
    fields = next(e for e in at.data_editor if e.key.startswith("candidates_edit_fields_"))
    indicators = next(e for e in at.data_editor if e.key.startswith("candidates_edit_indicators_"))
    at.session_state[fields.key] = {
        "edited_rows": {0: {"项目名称": "普惠托育服务扩容", "估算投资（万元）": "3,500"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.session_state[indicators.key] = {
        "edited_rows": {0: {"目标值": "6000"}},
        "added_rows": [{"指标名称": "新增托育机构", "目标值": "50", "计量单位": "家"}],
        "deleted_rows": [],
    }
    at.run()
    assert not at.exception
    changes = frame_with(at, "项目", "原值", "新值")
    assert changes.values.tolist() == [
        ["项目名称", "普惠托育扩容", "普惠托育服务扩容"],
        ["估算投资（万元）", "3000", "3500"],
        ["指标", "新增普惠托位 5000个", "新增普惠托位 6000个；新增托育机构 50家"],
    ]
    at.button(key="candidates_edit_save").click().run()
    assert not at.exception
    assert any("已保存候选项目3的 3 处修改" in s.value for s in at.success)
    third = next(s.candidate for s in candidates_service.list_candidates(store, 2025) if s.candidate.number == 3)
    assert (third.name, third.investment, [i.target for i in third.indicators]) == (
        "普惠托育服务扩容",
        3500.0,
        [6000.0, 50.0],
    )
    assert third.rows == (6,)  # still cited to its sheet row
    history = frame_with(at, "修改内容")
    assert "普惠托育扩容 → 普惠托育服务扩容" in history["修改内容"].iloc[0] and history["操作人"].iloc[0] == "tester"


def test_an_edit_that_breaks_a_rule_names_it_and_cannot_be_saved(templates, db_path, monkeypatch):
    at, _store = app_on(templates["pool"], db_path, monkeypatch)
    at = open_page(at, "views/candidates.py")
    indicators = next(e for e in at.data_editor if e.key.startswith("candidates_edit_indicators_"))
    at.session_state[indicators.key] = {
        "edited_rows": {1: {"目标值": "约二十万"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    issues = frame_with(at, "级别", "行", "列")
    assert issues[["行", "列"]].values.tolist() == [["2", "目标值"]]
    assert at.button(key="candidates_edit_save").disabled


def typed(at, votes: dict[int, tuple[int, int, int]]):
    editor = next(e for e in at.data_editor if e.key.startswith("vote_typed_"))
    numbers = editor.value["序号"].tolist()
    at.session_state[editor.key] = {
        "edited_rows": {numbers.index(n): {"赞成": y, "反对": no, "弃权": a} for n, (y, no, a) in votes.items()},
        "added_rows": [],
        "deleted_rows": [],
    }
    return at


def test_a_typed_tie_disables_adoption_until_the_re_vote(templates, db_path, monkeypatch):
    at, store = app_on(templates["pool"], db_path, monkeypatch)
    at = open_page(at, "views/vote.py")
    assert not at.exception and "尚未录入票决结果" in texts(at)
    at.number_input(key="vote_deputies").set_value(60)
    at.number_input(key="vote_present").set_value(55)
    at.number_input(key="vote_places_False").set_value(2)
    typed(at, FIRST).run()
    at.button(key="vote_typed_save").click().run()
    assert not at.exception
    assert any("已录入第1轮票决：当选 1 项，需重新表决 2 项" in s.value for s in at.success)
    result = frame_with(at, "结果", "名次", "赞成")
    assert result[["结果", "名次", "项目名称", "赞成"]].values.tolist() == [
        ["✅ 当选", "1", "老年助餐服务扩面", 50],
        ["⚠️ 需重新表决", "2", "就业岗位推送", 40],
        ["⚠️ 需重新表决", "2", "普惠托育扩容", 40],
        ["— 未当选", "4", "社区健身设施", 10],
    ]
    assert any("需重新表决：2. 就业岗位推送、3. 普惠托育扩容 末位赞成票同为 40 票" in w.value for w in at.warning)
    adopt = at.button(key="vote_adopt")
    assert adopt.disabled and "重新表决" in adopt.help
    rounds = frame_with(at, "轮次", "来源文件")
    assert rounds["来源文件"].tolist() == ["2025年代表票决计票表_第1轮_页面录入.csv"]
    # The typed tally is on record as a file, its sha256 and bytes kept.
    found = vote_service.vote_result(store, 2025)
    assert found.rounds[0].origin.sha256.startswith(rounds["SHA-256"].iloc[0])

    # The re-vote: the editor offers the tied candidates only, the places left by default.
    editor = next(e for e in at.data_editor if e.key.startswith("vote_typed_"))
    assert editor.value["序号"].tolist() == [2, 3]
    assert at.number_input(key="vote_places_True").value == 1
    typed(at, REVOTE).run()
    at.button(key="vote_typed_save").click().run()
    assert not at.exception
    result = frame_with(at, "结果", "名次", "赞成")
    assert result[["结果", "项目名称", "赞成", "轮次"]].values.tolist()[:3] == [
        ["✅ 当选", "老年助餐服务扩面", 50, "1"],
        ["✅ 当选", "就业岗位推送", 35, "2"],
        ["— 未当选", "普惠托育扩容", 20, "2"],
    ]
    assert not at.button(key="vote_adopt").disabled
    at.button(key="vote_adopt").click().run()
    assert not at.exception
    assert any("已转为2025年计划：2 项任务、3 项指标" in s.value for s in at.success)
    plan = catalogue.plan(store, 2025)
    assert [t.name.zh for t in plan.tasks] == ["老年助餐服务扩面", "就业岗位推送"]
    assert "2025年代表票决计票表_第2轮_页面录入" in plan.tasks[1].source.quote or plan.tasks[1].source.file.startswith(
        "candidate:2025/2"
    )
    assert at.session_state["plan_year"] == 2025


def test_a_bad_typed_tally_names_the_row_and_writes_nothing(templates, db_path, monkeypatch):
    at, store = app_on(templates["pool"], db_path, monkeypatch)
    at = open_page(at, "views/vote.py")
    at.number_input(key="vote_present").set_value(50)
    typed(at, {1: (45, 4, 2), 2: (40, 1, 1), 3: (1, 1, 1)}).run()  # row 2: 51 votes of 50 present; 4 left blank
    at.button(key="vote_typed_save").click().run()
    assert not at.exception and at.error
    issues = frame_with(at, "级别", "行", "列")
    assert "2" in issues["行"].tolist() and "5" in issues["行"].tolist()
    assert vote_service.vote_result(store, 2025) is None


def test_viewers_read_the_vote_but_record_nothing(templates, db_path, monkeypatch):
    from services.accounts import add_user
    from targets.access import Role
    from tests.apptest.conftest import sign_in

    at, store = app_on(templates["adopted"], db_path, monkeypatch)
    at.run()  # signs the administrator tester in, who adds the viewer
    add_user(store, "viewer1", Role.VIEWER, "a-long-password-2024", actor="tester")
    sign_in(at, store, "viewer1")
    at = open_page(at, "views/vote.py", cycle_year=2025)
    assert not at.exception
    assert frame_with(at, "结果", "名次")["结果"].tolist()[:2] == ["✅ 当选", "✅ 当选"]
    assert not [b for b in at.button if b.key in ("vote_adopt", "vote_typed_save")]
    at = at.switch_page("views/candidates.py").run()
    assert not at.exception and len(at.tabs) == 2  # the pool and the negative list only


RATING = "任务名称,满意,基本满意,不满意\n老年助餐服务扩面,31,20,5\n就业岗位推送,30,25,3\n"


def test_the_rating_page_records_grades_ranks_and_exports(templates, db_path, monkeypatch):
    at, store = app_on(templates["adopted"], db_path, monkeypatch)
    at = open_page(at, "views/rating.py", plan_year=2025)
    assert not at.exception and "2025年尚未录入满意度测评结果" in texts(at)
    at.number_input(key="rating_members").set_value(60)
    at.file_uploader[0].upload("测评表.csv", RATING.encode(), "text/csv").run()
    at.button(key="rating_save").click().run()
    assert not at.exception
    result = frame_with(at, "测评结果", "项目", "综合得分")
    # 31 of 60 is more than half: 满意; 30 is exactly half: not 满意, but 30 + 25 > 30: 基本满意.
    assert result[["测评结果", "项目", "满意", "组成人员"]].values.tolist() == [
        ["✅ 满意", "老年助餐服务扩面", 31, 60],
        ["🟡 基本满意", "就业岗位推送", 30, 60],
    ]
    assert "“满意”票超过全体组成人员半数的为满意" in texts(at)
    ranked = frame_with(at, "名次", "牵头单位")
    assert ranked.values.tolist()[0][:2] == ["1", "省人社厅"] or ranked.values.tolist()[0][1].startswith("省")
    at.button(key="rating_build").click().run()
    assert not at.exception
    downloads = {b.proto.label for b in at.get("download_button")}
    assert downloads == {"下载 民生实事满意度测评_2025年_结果.xlsx", "下载 民生实事满意度测评_2025年_结果通报.docx"}
    files = {f.format: f for f in at.session_state["rating_files"]["files"]}
    book = openpyxl.load_workbook(io.BytesIO(files["xlsx"].data))
    sheet = book["测评结果"]
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=6, max_row=7)]
    assert [r[:7] for r in rows] == [
        ["满意", "老年助餐服务扩面", "省民政厅", 31, 20, 5, 60],
        ["基本满意", "就业岗位推送", "省人社厅", 30, 25, 3, 60],
    ]
    assert rows[0][7] == pytest.approx((31 * 100 + 20 * 60) / 56, abs=1e-4)
    assert "牵头单位排名" in book.sheetnames and "规则与来源" in book.sheetnames
    notice = docx.Document(io.BytesIO(files["docx"].data))
    text = "\n".join(p.text for p in notice.paragraphs)
    assert "关于2025年民生实事项目满意度测评结果的通报" in text
    assert "测评结果为满意的1项，基本满意的1项，不满意的0项。" in text
    assert "“满意”票超过全体组成人员半数的为满意" in text  # the rule stated
    table = notice.tables[0]
    assert [c.text for c in table.rows[1].cells][:3] == ["老年助餐服务扩面", "省民政厅", "31"]
    recorded = [e for e in __import__("services.exports", fromlist=["x"]).recent_exports(store, 5)]
    assert {e["object"] for e in recorded[:2]} == {
        "民生实事满意度测评_2025年_结果.xlsx",
        "民生实事满意度测评_2025年_结果通报.docx",
    }


def test_the_rating_exports_in_english_are_named_in_english(templates, db_path, monkeypatch):
    at, store = app_on(templates["adopted"], db_path, monkeypatch)
    from services import rating as rating_service

    rating_service.record_rating(store, RATING.encode(), "r.csv", year=2025, members=60, actor=None)
    at = open_page(at, "views/rating.py", plan_year=2025, ui_lang="en")
    assert not at.exception
    at.button(key="rating_build").click().run()
    files = {f.format: f for f in at.session_state["rating_files"]["files"]}
    assert files["docx"].name == "livelihood-rating_2025_notice.docx"
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(files["docx"].data)).paragraphs)
    assert "Notice of the satisfaction rating of the 2025 livelihood projects" in text
    assert "Civil Affairs" in "\n".join(
        c.text for r in docx.Document(io.BytesIO(files["docx"].data)).tables[0].rows for c in r.cells
    )


PAGES = [spec.path for _, specs in GROUPS for spec in specs]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_works_for_a_year_adopted_from_the_vote_with_no_figures(templates, db_path, monkeypatch, page):
    at, _store = app_on(templates["adopted"], db_path, monkeypatch)
    at = open_page(at, page, plan_year=2025, cycle_year=2025)
    assert not at.exception, [e.message for e in at.exception]
    assert "⟦" not in texts(at)


def test_the_task_page_marks_a_task_carried_over_and_shows_last_years_same_month(templates, db_path, monkeypatch):
    at, store = app_on(templates["adopted"], db_path, monkeypatch)
    upload(store, "指标编号,地区,月份,累计完成\nA01-01-1,合计,2025-09,600\n", "2025.csv")
    plan = catalogue.plan(store, 2025)
    assert plan.indicator("A01-01-1").name.zh == "新建改建合作助老餐厅和助餐点"
    at = open_page(at, "views/task.py", plan_year=2025, dashboard_task="A01-01", dashboard_indicator="A01-01-1")
    assert not at.exception
    assert any("上年结转" in m.value and "2024年同名指标到12月底未完成" in m.value for m in at.markdown)
    table = frame_with(at, "指标", "上年同期")
    assert table.set_index("指标").loc["新建改建合作助老餐厅和助餐点", "上年同期"] == "1,000个"  # 2024-09
    # The task continuing EMP-01-1 (done in 2024) is not carried over.
    at = open_page(at, "views/task.py", dashboard_task="A02-01", dashboard_indicator="A02-01-1")
    assert not any("上年结转" in m.value for m in at.markdown)
    at = at.switch_page("views/overview.py").run()
    assert not at.exception
    assert any("上年结转的任务 1 项" in c.value and "老年助餐服务扩面" in c.value for c in at.caption)
