"""What people read instead of raw values: months in one style per language, a dash for nothing, words for
keys, names for codes (regions and departments, in English too), a document as people cite it, an audit
entry as a sentence and an upload batch by its number, file, uploader and time.

Pages and exports call these, so every screen says the same thing the same way.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from babel.dates import format_date

from targets import clock
from targets.i18n import t
from targets.labels import label_key
from targets.model import Text
from targets.regions import load_regions, match_region

DASH = "—"
UNASSIGNED = "unassigned"  # targets.periods.UNASSIGNED: indicators whose lead department no source names
DEPARTMENTS_FILE = Path(__file__).with_name("departments.yaml")
DOCUMENTS_FILE = Path(__file__).with_name("sources") / "documents.yaml"


# --- months ----------------------------------------------------------------------------------------


def month_label(year: int, month: int, lang: str = "zh") -> str:
    """A month of a year: 「2024年9月」 / "September 2024"."""
    if lang == "en":
        return format_date(date(year, month, 1), "MMMM y", locale="en")
    return f"{year}年{month}月"


def month_name(month: int, lang: str = "zh") -> str:
    """A month without its year: 「9月」 / "September"."""
    if not 1 <= int(month) <= 12:
        raise ValueError(f"month {month!r} is not 1–12")
    if lang == "en":
        return format_date(date(2000, int(month), 1), "LLLL", locale="en")
    return f"{int(month)}月"


def month_end_label(year: int, month: int, lang: str = "zh") -> str:
    """As of the end of a month: 「2024年9月底」 / "end of September 2024"."""
    return f"end of {month_label(year, month, 'en')}" if lang == "en" else f"{month_label(year, month)}底"


def month_of(text: str, lang: str = "zh") -> str:
    """A stored "2024-09" as a month label; any other text as written."""
    found = re.fullmatch(r"(\d{4})-(\d{1,2})", str(text).strip())
    return month_label(int(found[1]), int(found[2]), lang) if found else str(text)


# --- values ----------------------------------------------------------------------------------------


def is_blank(value: object) -> bool:
    """Nothing to show: None, NaN, pandas' NA/NaT, or text of only spaces."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, float):
        return math.isnan(value)
    return type(value).__name__ in {"NAType", "NaTType"}


def yes_no(value: bool, lang: str = "zh") -> str:
    return t("display.yes" if value else "display.no", lang)


