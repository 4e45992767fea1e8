"""What people read: months in one style, a dash for nothing, names for codes, sources as cited, audit words."""

from __future__ import annotations

import ast
import math
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest

from targets import display
from targets.access import Action
from targets.catalogue import bundled_years, load_bundled
from targets.i18n import STRINGS
from targets.periods import UNASSIGNED, PeriodAction, PeriodState
from targets.regions import load_regions

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ROOT / "targets" / "sources"


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


# --- months ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("month", range(1, 13))
def test_months_read_one_way_per_language(month):
    en = display.month_name(month, "en")
    assert display.month_name(month) == f"{month}月"
    assert display.month_label(2024, month) == f"2024年{month}月"
    assert display.month_label(2024, month, "en") == f"{en} 2024"
    assert en.isalpha() and en[0].isupper() and not en.startswith("Month")
    assert display.month_end_label(2024, month) == f"2024年{month}月底"
    assert display.month_end_label(2024, month, "en") == f"end of {en} 2024"


def test_english_month_names_are_the_calendar_names():
    assert [display.month_name(m, "en") for m in (1, 9, 12)] == ["January", "September", "December"]
    assert display.month_of("2024-09", "en") == "September 2024"
    assert display.month_of("2024-9") == "2024年9月"
    assert display.month_of("全年") == "全年"


def test_a_month_out_of_range_is_refused():
    with pytest.raises(ValueError, match="13"):
        display.month_name(13)


# --- values ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("blank", [None, float("nan"), math.nan, pd.NA, pd.NaT, "", "  "])
def test_nothing_reads_as_a_dash(blank):
    assert display.value_or_dash(blank) == "—"
    assert display.value_or_dash(blank, "en") == "—"


def test_values_read_as_people_write_them():
    assert display.value_or_dash(124597.0) == "124,597"
    assert display.value_or_dash(16487) == "16,487"
    assert display.value_or_dash(0.5) == "0.5"
    assert display.value_or_dash(1234.567) == "1,234.57"
    assert display.value_or_dash(True) == "是"
    assert display.value_or_dash(False, "en") == "no"
    assert display.value_or_dash("省民政厅") == "省民政厅"
    assert display.value_or_dash(datetime(2024, 9, 30, 17, 30)) == "2024-10-01 01:30"  # Beijing time


def test_keys_read_as_words_and_unknown_keys_as_written():
    assert display.word("batch", "correction") == "更正"
    assert display.word("batch", "upload", "en") == "upload"
    assert display.word("batch", "something_new") == "something_new"
    assert display.word("batch", None) == "—"


# --- names -----------------------------------------------------------------------------------------


def catalogue_departments() -> set[str]:
    found: set[str] = set()
    for year in bundled_years():
        plan = load_bundled(year)
        found |= {t.lead_unit for t in plan.tasks if t.lead_unit}
        found |= {i.lead_unit for i in plan.indicators if i.lead_unit}
    return found


def source_departments() -> set[str]:
    """The departments whose officials speak in the seed documents (据省民政厅相关负责人介绍)."""
    found: set[str] = set()
    for path in SOURCES.glob("*.txt"):
        found |= set(re.findall(r"据(省[\u4e00-\u9fff]{2,8}?)相关负责人介绍", squash(path.read_text(encoding="utf-8"))))
    return found


def test_the_sources_name_departments_at_all():
    assert {"省发改委", "省民政厅", "省住建厅", "省卫健委"} <= source_departments()


@pytest.mark.parametrize("name", sorted(catalogue_departments() | source_departments()))
def test_every_department_of_the_catalogue_has_an_english_name(name):
    english = display.department_name(name, "en")
    assert english != name and "Jilin" in english and re.fullmatch(r"[A-Za-z ,'\-()]+", english)
    assert display.org_name(name, "en") == english
    assert display.department_name(name) == name


def test_departments_are_found_by_their_full_name_and_listed_once():
    assert display.department_name("吉林省卫生健康委员会") == "省卫健委"
    assert display.department_name("吉林省住房和城乡建设厅", "en") == (
        "Department of Housing and Urban-Rural Development of Jilin Province"
    )
    names = [d.name for d in display.departments()]
    english = [d.en for d in display.departments()]
    assert len(names) == len(set(names)) and len(english) == len(set(english))


def test_no_department_reads_as_not_assigned_and_an_unknown_one_as_written():
    assert display.department_name(UNASSIGNED) == "未指定"
    assert display.department_name(None, "en") == "not assigned"
    assert display.org_name(UNASSIGNED) == "未指定"
    assert display.department_name("某某办公室", "en") == "某某办公室"


@pytest.mark.parametrize("region", load_regions(), ids=lambda r: r.code)
def test_regions_read_by_their_name_in_both_languages(region):
    assert display.org_name(region.code) == region.name.zh
    assert display.org_name(region.code, "en") == region.name.en
    assert display.org_name(region.name.zh, "en") == region.name.en


# --- sources ---------------------------------------------------------------------------------------


