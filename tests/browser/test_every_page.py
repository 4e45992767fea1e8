"""Every page, as each demo account, in both languages, read the way a person reads it.

In the Chinese UI no English is left from Streamlit itself (uploader, pickers, menu, toolbars); no page
shows "UTC", "None", an untranslated key or a raw value; at 1440 px no table needs a horizontal scroll;
the whole menu is shown (never "View 4 more").
"""

from __future__ import annotations

import re
import urllib.parse
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from db import open_store
from services import accounts as users
from services.demo import DEMO_ACCOUNTS, add_demo_accounts, build_demo
from targets.access import Role

from .helpers import TESTER, TESTER_PASSWORD, init_db, open_app, running_app, sidebar, wait_for_app

PASSWORDS = {name: password for name, _role, _dept, password in DEMO_ACCOUNTS}

# What a person sees: the text, and the words a screen reader or a tooltip gives.
READ_PAGE = """() => {
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none';
  };
  // Text nodes, without icon ligatures (a Material icon is drawn from a word such as "upload").
  const parts = [];
  const it = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = it.nextNode(); n; n = it.nextNode()) {
    const el = n.parentElement;
    if (!el || el.closest('[data-testid="stIconMaterial"], script, style, noscript')) continue;
    if (n.data.trim() && visible(el)) parts.push(n.data);
  }
  for (const el of document.querySelectorAll('[aria-label], [title], [placeholder], [data-title]')) {
    if (!visible(el)) continue;
    for (const a of ['aria-label', 'title', 'placeholder', 'data-title']) {
      const v = el.getAttribute(a);
      if (v) parts.push(v);
    }
  }
  return parts.join('\\n');
}"""

# Tables wider than their frame: st.dataframe's scroller, or a plain table past the right edge.
CLIPPED_TABLES = """() => {
  const out = [];
  document.querySelectorAll('[data-testid="stDataFrame"] .dvn-scroller').forEach((s, i) => {
    if (s.scrollWidth > s.clientWidth + 2) out.push(`dataframe ${i}: ${s.scrollWidth} > ${s.clientWidth}`);
  });
  document.querySelectorAll('[data-testid="stMain"] table').forEach((t, i) => {
    if (t.closest('[data-testid="stDataFrame"]')) return;
    const r = t.getBoundingClientRect();
    if (r.width > 0 && r.right > window.innerWidth + 2) out.push(`table ${i}: right edge ${r.right}`);
  });
  return out;
}"""

# Words that may stand in the Chinese UI: file types, the accounts' own names, product and standard names.
ALLOWED_LATIN = set(
    [
        "xlsx",
        "sha",
        "xls",
        "csv",
        "tsv",
        "txt",
        "docx",
        "pdf",
        "png",
        "svg",
        "json",
        "html",
        "gbk",
        "utf",
        "wps",
        "excel",
        "word",
        "english",
        "language",
        "demo",
        "press",
        "reporter",
        "admin",
        "viewer",
        "tester",
        "setup",  # the account this test builds the demo as: the author of the demo's notes and batches
        "duckdb",
        "postgresql",
        "sso",
        "oidc",
        "url",
        "max",
        "min",
    ]
)
FILE_NAME = re.compile(r"[\w./\-]+\.(?:duckdb|xlsx|xls|csv|docx|pdf|png|svg|json|txt|yaml)\b", re.I)
PATH = re.compile(r"(?<![\w/])[\w.\-]+(?:/[\w.\-]+)+/?")  # a folder on the server (data/public), a detail
CODE = re.compile(r"\b[A-Z]{2,5}-\d{2}(?:-\d+)?\b")  # an indicator or task code, shown as a detail
RAW = [
    (re.compile(r"\bUTC\b"), "a UTC time"),
    (re.compile(r"\bNone\b"), "a raw None"),
    (re.compile(r"\bnan\b|\bNaN\b|\bNaT\b"), "a raw NaN"),
    (re.compile(r"⟦[^⟧]*⟧"), "an untranslated string key"),
    (re.compile(r"\bunassigned\b"), "a raw key (unassigned)"),
    (re.compile(r"\b[a-z]+\.[a-z_]+(?:\.[a-z_]+)*\b(?<!\.duckdb)(?<!\.xlsx)(?<!\.csv)"), "a dotted key"),
    (re.compile(r"View \d+ more"), "a folded menu"),
]


def latin_words(text: str) -> set[str]:
    """English words (3+ letters) in a Chinese page, minus file names and the allowed ones."""
    text = FILE_NAME.sub(" ", text)
    text = CODE.sub(" ", text)
    text = PATH.sub(" ", text)
    text = re.sub(r"https?://\S+", " ", text)
    words = set(re.findall(r"[A-Za-z][A-Za-z'’\-]{2,}", text))
    return {w for w in words if not all(part in ALLOWED_LATIN for part in w.lower().strip("-").split("-"))}


