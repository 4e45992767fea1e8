"""The words of the press release (新闻通稿): what the province's press office would issue, from one status.

Written after published progress releases on 民生实事 (read for the style, not copied):
- the Hunan provincial government's site, 2019-10-25, 「【湘潭市】提前完成16项省市重点民生实事」
  (http://www.hunan.gov.cn/hnszf/hnyw/szdt/201910/t20191025_10490632.html): a headline with the count
  done early, a lead 「截至10月20日，省实事11件15项中有9项指标提前完成……3项进度偏慢」, the slow items
  named in one sentence, and what will be done about them;
- 天健网 (Dalian), 2019-08-14, 「2019年市政府公开挂牌督办15项重点民生工程稳步推进」
  (http://dalian.runsky.com/2019-08/14/content_5971703.html): 「已完成全年任务……提前或超额完成了节点任务，
  其余18个项目均按照时间节点稳步推进」;
- seed 001 (吉林日报, the 2024 press conference): figures as the paper prints them, 「均提前超额完成」,
  「7080名」, 「613万余份」, 「建档率98.48%」.

So: a two-part headline with the news; a lead saying what, how many and as of when; one paragraph per
area with its figures in newspaper style (targets.numbers.press_figure) and plain words (no 超序时 /
慢序时 / 未填报 / 已收录, no "behind by 25.0 points"); the lagging items in one sentence about the
follow-up; the issuing body and date. The internal briefing (pdf.py) keeps the officials' terms.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from targets import clock
from targets.exports.context import ExportContext, tr
from targets.i18n import STRINGS, t
from targets.investment import bulletin_sentence
from targets.model import Direction, Kind
from targets.numbers import press_figure
from targets.status import IndicatorStatus, Status, month_end

ISSUER_ENV = "LIVELIHOOD_PRESS_ISSUER"  # the issuing body in Chinese; LIVELIHOOD_PRESS_ISSUER_EN in English
MAX_NAMED = 3  # lagging items named in the follow-up sentence; the rest are counted
# Words of the internal reports that a release never uses (the tests check the whole document).
JARGON = ("超序时", "慢序时", "按序时", "序时进度", "未填报", "已收录", "百分点", "落后")


@dataclass(frozen=True)
class Release:
    """The release as text: each field one paragraph (body: one per area, then follow-up and closing)."""

    headline: str
    dateline: str
    lead: str
    body: tuple[str, ...]


def issuer(lang: str) -> str:
    """The issuing body: LIVELIHOOD_PRESS_ISSUER(_EN) when configured, else 省政府新闻办公室."""
    configured = os.environ.get(ISSUER_ENV + ("_EN" if lang == "en" else ""), "").strip()
    return configured or t("export.press.issuer", lang)


def release_date(ctx: ExportContext) -> date:
    """The date on the release: the local day the figures last changed, so the same figures give the same
    file (the press office sets the day it issues it); without a change, the day after the month shown."""
    if ctx.last_change is not None:
        return clock.local_day(ctx.last_change)
    return date(ctx.year + (ctx.as_of == 12), ctx.as_of % 12 + 1, 1)


def date_text(day: date, lang: str) -> str:
    """2024年10月5日 / 5 October 2024 (Babel's long date)."""
    from babel.dates import format_date

    return format_date(day, "long", locale="zh_CN" if lang == "zh" else "en_GB")


def share_text(progress: float) -> str:
    """A share of the annual target as papers print it, one decimal at most (82%, 76.1%); never 100% short of it."""
    value = Decimal(repr(progress * 100))
    shown = value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    if value < 100 <= shown:
        shown = value.quantize(Decimal("0.1"), rounding=ROUND_DOWN)
    return f"{shown.normalize():f}%"


def _join(items: list[str], lang: str) -> str:
    """A、B、C / A, B and C."""
    if lang == "zh" or len(items) < 2:
        return "、".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _early(ctx: ExportContext, deadline: int = 12) -> bool:
    return ctx.as_of < deadline


def _counted(ctx: ExportContext, key: str, count: int) -> str:
    """A count in words, with the singular's own wording where the string has one (1 task meets …)."""
    one = f"{key}.one"
    return tr(ctx, one if count == 1 and one in STRINGS else key, count=count)


def headline(ctx: ExportContext) -> str:
    """我省2024年民生实事稳步推进　6项已提前完成全年任务: the pace, then the news (tasks done, else on track)."""
    s = ctx.status.summary
    pace = tr(ctx, "export.press.pace.smooth" if not s.lagging else "export.press.pace.steady")
    if s.done:
        news = _counted(ctx, "export.press.news.done_early" if _early(ctx) else "export.press.news.done", s.done)
    else:
        news = _counted(ctx, "export.press.news.on_track", s.ahead + s.on_pace)
    return tr(ctx, "export.press.headline", year=ctx.year, pace=pace, news=news, total=s.total_catalogued)


def dateline(ctx: ExportContext) -> str:
    """（省政府新闻办公室　2024年10月5日）: who issues it and when."""
    who, when = issuer(ctx.lang), date_text(release_date(ctx), ctx.lang)
    return f"（{who}\u3000{when}）" if ctx.lang == "zh" else f"({who}, {when})"


def lead(ctx: ExportContext) -> str:
    """The plan in one sentence, then the tasks as of the month in plain words."""
    s, plan, lang = ctx.status.summary, ctx.plan, ctx.lang
    named = [a.name.get(lang) for a in plan.areas[:2]]
    intro = tr(
        ctx,
        "export.press.lead.plan",
        year=ctx.year,
        areas=_join(named, lang),
        area_count=plan.declared_areas,
        declared=plan.declared_tasks,
    )
    parts = [
        tr(ctx, key, count=n)
        for key, n in (
            ("export.press.lead.done_early" if _early(ctx) else "export.press.lead.done", s.done),
            ("export.press.lead.on_track", s.ahead + s.on_pace),
            ("export.press.lead.lagging", s.lagging),
            ("export.press.lead.no_data", s.no_data),
        )
        if n
    ]
    scope_key = "export.press.lead.all" if s.total_catalogued >= s.declared_tasks else "export.press.lead.counted"
    scope = tr(ctx, scope_key, count=s.total_catalogued)
    when = month_end(ctx.as_of, lang)
    joined = "，".join(parts) if lang == "zh" else _join(parts, lang)
    return intro + tr(ctx, "export.press.lead.status", when=when, scope=scope, parts=joined)


def _figure(ctx: ExportContext, ist: IndicatorStatus) -> str:
    ind = ctx.plan.indicator(ist.code)
    unit = ind.unit.get(ctx.lang)
    name = ind.name.get(ctx.lang)
    if ind.kind is Kind.PER_PERSON and unit.endswith("/人") and "每人" in name:
        unit = unit[: -len("/人")]  # 每人资助金额3000元, not 3000元/人
    target = ind.target if ind.direction is Direction.HIGHER else None
    return press_figure(ist.actual, unit, ctx.lang, kind=str(ind.kind), target=target)


def indicator_clause(ctx: ExportContext, ist: IndicatorStatus) -> str | None:
    """征集推送岗位40.6万个（次），提前超额完成全年任务; None for an indicator without a figure or a standard not
    yet met (the follow-up sentence covers it)."""
    ind = ctx.plan.indicator(ist.code)
    lang = ctx.lang
    if ist.actual is None or ist.status is Status.NO_DATA:
        return None
    name = ind.name.get(lang)
    done = ist.status is Status.DONE
    if ind.kind is Kind.STANDARD:
        return tr(ctx, "export.press.clause.standard_met", name=name) if done else None
    text = f"{name}{_figure(ctx, ist)}" if lang == "zh" else f"{name}: {_figure(ctx, ist)}"
    if ist.stale and ist.latest_month:
        text += tr(ctx, "export.press.clause.as_of", when=month_end(ist.latest_month, lang))
    if done and not ind.is_scheduled:  # a level (an amount per person, a rate, a ceiling): where it should be
        return text + tr(ctx, "export.press.clause.level_met")
    if done:
        over = ist.progress is not None and ist.progress > 1
        key = "over" if over else "met"
        early = "_early" if _early(ctx, ind.deadline_month) else ""
        return text + tr(ctx, f"export.press.clause.{key}{early}")
    if ind.is_scheduled and ist.progress is not None:
        return text + tr(ctx, "export.press.clause.share", share=share_text(ist.progress))
    return text


def area_paragraphs(ctx: ExportContext) -> list[str]:
    """One paragraph per area with figures: 促进就业方面，全省征集推送岗位40.6万个（次），……。"""
    out = []
    sep = "；" if ctx.lang == "zh" else "; "
    for area in ctx.status.areas:
        clauses = [
            c
            for c in (indicator_clause(ctx, i) for i in ctx.status.indicators if i.area_code == area.code)
            if c is not None
        ]
        if not clauses:
            continue
        name = ctx.plan.area(area.code).name.get(ctx.lang)
        out.append(tr(ctx, "export.press.area", area=name, clauses=sep.join(clauses)))
    return out


def follow_up(ctx: ExportContext) -> str | None:
    """对进度相对滞后的A、B、C等8项事项，省民政厅、省住建厅等有关部门正加大推进力度……; None when nothing lags."""
    lagging = ctx.status.lagging_tasks()
    if not lagging:
        return None
    lang = ctx.lang
    names = [ctx.plan.task(ts.code).name.get(lang) for ts in lagging[:MAX_NAMED]]
    leads: list[str] = []
    for ts in lagging:
        worst = ctx.plan.indicator(ts.worst_indicator) if ts.worst_indicator else None
        lead_unit = (worst.lead_unit if worst else None) or ctx.plan.task(ts.code).lead_unit
        if lead_unit and lead_unit not in leads:
            leads.append(lead_unit)
    count = tr(ctx, "export.press.follow_up.count", count=len(lagging)) if len(lagging) > MAX_NAMED else ""
    who = (
        tr(ctx, "export.press.follow_up.leads", leads=_join(leads[:MAX_NAMED], lang))
        if leads and lang == "zh"  # department names are Chinese; the English release says "the departments"
        else tr(ctx, "export.press.follow_up.departments")
    )
    return tr(ctx, "export.press.follow_up", names=_join(names, lang), count=count, who=who)


def closing(ctx: ExportContext) -> str | None:
    """What comes next, while the year runs; None at the year's end."""
    return tr(ctx, "export.press.closing") if ctx.as_of < 12 else None


def investment_sentence(ctx: ExportContext) -> str:
    """完成年度总投资的X%, after the lead, when the tasks carry a planned investment; else nothing."""
    text = bulletin_sentence(ctx.investment, ctx.lang)
    return ("" if ctx.lang == "zh" or not text else " ") + text


def release(ctx: ExportContext) -> Release:
    body = [*area_paragraphs(ctx), *(p for p in (follow_up(ctx), closing(ctx)) if p)]
    return Release(headline(ctx), dateline(ctx), lead(ctx) + investment_sentence(ctx), tuple(body))
