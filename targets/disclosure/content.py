"""The content of a public disclosure edition (公示): what the static site shows, built from the status of a month
on approved figures only, as one plain JSON-able document so an edition can be stored, compared and re-published.

Every number in it comes from the PlanStatus (and the Ranking for the regions) it was built from: the groups are
the status summary's task counts, each task keeps its status key and each indicator its actual, target, progress
and expected, as `status --json --approved-only` gives them for the same month.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from targets.display import department_name
from targets.i18n import t
from targets.model import Indicator, Kind, Plan
from targets.numbers import format_number
from targets.ranking import Ranking
from targets.regions import region_name
from targets.status import PlanStatus, month_label

SCHEMA = 1
# The public groups, in the order notices list them (the tracker's statuses: 已完成 / 超序时 / 按序时 / 慢序时).
GROUPS = ("done", "ahead", "on_pace", "lagging", "no_data")
LANGS = ("zh", "en")


@dataclass(frozen=True)
class Particulars:
    """What the publisher states about an edition: the body issuing it, how to reach it, the objection window."""

    issuer_zh: str
    issuer_en: str
    window_from: date
    window_to: date
    published_on: date
    address: str = ""
    contact: str = ""
    phone: str = ""
    notice_zh: str = ""  # the notice's text; blank: generated from the figures
    notice_en: str = ""
    objections_url: str = ""

    def problems(self) -> list[tuple[str, str, str]]:
        """(code, en, zh) for each thing wrong, before anything is built."""
        found = []
        if not self.issuer_zh.strip():
            found.append(("no_issuer", "The issuing body is required.", "须填写发布单位。"))
        if self.window_to < self.window_from:
            found.append(
                (
                    "bad_window",
                    f"The comment period ends ({self.window_to}) before it starts ({self.window_from}).",
                    f"公示截止日（{self.window_to}）早于开始日（{self.window_from}）。",
                )
            )
        url = self.objections_url.strip()
        if url and not url.startswith(("https://", "http://")):
            found.append(
                (
                    "bad_objections_url",
                    f"The objection form's address must start with https:// or http://, not {url!r}.",
                    f"异议提交网址须以 https:// 或 http:// 开头：{url}",
                )
            )
        return found


@dataclass(frozen=True)
class Reply:
    """A reply to an objection that an admin has published (services.objections)."""

    question: str
    reply: str
    replied_at: str  # ISO date


@dataclass(frozen=True)
class Sources:
    """What an edition is built from: the plan, its status on approved figures, the regions ranked on them."""

    plan: Plan
    status: PlanStatus
    ranking: Ranking | None
    replies: tuple[Reply, ...] = field(default_factory=tuple)


def share_text(count: int, total: int) -> str:
    """A share as notices print it: 30%, 33.3%."""
    if not total:
        return "0%"
    pct = round(count * 100 / total, 1)
    return f"{pct:g}%"


def date_text(day: date, lang: str) -> str:
    """A date as the notice reads: 2024年7月10日 / 10 July 2024."""
    if lang == "en":
        return f"{day.day} {month_label(day.month, 'en')} {day.year}"
    return f"{day.year}年{day.month}月{day.day}日"


def _month(month: int, lang: str) -> str | int:
    """A month as the strings take it: 6 (in 「1—6月」) or June."""
    return month_label(month, "en") if lang == "en" else month


def _both(key: str, **values: Any) -> dict[str, str]:
    return {lang: t(key, lang, **values) for lang in LANGS}


def _quantity(value: float | None, ind: Indicator, lang: str) -> str:
    if value is None:
        return t("disclosure.site.not_reported", lang)
    if ind.kind is Kind.STANDARD:
        return t("disclosure.site.standard_met" if value >= 1 else "disclosure.site.standard_not_met", lang)
    text = format_number(value)
    if ind.kind is Kind.RATE:
        return f"{text}%"
    unit = ind.unit.get(lang)
    if not unit:
        return text
    return f"{text}{unit}" if lang == "zh" else f"{text} {unit}"


def _target(ind: Indicator, target: float, lang: str) -> str:
    if ind.kind is Kind.STANDARD:
        return t("disclosure.site.standard_met", lang)
    shown = _quantity(target, ind, lang)
    return t("disclosure.site.ceiling", lang, value=shown) if ind.is_ceiling else shown


def _pct(share: float | None) -> float | None:
    return None if share is None else round(share * 100, 1)


def _indicator(plan: Plan, ist) -> dict[str, Any]:
    ind = plan.indicator(ist.code)
    target = ist.target if ist.target is not None else ind.target
    return {
        "code": ist.code,
        "name": {lang: ind.name.get(lang) for lang in LANGS},
        "unit": {lang: ind.unit.get(lang) for lang in LANGS},
        "kind": ind.kind.value,
        "direction": ind.direction.value,
        "status": ist.status.value,
        "actual": ist.actual,
        "target": target,
        "progress": None if ist.progress is None else round(ist.progress, 4),
        "expected": None if ist.expected is None else round(ist.expected, 4),
        "figure_month": ist.latest_month,
        "shown": {
            lang: {
                "target": _target(ind, target, lang),
                "actual": _quantity(ist.actual, ind, lang),
                "progress": "—" if ist.progress is None else f"{_pct(ist.progress):g}%",
                "expected": "—" if ist.expected is None else f"{_pct(ist.expected):g}%",
                "figure_month": "—"
                if ist.latest_month is None
                else t("disclosure.site.month_end", lang, month=_month(ist.latest_month, lang)),
            }
            for lang in LANGS
        },
    }


def _lead(unit: str | None) -> dict[str, str]:
    if not unit:
        return {lang: "—" for lang in LANGS}
    return {lang: department_name(unit, lang) for lang in LANGS}


def build_content(sources: Sources, particulars: Particulars, *, sample_data: bool = False) -> dict[str, Any]:
    """The edition as one document: the groups, the areas, the list, the slow items and their regions, the notice,
    the objection window and the issuer, each string in Chinese and English."""
    plan, ps, ranking = sources.plan, sources.status, sources.ranking
    month, year = ps.as_of, ps.year
    summary = ps.summary
    total = summary.total_catalogued
    counts = {g: getattr(summary, g) for g in GROUPS}
    lagging_by_task = ranking.lagging_by_task if ranking else {}

    tasks = []
    for n, ts in enumerate(ps.tasks, start=1):
        task = plan.task(ts.code)
        regions = [
            {"code": r, "name": {lang: region_name(r, lang) for lang in LANGS}}
            for r in lagging_by_task.get(ts.code, [])
        ]
        tasks.append(
            {
                "no": n,
                "code": ts.code,
                "area": ts.area_code,
                "name": {lang: task.name.get(lang) for lang in LANGS},
                "lead": _lead(task.lead_unit or next((i.lead_unit for i in plan.indicators_of(ts.code)), None)),
                "status": ts.status.value,
                "group": _both(f"disclosure.group.{ts.status.value}"),
                "slow_regions": regions,
                "indicators": [_indicator(plan, i) for i in ps.indicators if i.task_code == ts.code],
            }
        )
    names = {task["code"]: task["name"] for task in tasks}

    areas = []
    for a in ps.areas:
        area = plan.area(a.code)
        area_counts = {g: getattr(a, g) for g in GROUPS}
        areas.append(
            {
                "code": a.code,
                "name": {lang: area.name.get(lang) for lang in LANGS},
                "counts": area_counts,
                "total": a.total_catalogued,
            }
        )

    slow = [task for task in tasks if task["status"] == "lagging"]
    by_region: dict[str, list[str]] = {}
    for task in slow:
        for r in task["slow_regions"]:
            by_region.setdefault(r["code"], []).append(task["code"])

    doc: dict[str, Any] = {
        "schema": SCHEMA,
        "year": year,
        "as_of": f"{year}-{month:02d}",
        "month": month,
        "figures": "approved",
        "sample_data": sample_data,
        "title": {lang: t("disclosure.site.title", lang, year=year, month=_month(month, lang)) for lang in LANGS},
        "basis": {lang: t("disclosure.site.basis", lang, year=year, month=_month(month, lang)) for lang in LANGS},
        "published_on": particulars.published_on.isoformat(),
        "published_on_text": {lang: date_text(particulars.published_on, lang) for lang in LANGS},
        "issuer": {"zh": particulars.issuer_zh.strip(), "en": particulars.issuer_en.strip() or particulars.issuer_zh},
        "address": particulars.address.strip(),
        "contact": particulars.contact.strip(),
        "phone": particulars.phone.strip(),
        "objections_url": particulars.objections_url.strip() or None,
        "window": {
            "from": particulars.window_from.isoformat(),
            "to": particulars.window_to.isoformat(),
            "text": {
                lang: t(
                    "disclosure.site.window",
                    lang,
                    start=date_text(particulars.window_from, lang),
                    end=date_text(particulars.window_to, lang),
                )
                for lang in LANGS
            },
        },
        "total": total,
        "groups": [
            {
                "key": g,
                "label": _both(f"disclosure.group.{g}"),
                "count": counts[g],
                "share": round(counts[g] / total, 4) if total else 0.0,
                "share_text": share_text(counts[g], total),
            }
            for g in GROUPS
        ],
        "areas": areas,
        "tasks": tasks,
        "slow": [task["code"] for task in slow],
        "slow_by_region": [
            {
                "code": r,
                "name": {lang: region_name(r, lang) for lang in LANGS},
                "tasks": codes,
                "text": {
                    lang: t(
                        "disclosure.site.region_line",
                        lang,
                        region=region_name(r, lang),
                        count=len(codes),
                        tasks=("、" if lang == "zh" else "; ").join(names[c][lang] for c in codes),
                    )
                    for lang in LANGS
                },
            }
            for r, codes in by_region.items()
        ],
        "replies": [{"question": r.question, "reply": r.reply, "replied_at": r.replied_at} for r in sources.replies],
    }
    doc["notice"] = {
        "zh": particulars.notice_zh.strip() or _generated_notice(doc, "zh"),
        "en": particulars.notice_en.strip() or _generated_notice(doc, "en"),
    }
    doc["notice_generated"] = not particulars.notice_zh.strip()
    return doc


def _generated_notice(doc: dict[str, Any], lang: str) -> str:
    """Paragraphs in the way published notices word it: the purpose, the groups with counts and shares (the slow
    items named), the regions holding them back, a call to act."""
    month, year = _month(doc["month"], lang), doc["year"]
    intro = t("disclosure.notice.intro", lang, year=year, month=month)
    tasks = {task["code"]: task for task in doc["tasks"]}
    parts = []
    for g in doc["groups"]:
        if not g["count"]:
            continue
        label = g["label"][lang]
        values = {"group": label, "count": g["count"], "share": g["share_text"]}
        if g["key"] == "lagging":
            sep = "、" if lang == "zh" else ", "
            named = sep.join(tasks[c]["name"][lang] for c in doc["slow"])
            parts.append(t("disclosure.notice.group_part_named", lang, names=named, **values))
        else:
            parts.append(t("disclosure.notice.group_part", lang, **values))
    lead = t("disclosure.notice.summary_lead", lang, month=month)
    summary = lead + ("；" if lang == "zh" else "; ").join(parts) + ("。" if lang == "zh" else ".")
    paragraphs = [intro, summary]
    if doc["slow_by_region"]:
        sep = "；" if lang == "zh" else "; "
        lines = sep.join(r["text"][lang] for r in doc["slow_by_region"])
        paragraphs.append(
            t("disclosure.site.by_region", lang)
            + ("" if lang == "zh" else " ")
            + lines
            + ("。" if lang == "zh" else ".")
        )
    if doc["slow"]:
        paragraphs.append(t("disclosure.notice.closing", lang))
    return "\n\n".join(paragraphs)


def canonical(doc: dict[str, Any]) -> str:
    """The content as stored: sorted keys, no spaces to vary, so equal content gives equal bytes and hash."""
    return json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def content_hash(doc: dict[str, Any]) -> str:
    return hashlib.sha256(canonical(doc).encode("utf-8")).hexdigest()