def problems(text: str, lang: str) -> list[str]:
    found = []
    for pattern, what in RAW:
        for m in pattern.finditer(text):
            context = text[max(0, m.start() - 30) : m.end() + 30].replace("\n", " ⏎ ")
            found.append(f"{what}: …{context}…")
            break
    if lang == "zh":
        english = latin_words(text)
        if english:
            found.append(f"English words in the Chinese UI: {sorted(english)}")
    return found


def menu_paths(page: Page) -> list[str]:
    links = sidebar(page).get_by_test_id("stSidebarNavLink")
    hrefs = (links.nth(i).get_attribute("href") or "" for i in range(links.count()))
    return sorted({urllib.parse.urlsplit(h).path.strip("/") for h in hrefs})


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    db = init_db(tmp_path_factory.mktemp("every") / "demo.duckdb", admin=False)
    store = open_store(str(db), migrate=False)
    build_demo(store, actor="setup")
    add_demo_accounts(store)  # as `demo` does: the documented accounts, then ours
    users.add_user(store, TESTER, Role.ADMIN, TESTER_PASSWORD, actor="demo-admin")
    return db


def walk(page: Page, app, account: str, lang: str) -> dict[str, list[str]]:
    """Open every page of the account's menu; what each shows that a person should not see."""
    open_app(page, app.page_url(lang=lang), as_user=(account, PASSWORDS.get(account, TESTER_PASSWORD)))
    assert not page.get_by_text(re.compile(r"View \d+ more|展开其余")).count(), "the menu is folded"
    found: dict[str, list[str]] = {}
    for path in menu_paths(page):
        open_app(page, app.page_url(path, lang=lang))
        trouble = problems(page.evaluate(READ_PAGE), lang) + page.evaluate(CLIPPED_TABLES)
        if trouble:
            found[path or "/"] = trouble
    return found


@pytest.fixture(scope="module")
def app(demo_db):
    """One server for the module: the walks only read (the phone test's one upload changes nothing they check)."""
    with running_app(demo_db) as server:
        yield server


# The admin's menu holds every page, in both languages; a reporter's and the press office's pages (their own
# landing, the due list, the export page) show what only those roles see. A viewer's pages are a subset.
@pytest.mark.parametrize(
    ("account", "lang"),
    [("demo-admin", "zh"), ("demo-admin", "en"), ("demo-reporter", "zh"), ("demo-press", "zh")],
)
def test_every_page_reads_cleanly(app, new_page, account, lang):
    page = new_page(viewport={"width": 1440, "height": 900})
    found = walk(page, app, account, lang)
    assert not found, "\n".join(f"{path}: {p}" for path, ps in found.items() for p in ps)


def test_streamlit_widgets_speak_chinese(app, new_page):
    """The uploader in Chinese; switched to English it is Streamlit's own again."""
    page = new_page(viewport={"width": 1440, "height": 900})
    open_app(page, app.page_url("upload", lang="zh"), as_user=("demo-admin", PASSWORDS["demo-admin"]))
    text = page.evaluate(READ_PAGE)
    assert "上传" in text and "单个文件不超过" in text, text
    assert not latin_words(text), text
    # Switched in the session (the sidebar's radio), Streamlit's own English comes back.
    sidebar(page).get_by_text("English", exact=True).click()
    wait_for_app(page)
    expect(page.get_by_test_id("stFileUploader")).to_contain_text("per file")
    expect(page.get_by_test_id("stFileUploader")).not_to_contain_text("单个文件")


def within_width(page: Page, locator) -> bool:
    box = locator.bounding_box()
    width = page.viewport_size["width"]
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width + 1


def test_a_reporter_uploads_and_sees_what_is_due_on_a_phone(app, new_page):
    """At 390 px: the due list and the whole upload flow (choose → preview → commit) fit the screen."""
    page = new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    open_app(page, app.page_url("due", lang="zh"), as_user=("demo-reporter", PASSWORDS["demo-reporter"]))
    no_sideways = "() => document.documentElement.scrollWidth <= window.innerWidth + 1"
    assert page.evaluate(no_sideways), "the due page scrolls sideways on a phone"
    assert page.get_by_test_id("stMain").get_by_text(re.compile("10月|9月")).count(), "the due list names no month"
    open_app(page, app.page_url("upload", lang="zh"))
    assert page.evaluate(no_sideways), "the upload page scrolls sideways on a phone"
    uploader = page.get_by_test_id("stFileUploader")
    assert within_width(page, uploader)
    uploader.locator('input[type="file"]').set_input_files(
        files=[
            {
                "name": "oct.csv",
                "mimeType": "text/csv",
                "buffer": "指标编号,月份,累计完成\nELD-02-1,2024-10,1234\n".encode(),
            }
        ]
    )
    wait_for_app(page)
    commit = page.get_by_role("button", name="确认提交")
    expect(commit).to_be_visible()
    assert within_width(page, commit)
    commit.click()
    wait_for_app(page)
    expect(page.get_by_text(re.compile("已提交批次"))).to_be_visible()
