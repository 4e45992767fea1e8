"""The press release (DOCX) read back with python-docx: a 新闻通稿 a newspaper would print, not an internal 通报."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import re

import pytest
from docx import Document
from docx.oxml.ns import qn

from targets import clock
from targets.catalogue import load_bundled
from targets.demo import demo_figures, demo_trajectories
from targets.exports import ExportContext, build, press
from targets.numbers import press_figure
from targets.status import Status
from tests.unit.test_exports import LAST_CHANGE, view_of

CJK = re.compile(r"[\u4e00-\u9fff]")
GROUPED_OR_LONG = re.compile(r"\d,\d{3}|\d{5,}")  # 405,978 or 405978: a Chinese paper writes 40.6万


@pytest.fixture(scope="module")
def demo_view():
    plan = load_bundled(2024)
    figures = {(f.indicator_code, f.region_code, f.month): f.value for f in demo_figures(plan)}
    return view_of(plan, figures, 9, demo_trajectories(plan))


@pytest.fixture(scope="module")
def ctx(demo_view):
    return ExportContext.from_view(demo_view, is_demo=True, lang="zh")


def read(data: bytes):
    return Document(io.BytesIO(data))


def texts(doc) -> list[str]:
    return [p.text for p in doc.paragraphs]


def release_paragraphs(doc):
    """The paragraphs of the release itself: from the headline to the editor's note."""
    paras = doc.paragraphs
    start = next(n for n, p in enumerate(paras) if p.style.name == "Title")
    end = next(n for n, p in enumerate(paras) if p.text.startswith(("核对信息", "For the editor")))
    return paras[start:end]


def test_the_release_has_a_headline_with_the_news_the_issuer_and_date_and_a_lead(ctx):
    doc = read(build("docx", ctx))
    s = ctx.status.summary
    paras = release_paragraphs(doc)
    headline, dateline, lead = paras[0], paras[1], paras[2]
    assert headline.style.name == "Title"
    assert headline.text == f"我省2024年民生实事稳步推进\u3000{s.done}项已提前完成全年任务"
    assert dateline.text == "（省政府新闻办公室\u30002024年10月5日）"  # the local day of the last change
    assert lead.text.startswith("2024年，我省实施促进就业、社会保障等10个方面50项民生实事。截至9月底，")
    assert (
        f"纳入本次统计的{s.total_catalogued}项任务中，{s.done}项已提前完成全年任务，"
        f"{s.ahead + s.on_pace}项正按计划推进，{s.lagging}项进度相对滞后，{s.no_data}项数据尚在汇总。"
    ) in lead.text
    assert texts(doc)[0] == "新闻通稿" and texts(doc)[1].startswith("演示数据 / sample data")
    assert doc.core_properties.title == headline.text
    assert doc.core_properties.author == "省政府新闻办公室"


def test_the_release_speaks_plain_words_and_prints_figures_as_newspapers_do(ctx):
    doc = read(build("docx", ctx))
    whole = "\n".join(texts(doc))
    for word in press.JARGON:
        assert word not in whole, word
    body = [p.text for p in release_paragraphs(doc)]
    assert not any(GROUPED_OR_LONG.search(t) for t in body), [t for t in body if GROUPED_OR_LONG.search(t)]
    employment = next(t for t in body if t.startswith("促进就业方面，"))
    assert "征集推送岗位40.6万个（次），提前超额完成全年任务" in employment
    assert "建成规范性实体零工市场41个，完成全年目标的82%" in employment
    # every figure with its unit, as press_figure writes it
    for ist in ctx.status.indicators:
        ind = ctx.plan.indicator(ist.code)
        if ist.actual is not None and ind.is_scheduled:
            figure = press_figure(ist.actual, ind.unit.zh, kind=str(ind.kind), target=ind.target)
            assert f"{ind.name.zh}{figure}" in "\n".join(body), ind.code
    assert "城乡居民低保标准不低于省定指导水平的要求已落实" in whole  # a standard met, in words
    assert "每人资助金额3000元，达到目标要求" in whole  # not 3000元/人 after 每人


