"""The year's list in a real browser: import the candidates (preview, tick the warning, confirm), record the deputies'
vote from a tally sheet with a tie at the last place (adoption disabled, the tie highlighted and named), the
re-vote among the tied, and 「转为年度计划」: the sidebar then shows the adopted year."""

from __future__ import annotations

from playwright.sync_api import expect

from db import open_store
from services import catalogue

from .helpers import choose_upload, init_db, open_app, screenshot, wait_for_app

CANDIDATES = "\n".join(
    [
        "序号,项目名称,类别,主要内容,申报理由,申报单位,指标名称,目标值,计量单位,估算投资（万元）",
        "1,老年助餐服务扩面,养老服务,新建改建助餐点,就餐难,省民政厅,新建改建助餐点,1500,个,5200",
        "2,就业岗位推送,就业,推送岗位,稳就业,省人社厅,征集推送岗位,45万,个（次）,300",
        "3,普惠托育扩容,教育,新增托位,入托难,张某某代表,新增普惠托位,5000,个,3000",
        "4,社区健身设施,文化体育,健身路径,场地少,市民王某,配建健身路径,800,条,2600",
        "5,社区 健身设施,文化体育,,,李某,新建球场,50,个,",
    ]
).encode()
FIRST = "序号,项目名称,赞成,反对,弃权\n1,老年助餐服务扩面,50,3,2\n2,就业岗位推送,40,10,5\n3,普惠托育扩容,40,12,3\n4,社区健身设施,10,40,5\n"
REVOTE = "项目名称,赞成,反对,弃权\n就业岗位推送,35,15,4\n普惠托育扩容,20,30,4\n"


def set_number(page, label: str, value: int) -> None:
    box = page.get_by_label(label, exact=True)
    box.fill(str(value))
    box.press("Enter")
    wait_for_app(page)


def test_candidates_then_a_tied_vote_a_re_vote_and_the_adopted_plan(start_app, new_page, tmp_path):
    db = init_db(tmp_path / "tracker.duckdb")
    app = start_app(db)
    page = new_page()
    open_app(page, app.page_url())
    open_app(page, app.page_url("candidates"))
    expect(page.get_by_role("heading", level=1)).to_have_text("2025年民生实事候选项目")
    expect(page.get_by_test_id("stSidebarNav").get_by_text("年度计划", exact=True)).to_be_attached()
    page.get_by_role("tab", name="导入候选项目表").click()
    wait_for_app(page)  # a tab switch reruns the page (the chosen tab is kept): let it settle
    choose_upload(page, "候选项目.csv", CANDIDATES)
    expect(page.get_by_text("与第5行是同一候选项目")).to_be_visible()
    commit = page.get_by_role("button", name="确认导入 4 个候选项目")
    expect(commit).to_be_disabled()
    page.get_by_text("我已核对上述警告，仍然提交").click()
    wait_for_app(page)
    commit.click()
    wait_for_app(page)
    expect(page.get_by_text("已导入“候选项目.csv”：2025年候选项目 4 个。")).to_be_visible()

    open_app(page, app.page_url("vote"))
    expect(page.get_by_role("heading", level=1)).to_have_text("2025年民生实事项目代表票决")
    set_number(page, "应到代表", 60)
    set_number(page, "实到代表", 55)
    set_number(page, "名额", 2)
    page.get_by_role("tab", name="上传计票表").click()
    wait_for_app(page)  # a tab switch reruns the page (the chosen tab is kept): let it settle
    choose_upload(page, "第一轮计票.csv", FIRST.encode())
    page.get_by_role("button", name="录入计票表").click()
    wait_for_app(page)
    expect(page.get_by_text("已录入第1轮票决：当选 1 项，需重新表决 2 项。")).to_be_visible()
    expect(page.get_by_text("需重新表决：2. 就业岗位推送、3. 普惠托育扩容 末位赞成票同为 40 票")).to_be_visible()
    result = page.get_by_test_id("stTable").first
    expect(result.get_by_text("⚠️ 需重新表决")).to_have_count(2)
    adopt = page.get_by_role("button", name="转为年度计划")
    expect(adopt).to_be_disabled()
    screenshot(page, "vote-tie-zh")

    page.get_by_role("tab", name="上传计票表").click()

    wait_for_app(page)  # a tab switch reruns the page (the chosen tab is kept): let it settle
    expect(page.get_by_label("名额", exact=True)).to_have_value("1")  # the places left
    choose_upload(page, "重新表决.csv", REVOTE.encode())
    page.get_by_role("button", name="录入计票表").click()
    wait_for_app(page)
    expect(page.get_by_text("已录入第2轮票决：当选 2 项，需重新表决 0 项。")).to_be_visible()
    expect(adopt).to_be_enabled()
    adopt.click()
    wait_for_app(page)
    expect(page.get_by_text("已转为2025年计划：2 项任务、2 项指标。")).to_be_visible()
    plan = catalogue.plan(open_store(str(db), migrate=False), 2025)
    assert [t.name.zh for t in plan.tasks] == ["老年助餐服务扩面", "就业岗位推送"]
    open_app(page, app.page_url("overview"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("2025")
