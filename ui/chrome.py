"""Streamlit's own interface text in the page's language.

Streamlit's frontend has no locale setting: the uploader's "Upload" and "200MB per file", the
multiselect's "Choose options" and "Select all", the menu's "View 4 more", "Page not found" and the
toolbars' tooltips are English in its bundle. Widget parameters cover some (placeholders); the rest
is translated in the browser by one small script (static/chrome.js) that rewrites exactly these
strings, and restores them when the language is switched back. The table below is the whole list:
a string not in it stays as Streamlit wrote it, and the browser test finds it.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import streamlit as st

# Whole texts (a text node, or an aria-label / title / placeholder / data-title attribute).
EXACT: dict[str, str] = {
    # st.file_uploader
    "Upload": "上传",
    "Drag and drop a file here": "将文件拖放到此处",
    "Drag and drop files here": "将文件拖放到此处",
    "Drag and drop directories here": "将文件夹拖放到此处",
    # st.selectbox / st.multiselect
    "Choose an option": "请选择",
    "Choose options": "请选择（可多选）",
    "Choose or add an option": "请选择或输入",
    "Choose or add options": "请选择或输入（可多选）",
    "Add an option": "请输入",
    "Add options": "请输入（可多选）",
    "No options to select": "没有可选项",
    "No results": "没有匹配项",
    "Select all": "全选",
    "Clear all": "全部清除",
    "Clear value": "清除",
    "Open": "展开",
    "Selectbox options": "选项",
    # the navigation menu
    "View less": "收起",
    # text inputs and forms
    "Increment": "增加",
    "Decrement": "减少",
    "Show password": "显示密码",
    "Hide password": "隐藏密码",
    # tables and charts (element toolbars)
    "Download as CSV": "下载为 CSV",
    "Search": "搜索",
    "Fullscreen": "全屏",
    "Close fullscreen": "退出全屏",
    "Exit fullscreen": "退出全屏",
    "Show/hide columns": "显示/隐藏列",
    "Add row": "添加行",
    "Delete row(s)": "删除行",
    "Show data": "显示数据",
    "Copy to clipboard": "复制到剪贴板",
    # Plotly's mode bar
    "Download plot as a PNG": "下载为 PNG 图片",
    "Zoom": "缩放",
    "Pan": "平移",
    "Zoom in": "放大",
    "Zoom out": "缩小",
    "Autoscale": "自动缩放",
    "Reset axes": "重置坐标轴",
    "Reset view": "重置视图",
    "Box Select": "框选",
    "Lasso Select": "套索选择",
    "Toggle Spike Lines": "显示/隐藏辅助线",
    "Show closest data on hover": "悬停显示最近数据",
    "Compare data on hover": "悬停比较数据",
    # date inputs
    "Choose date": "选择日期",
    "yyyy": "年",
    "mm": "月",
    "dd": "日",
    # the app frame
    "App pages": "页面导航",
    "Sidebar": "侧栏",
    "Skip to main content": "跳到正文",
    "Link to heading": "本节链接",
    "Help": "说明",  # a heading's help button (its label is empty, so not "Help for …")
    "Page not found": "页面不存在",
    "Running...": "运行中…",
    "Stop": "停止",
    "Main menu": "主菜单",
    "Expand sidebar": "展开侧栏",
    "Collapse sidebar": "收起侧栏",
    "Close": "关闭",
    "Connecting": "正在连接",
    "Connection error": "连接出错",
    "Please wait...": "请稍候…",
}

# Texts with a number or a name inside; JavaScript regular expressions, $1 for the group.
PATTERNS: tuple[tuple[str, str], ...] = (
    (r"^View (\d+) more$", "展开其余 $1 项"),
    (r"^(\d+(?:\.\d+)?\s*[KMG]?B) per file$", "单个文件不超过 $1"),
    (r"^Select (\d+) matches$", "选择 $1 个匹配项"),
    (r"^Help for (.+)$", "$1：说明"),
    (r"^Press Enter to apply$", "按回车键确认"),
    (r"^Press Enter to submit form$", "按回车键提交"),
    (r"^Press (Ctrl|⌘)\+Enter to apply$", "按 $1+回车键确认"),
    (r"^Press (Ctrl|⌘)\+Enter to submit form$", "按 $1+回车键提交"),
    (r"^year, (.+)$", "$1：年"),
    (r"^month, (.+)$", "$1：月"),
    (r"^day, (.+)$", "$1：日"),
    (r"^Add: (.+)$", "添加：$1"),
    (r"^Remove (.+)$", "移除「$1」"),
    (r"^You can only select up to (\d+) options?$", "最多可选 $1 项"),
    (
        r"^The page that you have requested does not seem to exist\. Running the app's main page\.$",
        "您打开的页面不存在，已转到首页。",
    ),
    (r"^You have requested page /(.*)\. Running the app's main page\.$", "页面 /$1 不存在，已转到首页。"),
)


@cache
def _script() -> str:
    return (Path(__file__).parent / "static" / "chrome.js").read_text(encoding="utf-8")


def script_for(lang: str) -> str:
    """The <script> that puts Streamlit's own text into lang (English is Streamlit's own: restore it)."""
    table = {"lang": lang, "exact": EXACT if lang == "zh" else {}, "patterns": PATTERNS if lang == "zh" else ()}
    return f"<script>window.__ltChromeText = {json.dumps(table, ensure_ascii=False)};\n{_script()}</script>"


def localize(lang: str) -> None:
    """Run the translation script on this page, in the sidebar (it takes no space)."""
    st.sidebar.html(script_for(lang), unsafe_allow_javascript=True)