def test_lagging_items_are_one_sentence_about_the_follow_up_not_a_list(ctx):
    doc = read(build("docx", ctx))
    lagging = ctx.status.lagging_tasks()
    sentence = next(t for t in texts(doc) if t.startswith("对进度相对滞后的"))
    names = "、".join(ctx.plan.task(ts.code).name.zh for ts in lagging[: press.MAX_NAMED])
    assert sentence.startswith(f"对进度相对滞后的{names}等{len(lagging)}项事项，")
    assert "省民政厅、省住建厅等有关部门正加大推进力度" in sentence
    assert not any(p.style.name.startswith("List") for p in doc.paragraphs)
    assert not doc.tables


def test_body_paragraphs_are_indented_two_characters_in_chinese_fonts(ctx):
    doc = read(build("docx", ctx))
    paras = release_paragraphs(doc)
    normal = doc.styles["Normal"].font.size
    for p in paras[2:]:  # the lead and the body
        ind = p._p.pPr.find(qn("w:ind"))
        assert ind.get(qn("w:firstLineChars")) == "200", p.text
        assert p.paragraph_format.first_line_indent == normal * 2
    for p in paras[:2]:  # the headline and the dateline are centred, not indented
        assert p.paragraph_format.first_line_indent is None
        assert doc.styles[p.style.name].paragraph_format.alignment == 1  # centre

    def east_asia(style: str) -> str | None:
        return doc.styles[style].element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))

    assert (east_asia("Normal"), east_asia("Title"), east_asia("Subtitle")) == ("宋体", "黑体", "楷体")


def test_the_editors_note_keeps_what_to_check_apart_from_the_release(ctx):
    paragraphs = texts(read(build("docx", ctx)))
    start = paragraphs.index("核对信息（不属于通稿正文，发布前删除）")
    assert paragraphs[start + 1] == (
        "数据截至2024年9月底；9月：已报 30 / 31 项指标；数据最后更新：2024-10-05 16:12（北京时间）；"
        "口径：最新报送数据（含未审核）。"
    )
    assert "落款日期为数据最后更新的日期，请改为实际发布日期。" in paragraphs[start:]


def test_the_release_in_english_is_a_plain_english_release(ctx):
    doc = read(build("docx", ctx.with_lang("en")))
    s = ctx.status.summary
    paras = release_paragraphs(doc)
    assert paras[0].text == (
        f"Province's 2024 livelihood projects making steady progress: {s.done} tasks already meet their annual targets"
    )
    assert paras[1].text == "(Information Office of the Provincial Government, 5 October 2024)"
    assert paras[2].text.startswith("In 2024 the province is delivering 50 livelihood projects in 10 areas")
    assert f"By the end of September, of the {s.total_catalogued} tasks covered by these figures," in paras[2].text
    body = "\n".join(p.text for p in paras)
    assert "Job postings collected and pushed: 405,978 postings, already above the annual target" in body
    assert "The departments concerned are stepping up work on the tasks behind schedule" in body
    assert not CJK.search(body)
    for word in ("lagging", "not yet reported", "catalogued", "percentage points", "ahead of schedule"):
        assert word not in body, word
    assert paras[2].paragraph_format.first_line_indent is None  # block paragraphs in English


def test_the_headline_follows_the_news(ctx):
    def with_summary(**counts):
        summary = dataclasses.replace(ctx.status.summary, **counts)
        return dataclasses.replace(ctx, status=dataclasses.replace(ctx.status, summary=summary))

    assert press.headline(with_summary(lagging=0)) == "我省2024年民生实事进展顺利\u30006项已提前完成全年任务"
    nothing_done = with_summary(done=0, ahead=3, on_pace=4)
    assert press.headline(nothing_done) == "我省2024年民生实事稳步推进\u30007项按计划推进"
    one = with_summary(done=1).with_lang("en")
    assert press.headline(one).endswith(": 1 task already meets its annual target")
    december = with_summary(lagging=0)
    december = dataclasses.replace(december, status=dataclasses.replace(december.status, as_of=12))
    assert press.headline(december) == "我省2024年民生实事进展顺利\u30006项已完成全年任务"  # no longer 提前
    assert press.closing(december) is None