def cited_files() -> set[str]:
    files = set()
    for year in bundled_years():
        plan = load_bundled(year)
        for ind in plan.indicators:
            files.add(ind.source.file)
            if ind.last_year:
                files.add(ind.last_year.source.file)
        for task in plan.tasks:
            files.add(task.source.file)
            if task.lead_unit_source:
                files.add(task.lead_unit_source.file)
    return files


@pytest.mark.parametrize("file", sorted(cited_files()))
def test_every_cited_document_is_described_by_what_it_prints(file):
    doc = display.source_documents()[file]
    text = squash((SOURCES / file).read_text(encoding="utf-8"))
    headline_page = squash((SOURCES / (doc.continues or file)).read_text(encoding="utf-8"))
    for part in doc.title.zh.split("——"):
        assert part in headline_page, part  # the headline and subhead as printed
    assert f"{doc.publication.zh}记者" in text
    page = re.match(r"A\d", doc.page.zh)[0]
    assert f"下转{chr(ord(page[0]))}{int(page[1]) + 1}版" in text or f"上接{page[0]}{int(page[1]) - 1}版" in text
    assert f"{doc.date.month}月{doc.date.day}日" in text
    zh, en = display.source_citation(file), display.source_citation(file, "en")
    assert file not in zh and file not in en
    assert "吉林日报" in zh and "2024年1月25日" in zh
    assert "Jilin Daily" in en and "25 January 2024" in en
    assert display.source_detail(file) == f"文件：{file}"


def test_an_undescribed_source_is_cited_by_its_name():
    assert display.source_citation("第3行 catalogue.xlsx") == "第3行 catalogue.xlsx"
    assert display.source_citation(None, "en") == "(no source stated)"


# --- batches ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FakeBatch:
    id: int
    kind: str
    filename: str | None
    uploaded_by: str
    uploaded_at: datetime


def test_a_batch_is_picked_by_number_file_uploader_and_local_time():
    upload = FakeBatch(2, "upload", "9月报表.xlsx", "demo-reporter", datetime(2024, 10, 5, 8, 12))
    assert display.batch_label(upload) == "第2批 · 9月报表.xlsx · demo-reporter · 2024-10-05 16:12"
    correction = FakeBatch(7, "correction", None, "admin", datetime(2024, 10, 5, 8, 12))
    assert display.batch_label(correction, "en") == "Batch 7 · correction · admin · 2024-10-05 16:12"


# --- the audit log ---------------------------------------------------------------------------------


def _module_constants(tree: ast.Module) -> dict[str, set[str]]:
    """Names bound to string literals anywhere in a module (EXPORT_ACTION = "export.build", action = "a" if … )."""
    found: dict[str, set[str]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            values = {c.value for c in ast.walk(node.value) if isinstance(c, ast.Constant) and isinstance(c.value, str)}
            for target in node.targets:
                if isinstance(target, ast.Name) and values:
                    found.setdefault(target.id, set()).update(values)
                elif isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple):  # SET, CLEAR = "a", "b"
                    for name, value in zip(target.elts, node.value.elts, strict=False):
                        if (
                            isinstance(name, ast.Name)
                            and isinstance(value, ast.Constant)
                            and isinstance(value.value, str)
                        ):
                            found.setdefault(name.id, set()).add(value.value)
    return found


# The f-string actions and what their placeholder takes: every period action; the reasons a session ends.
FSTRING_ACTIONS = {
    "period.": {a.value for a in PeriodAction},
    "logout.": {"timeout", "disabled"},
}


def recorded_actions() -> set[str]:
    """Every action string the code passes to audit.record."""
    actions: set[str] = set()
    for path in [*(ROOT / "db").rglob("*.py"), *(ROOT / "services").rglob("*.py")]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        constants = _module_constants(tree)
        for node in ast.walk(tree):
            # A helper that records on its callers' behalf (services.revisions.write_import) takes `action=`.
            if isinstance(node, ast.Call) and not (isinstance(node.func, ast.Attribute) and node.func.attr == "record"):
                actions |= {
                    k.value.value
                    for k in node.keywords
                    if k.arg == "action" and isinstance(k.value, ast.Constant) and isinstance(k.value.value, str)
                }
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "record"
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "audit"
            ):
                continue
            arg = node.args[2] if len(node.args) > 2 else next(k.value for k in node.keywords if k.arg == "action")
            # An `a if cond else b` action: the branches are actions, the condition is not.
            branches = [arg.body, arg.orelse] if isinstance(arg, ast.IfExp) else [arg]
            for part in (p for b in branches for p in ast.walk(b)):
                if isinstance(part, ast.Constant) and isinstance(part.value, str) and part.value not in ("logout",):
                    actions.add(part.value)
                elif isinstance(part, ast.Name) and part.id in constants:
                    actions |= constants[part.id]
                elif isinstance(part, ast.JoinedStr):
                    prefix = part.values[0].value
                    actions |= {prefix + x for x in FSTRING_ACTIONS[prefix]}
            if isinstance(arg, ast.IfExp):  # "logout" if reason == "logout" else f"logout.{reason}"
                actions |= {c.value for c in (arg.body, arg.orelse) if isinstance(c, ast.Constant)}
    actions.discard("")
    return {a for a in actions if not a.endswith(".")}


