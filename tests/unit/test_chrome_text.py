"""The table of Streamlit's own interface text: every entry is text the installed frontend really shows."""

from __future__ import annotations

import json
import re
from pathlib import Path

import plotly
import streamlit

from ui import chrome

BUNDLES = [
    *(Path(streamlit.__file__).parent / "static").rglob("*.js"),
    Path(plotly.__file__).parent / "package_data" / "plotly.min.js",
]


def frontend_text() -> str:
    return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in BUNDLES if p.exists())


def test_every_entry_is_text_the_frontend_shows():
    """A Streamlit upgrade that rewords a string leaves it English: this says which entry went stale."""
    text = frontend_text()
    stale = [english for english in chrome.EXACT if english not in text]
    assert not stale, f"not in Streamlit's or Plotly's bundle any more: {stale}"


def test_patterns_match_what_the_frontend_builds():
    samples = {
        "View 4 more": "展开其余 4 项",
        "200MB per file": "单个文件不超过 200MB",
        "Help for 数据口径": "数据口径：说明",
        "Select 3 matches": "选择 3 个匹配项",
        "Press Enter to submit form": "按回车键提交",
        "Press Ctrl+Enter to apply": "按 Ctrl+回车键确认",
        "Remove XLSX": "移除「XLSX」",
    }
    for english, chinese in samples.items():
        hits = [
            (re.sub(r"\$(\d)", r"\\\1", out), pattern)
            for pattern, out in chrome.PATTERNS
            if re.search(pattern, english)
        ]
        assert len(hits) == 1, english
        out, pattern = hits[0]
        assert re.sub(pattern, out, english) == chinese


def test_the_script_carries_the_table_in_chinese_and_restores_in_english():
    zh = chrome.script_for("zh")
    table = json.loads(re.search(r"window.__ltChromeText = (\{.*?\});\n", zh).group(1))
    assert table["lang"] == "zh" and table["exact"]["Upload"] == "上传" and table["patterns"]
    en = json.loads(re.search(r"window.__ltChromeText = (\{.*?\});\n", chrome.script_for("en")).group(1))
    assert en == {"lang": "en", "exact": {}, "patterns": []}
    assert "restore()" in zh