def test_a_figure_carried_forward_says_its_month(demo_view):
    figures = {**demo_view.figures, ("ELD-02-1", "province", 10): 1000.0}  # one October figure, the rest older
    october = ExportContext.from_view(view_of(demo_view.plan, figures, 10), is_demo=True)
    body = "\n".join(texts(read(build("docx", october))))
    assert "征集推送岗位40.6万个（次）（9月底数据）" in body
    assert "新建改建合作助老餐厅和助餐点1000个（9月底数据）" not in body


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (399_960, "征集推送岗位39.9万个（次），完成全年目标的99.9%"),  # never rounded onto the target
        (400_300, "征集推送岗位40万个（次）以上，提前超额完成全年任务"),
    ],
)
def test_a_figure_near_its_target_is_never_rounded_into_a_claim(demo_view, value, expected):
    figures = {**demo_view.figures, ("EMP-01-1", "province", 9): float(value)}
    ctx = ExportContext.from_view(view_of(demo_view.plan, figures, 9), is_demo=False)
    assert expected in "\n".join(texts(read(build("docx", ctx))))


def test_the_issuer_is_configurable(ctx, monkeypatch):
    monkeypatch.setenv(press.ISSUER_ENV, "吉林省人民政府新闻办公室")
    monkeypatch.setenv(press.ISSUER_ENV + "_EN", "Jilin Provincial Government Information Office")
    doc = read(build("docx", ctx))
    assert "（吉林省人民政府新闻办公室\u30002024年10月5日）" in texts(doc)
    assert doc.core_properties.author == "吉林省人民政府新闻办公室"
    assert "(Jilin Provincial Government Information Office, 5 October 2024)" in texts(
        read(build("docx", ctx.with_lang("en")))
    )


def test_times_and_the_date_follow_the_configured_zone(ctx, monkeypatch):
    monkeypatch.setenv("LIVELIHOOD_TZ", "UTC")
    clock.zone.cache_clear()
    try:
        late = dataclasses.replace(ctx, last_change=LAST_CHANGE.replace(hour=20))  # 04:12 next day in Beijing
        paragraphs = texts(read(build("docx", late)))
        assert "（省政府新闻办公室\u30002024年10月5日）" in paragraphs
        assert any("数据最后更新：2024-10-05 20:12（协调世界时）" in t for t in paragraphs)
        header = build("csv", late).decode("utf-8-sig").splitlines()[0]
        assert "数据最后更新（协调世界时）" in header
    finally:
        monkeypatch.delenv("LIVELIHOOD_TZ")
        clock.zone.cache_clear()
    beijing = texts(read(build("docx", dataclasses.replace(ctx, last_change=LAST_CHANGE.replace(hour=20)))))
    assert "（省政府新闻办公室\u30002024年10月6日）" in beijing


def test_the_same_figures_give_the_same_bytes(ctx):
    first, second = build("docx", ctx), build("docx", ctx)
    assert hashlib.sha256(first).hexdigest() == hashlib.sha256(second).hexdigest()
    later = dataclasses.replace(ctx, last_change=LAST_CHANGE.replace(day=6))
    assert build("docx", later) != first  # the date and the note change with the data


def test_no_figure_no_clause(ctx):
    no_data = next(i for i in ctx.status.indicators if i.status is Status.NO_DATA)
    assert press.indicator_clause(ctx, no_data) is None
    assert ctx.plan.indicator(no_data.code).name.zh not in "\n".join(press.area_paragraphs(ctx))