def test_the_scan_finds_the_actions_people_see_most():
    assert {"login", "users.add", "figures.upload", "export.build", "catalogue.load", "period.approve"} <= (
        recorded_actions()
    )


@pytest.mark.parametrize("action", sorted(recorded_actions()))
def test_every_recorded_audit_action_has_words(action):
    assert action in display.AUDIT_ACTIONS
    zh, en = display.audit_action(action), display.audit_action(action, "en")
    assert zh != action and en != action
    assert re.search(r"[\u4e00-\u9fff]", zh) and not re.search(r"[\u4e00-\u9fff]", en)


def test_the_list_holds_no_action_the_code_never_records():
    assert set(display.AUDIT_ACTIONS) == recorded_actions()


DETAILS = {
    "users.add": {"role": "reporter", "department": "省民政厅"},
    "users.role": {"from": "viewer", "to": "admin", "department": None},
    "login": {"via": "sso"},
    "login.failed": {"reason": "wrong password", "attempt": 3, "locked": True},
    "setup.refused": {"reason": "wrong set-up token"},
    "setup.first_admin": {"via": "set-up token"},
    "denied": {"reason": "Only administrators may roll back."},
    "period.return": {"from": PeriodState.SUBMITTED.value, "to": PeriodState.RETURNED.value, "reason": "数字有误"},
    "period.deadline": {"from": 5, "to": 8},
    "figures.upload": {"file": "9月.xlsx", "sha256": "ab" * 32, "new": 3, "changed": 1, "unchanged": 0},
    "figures.correct": {"batch": 4, "old": 1200.0, "new": 1300.0, "reason": None},
    "figures.rollback": {"rollback_batch": 5, "restored": 2},
    "catalogue.load": {"file": "2024.yaml", "sha256": "cd" * 32, "indicators": 31},
    "catalogue.import": {"file": "任务表.xlsx", "changes": [{"action": "add"}]},
    "export.build": {"format": "docx", "as_of": "2024-09", "file": "x.docx", "sha256": "ef" * 32, "lang": "zh"},
    "demo.build": {"figures_written": 1234, "as_of": "2024-09"},
    "store.copy": {"tables": {"a": 3, "b": 4}, "replaced": False},
    "store.indexes_rebuilt": {"indexes": ["i1"], "batches": {"1": {"stored": "x", "found": "y"}}},
    "supervision.open": {"subject": "task:EMP-01", "level": "listed", "department": "unassigned", "person": "张三"},
    "supervision.close": {"evidence": "已完成"},
    "region_targets.edit": {"old": 100.0, "new": 120.0},
    "regions.load": {"regions": 11},
}


@pytest.mark.parametrize("action", sorted(DETAILS))
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_audit_details_read_as_a_short_sentence(action, lang):
    text = display.audit_detail(action, DETAILS[action], lang)
    assert text and not re.search(r"[{}\"⟦]|None|sha256|_", text), text
    if lang == "zh":  # stored keys (roles, states, reasons, levels) read as Chinese words
        assert not re.search(r"reporter|viewer|admin|submitted|returned|listed|wrong|password|token", text), text
    assert ("ab" * 32) not in text


def test_audit_details_say_the_names():
    assert display.audit_detail("users.add", DETAILS["users.add"]) == "角色：填报；单位：省民政厅"
    assert "Department of Civil Affairs of Jilin Province" in display.audit_detail(
        "users.add", DETAILS["users.add"], "en"
    )
    assert display.audit_detail("login.failed", DETAILS["login.failed"]) == "密码错误；第3次；账户已被锁定"
    assert (
        display.audit_detail("export.build", DETAILS["export.build"], "en") == "DOCX as of September 2024, file: x.docx"
    )
    assert display.audit_detail("logout", None) == ""
    assert "挂牌督办" in display.audit_detail("supervision.open", DETAILS["supervision.open"])


def test_every_audit_string_has_both_languages():
    keys = [k for k in STRINGS if k.startswith(("audit.action.", "audit.say.", "audit.reason.", "display."))]
    assert keys
    for key in keys:
        assert STRINGS[key]["zh"] and STRINGS[key]["en"], key


@pytest.mark.parametrize("action", list(Action), ids=str)
def test_a_refused_request_says_what_it_wanted_in_words(action):
    assert display.audit_object("denied", action.value) != action.value
    assert display.audit_object("denied", action.value, "en") != action.value


def test_audit_objects_name_regions_months_and_batches():
    assert display.audit_object("figures.correct", "EMP-01-1/220100/9") == "EMP-01-1 · 长春市 · 9月"
    assert display.audit_object("figures.correct", "EMP-01-1/220100/9", "en") == "EMP-01-1 · Changchun · September"
    assert display.audit_object("figures.rollback", "batch 3") == "第3批"
    assert display.audit_object("period.approve", "2024-09/省民政厅", "en") == (
        "September 2024 · Department of Civil Affairs of Jilin Province"
    )
    assert display.audit_object("period.lock", "2024-09/unassigned") == "2024年9月 · 未指定"
    assert display.audit_object("users.add", "demo") == "demo"
    assert display.audit_object("logout", None) == ""