def number(value: float | int) -> str:
    """A figure with thousands separators and no trailing ".0": 124,597 / 0.5 / 1,234.56."""
    if isinstance(value, bool):
        raise TypeError("a boolean is not a figure")
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def value_or_dash(value: object, lang: str = "zh") -> str:
    """A cell as people read it: a dash for nothing, words for booleans, separators in numbers, text as is."""
    if is_blank(value):
        return DASH
    if isinstance(value, bool):
        return yes_no(value, lang)
    if isinstance(value, int | float):
        return number(value)
    if isinstance(value, datetime):
        return clock.show(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def word(group: str, key: object, lang: str = "zh") -> str:
    """A stored key as words from the strings table (display.<group>.<key>); a dash for nothing.

    An unknown key is shown as written rather than as a ⟦marker⟧: a new key should be added to the table,
    and the tests that walk the keys the code uses say which."""
    if is_blank(key):
        return DASH
    text = t(f"{group}.{key}", lang)
    return str(key) if text.startswith("⟦") else text


# --- names of regions and departments --------------------------------------------------------------


@dataclass(frozen=True)
class Department:
    name: str  # the short name the catalogue uses: 省民政厅
    full: str  # 吉林省民政厅
    en: str
    aliases: tuple[str, ...] = ()


@cache
def departments(path: Path = DEPARTMENTS_FILE) -> tuple[Department, ...]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return tuple(
        Department(str(d["name"]), str(d["full"]), str(d["en"]), tuple(d.get("aliases") or ()))
        for d in data["departments"]
    )


@cache
def _department_index() -> dict[str, Department]:
    index: dict[str, Department] = {}
    for d in departments():
        for name in (d.name, d.full, d.en, *d.aliases):
            index[label_key(name)] = d
    return index


def department(name: object) -> Department | None:
    """The department a name stands for, as the catalogue or a sheet writes it (省民政厅, 吉林省民政厅)."""
    return None if is_blank(name) else _department_index().get(label_key(name))


def department_name(name: object, lang: str = "zh") -> str:
    """A department in the language: 省民政厅 / Department of Civil Affairs of Jilin Province; 未指定 for none."""
    if is_blank(name) or name == UNASSIGNED:
        return t("display.unassigned", lang)
    found = department(name)
    if found is None:
        return str(name)
    return found.en if lang == "en" else found.name


def region_label(value: object, lang: str = "zh") -> str | None:
    """A region (its code or a name people write) in the language, or None if it is no region."""
    if is_blank(value):
        return None
    code = match_region(value)
    if code is None:
        return None
    return next(r.name.get(lang) for r in load_regions() if r.code == code)


def org_name(value: object, lang: str = "zh") -> str:
    """A region (code or name) or a department in the language; a dash for nothing; anything else as written."""
    if is_blank(value):
        return DASH
    if value == UNASSIGNED:
        return department_name(value, lang)
    region = region_label(value, lang)
    if region is not None:
        return region
    return department_name(value, lang)


# --- source documents ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceDocument:
    """A seed document as people cite it: headline, newspaper and page, and the date it gives."""

    file: str
    title: Text
    publication: Text
    page: Text
    date: date
    date_is: Text  # what the date is, with {date}: 「报道{date}的新闻发布会」
    continues: str | None = None  # the file of the page this one continues (which prints the headline)

    def citation(self, lang: str = "zh") -> str:
        if lang == "en":
            when = format_date(self.date, "d MMMM y", locale="en")
            return f"“{self.title.en}”, {self.publication.en}, {self.page.en}, {self.date_is.en.format(date=when)}"
        when = f"{self.date.year}年{self.date.month}月{self.date.day}日"
        return f"《{self.title.zh}》，《{self.publication.zh}》{self.page.zh}，{self.date_is.zh.format(date=when)}"


@cache
def source_documents(path: Path = DOCUMENTS_FILE) -> dict[str, SourceDocument]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    found = {}
    for d in data["documents"]:
        found[d["file"]] = SourceDocument(
            file=d["file"],
            title=Text(**d["title"]),
            publication=Text(**d["publication"]),
            page=Text(**d["page"]),
            date=d["date"],
            date_is=Text(**d["date_is"]),
            continues=d.get("continues"),
        )
    return found


def source_citation(file: str | None, lang: str = "zh") -> str:
    """A source as people cite it (headline, newspaper, page, date); an uncatalogued source by its name."""
    if is_blank(file):
        return t("display.no_source", lang)
    doc = source_documents().get(str(file))
    return doc.citation(lang) if doc else str(file)


def source_detail(file: str | None, lang: str = "zh") -> str:
    """The file behind a citation, as a detail: 「文件：000_….txt」."""
    return "" if is_blank(file) else t("display.source_file", lang, file=file)


# --- upload batches --------------------------------------------------------------------------------


def batch_label(batch: Any, lang: str = "zh") -> str:
    """A batch as people pick it: 「第2批 · 9月报表.xlsx · 省民政厅填报员 · 2024-10-05 16:12」."""
    what = batch.filename or word("batch", batch.kind, lang)
    return " · ".join(
        (t("display.batch_no", lang, id=batch.id), str(what), str(batch.uploaded_by), clock.show(batch.uploaded_at))
    )


# --- the audit log ---------------------------------------------------------------------------------

# Every action the code records (db.audit.record); tests/unit/test_display.py reads the code and checks.
AUDIT_ACTIONS = (
    "login",
    "login.failed",
    "logout",
    "logout.timeout",
    "logout.disabled",
    "setup.refused",
    "setup.first_admin",
    "users.add",
    "users.role",
    "users.disable",
    "users.enable",
    "users.password",
    "users.contact",
    "denied",
    "regions.load",
    "catalogue.load",
    "catalogue.refresh",
    "catalogue.import",
    "investment.upload",
    "plan.adopt",
    "trajectory.set",
    "trajectory.clear",
    "rules.set",
    "candidates.import",
    "candidates.edit",
    "vote.record",
    "rating.record",
    "disclosure.publish",
    "disclosure.republish",
    "figures.upload",
    "figures.correct",
    "figures.rollback",
    "region_targets.import",
    "region_targets.edit",
    "milestones.import",
    "period.submit",
    "period.approve",
    "period.return",
    "period.lock",
    "period.reopen",
    "period.deadline",
    "supervision.open",
    "supervision.dismiss",
    "supervision.note",
    "supervision.close",
    "narrative.set",
    "objections.window",
    "objections.reply",
    "objections.publish",
    "objections.reject",
    "remind.run",
    "export.build",
    "demo.build",
    "store.copy",
    "store.indexes_rebuilt",
)


def audit_action(action: str, lang: str = "zh") -> str:
    """An audit action in words: login → 登录, users.add → 新增账户."""
    return word("audit.action", action, lang)


def audit_object(action: str, obj: object, lang: str = "zh") -> str:
    """What an audit entry is about, with names for codes: 「EMP-01-1 · 长春市 · 9月」, 「第3批」, 「2024年9月 · 省民政厅」."""
    if is_blank(obj):
        return ""
    text = str(obj)
    if action == "denied":
        return word("access.action", text, lang)
    batch = re.fullmatch(r"batch (\d+)", text)
    if batch:
        return t("display.batch_no", lang, id=batch[1])
    objection = re.fullmatch(r"objection (\d+)", text)
    if objection:
        return t("display.objection_no", lang, id=objection[1])
    item = re.fullmatch(r"item (\d+)", text)
    if item:
        return t("display.item_no", lang, id=item[1])
    parts = text.split("/")
    if action == "figures.correct" and len(parts) == 3 and parts[2].isdigit():
        return " · ".join((parts[0], org_name(parts[1], lang), month_name(int(parts[2]), lang)))
    if action == "region_targets.edit" and len(parts) == 2:
        return " · ".join((parts[0], org_name(parts[1], lang)))
    if action.startswith(("period.", "supervision.")) and len(parts) >= 2 and re.fullmatch(r"\d{4}-\d{2}", parts[0]):
        rest = "/".join(parts[1:])
        return " · ".join((month_of(parts[0], lang), org_name(rest, lang) if action.startswith("period.") else rest))
    return text


def _role(value: object, lang: str) -> str:
    return word("role", value, lang)


def _state(value: object, lang: str) -> str:
    return word("periods.state", value, lang)


def _sep(lang: str) -> str:
    return "; " if lang == "en" else "；"


def audit_detail(action: str, detail: Any, lang: str = "zh") -> str:
    """An audit entry's recorded detail as a short sentence in the language; empty when there is none."""
    if detail is None or detail == {}:
        return ""
    if not isinstance(detail, Mapping):
        return value_or_dash(detail, lang)
    d = dict(detail)
    parts: list[str] = []

    def say(key: str, **values: object) -> None:
        parts.append(t(f"audit.say.{key}", lang, **values))

    if action in ("login.failed", "setup.refused"):
        if d.get("reason"):
            parts.append(word("audit.reason", str(d["reason"]).replace(" ", "_"), lang))
        if d.get("attempt"):
            say("attempt", n=d["attempt"])
        if d.get("locked"):
            say("now_locked")
    elif action == "denied":
        say("denied")
        if lang == "en" and d.get("reason"):  # the refusal is recorded in English only
            parts.append(str(d["reason"]))
    elif action in ("users.add", "users.role"):
        if "from" in d:
            say("role_change", old=_role(d["from"], lang), new=_role(d.get("to"), lang))
        elif d.get("role"):
            say("role", role=_role(d["role"], lang))
        if d.get("department"):
            say("department", department=department_name(d["department"], lang))
    elif action.startswith("period.") and action != "period.deadline":
        say("state_change", old=_state(d.get("from"), lang), new=_state(d.get("to"), lang))
        if d.get("reason"):
            say("reason", reason=d["reason"])
    elif action == "period.deadline":
        say("deadline", old=value_or_dash(d.get("from"), lang), new=value_or_dash(d.get("to"), lang))
    elif action in ("figures.upload", "region_targets.import", "milestones.import"):
        say("file", file=d.get("file") or DASH)
        say("counts", new=d.get("new", 0), changed=d.get("changed", 0), unchanged=d.get("unchanged", DASH))
        if d.get("dropped_rows"):
            say("dropped", n=d["dropped_rows"])
    elif action == "figures.correct":
        say("value_change", old=value_or_dash(d.get("old"), lang), new=value_or_dash(d.get("new"), lang))
        if d.get("batch"):
            say("batch", id=d["batch"])
        if d.get("reason"):
            say("reason", reason=d["reason"])
    elif action == "region_targets.edit":
        say("value_change", old=value_or_dash(d.get("old"), lang), new=value_or_dash(d.get("new"), lang))
    elif action == "figures.rollback":
        say("rollback", id=d.get("rollback_batch", DASH), n=d.get("restored", 0))
    elif action in ("catalogue.load", "catalogue.refresh"):
        say("file", file=d.get("file") or DASH)
        say("indicators", n=d.get("indicators", 0))
    elif action == "catalogue.import":
        say("file", file=d.get("file") or DASH)
        say("changes", n=len(d.get("changes") or ()))
    elif action == "candidates.edit":  # candidate 3 of 2025: its changes, old → new, are in the detail
        say("changes", n=len(d.get("changes") or ()))
    elif action == "regions.load":
        say("regions", n=d.get("regions", 0))
    elif action == "export.build":
        fmt = str(d.get("format", "")).upper() or DASH
        as_of = str(d.get("as_of") or "")
        say("export", format=fmt, as_of=month_of(as_of, lang) if as_of else DASH, file=d.get("file") or DASH)
    elif action == "demo.build":
        say("demo", n=number(d.get("figures_written", 0)), as_of=month_of(str(d.get("as_of", "")), lang))
    elif action == "store.copy":
        tables = d.get("tables") or {}
        say("copy", n=len(tables), rows=number(sum(int(v) for v in tables.values())))
        if d.get("replaced"):
            say("replaced")
    elif action == "store.indexes_rebuilt":
        say("indexes", n=len(d.get("indexes") or ()), batches=len(d.get("batches") or ()))
    elif action == "supervision.open":
        say("level", level=word("supervision.level", d.get("level"), lang))
        if d.get("department"):
            say("department", department=department_name(d["department"], lang))
        if d.get("person"):
            say("person", person=d["person"])
        if d.get("deadline"):
            say("due", day=d["deadline"])
    elif action in ("supervision.dismiss", "objections.reject") and d.get("reason"):
        say("reason", reason=d["reason"])
    elif action == "supervision.note" and d.get("text"):
        parts.append(str(d["text"]))
    elif action == "supervision.close" and d.get("evidence"):
        say("evidence", text=d["evidence"])
    if d.get("via") == "sso":
        say("via_sso")
    elif d.get("via") == "set-up token":
        say("via_token")
    return _sep(lang).join(p for p in parts if p)
