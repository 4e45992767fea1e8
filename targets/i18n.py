"""Every UI string in Simplified Chinese (the default) and English, looked up by key."""

from __future__ import annotations

LANGS = ("zh", "en")
DEFAULT_LANG = "zh"
LANG_LABELS = {"zh": "简体中文", "en": "English"}

STRINGS: dict[str, dict[str, str]] = {
    "app.title": {"zh": "民生实事跟踪", "en": "Livelihood projects tracker"},
    "sidebar.year": {"zh": "计划年度", "en": "Plan year"},
    "sidebar.language": {"zh": "语言 / Language", "en": "Language / 语言"},
    "sidebar.db": {"zh": "数据库：{name}", "en": "Database: {name}"},
    "banner.demo": {
        "zh": "演示数据：本库为合成的示例数据，不是真实填报数字。",
        "en": "Sample data: this database holds synthetic figures, not real reports.",
    },
    "nav.catalogue": {"zh": "任务目录", "en": "Catalogue"},
    "nav.group.plan": {"zh": "计划", "en": "Plan"},
    "no_plan": {
        "zh": "数据库中还没有计划。请先运行 `python -m targets init`。",
        "en": "No plan in the database yet. Run `python -m targets init` first.",
    },
    # catalogue page
    "catalogue.title": {"zh": "{year}年民生实事任务目录", "en": "{year} livelihood projects catalogue"},
    "catalogue.coverage": {
        "zh": "已收录 {tasks} / {declared_tasks} 项任务（{areas} / {declared_areas} 个方面），共 {indicators} 个量化指标。",
        "en": "{tasks} of {declared_tasks} tasks catalogued ({areas} of {declared_areas} areas), {indicators} quantitative indicators.",
    },
    "catalogue.coverage_note": {
        "zh": "其余任务待导入官方任务分解表后补齐；目录中的每个数字都可追溯到来源原文。",
        "en": "The remaining tasks come with the official task table; every number here traces to its source sentence.",
    },
    "catalogue.filter.area": {"zh": "方面", "en": "Area"},
    "catalogue.filter.lead": {"zh": "牵头单位", "en": "Lead department"},
    "catalogue.filter.search": {"zh": "搜索（编号、名称、单位）", "en": "Search (code, name, unit)"},
    "catalogue.filter.all": {"zh": "全部", "en": "All"},
    "catalogue.lead.unknown": {"zh": "（来源未载明）", "en": "(not stated in the sources)"},
    "catalogue.matches": {"zh": "符合条件的指标：{n} 个", "en": "Matching indicators: {n}"},
    "catalogue.col.code": {"zh": "编号", "en": "Code"},
    "catalogue.col.area": {"zh": "方面", "en": "Area"},
    "catalogue.col.task": {"zh": "任务", "en": "Task"},
    "catalogue.col.indicator": {"zh": "指标", "en": "Indicator"},
    "catalogue.col.target": {"zh": "目标值", "en": "Target"},
    "catalogue.col.unit": {"zh": "单位", "en": "Unit"},
    "catalogue.col.kind": {"zh": "类型", "en": "Kind"},
    "catalogue.col.lead": {"zh": "牵头单位", "en": "Lead department"},
    "catalogue.col.last_year": {"zh": "上年完成", "en": "Last year"},
    "catalogue.sources": {"zh": "查看来源原文", "en": "Show the source sentences"},
    "catalogue.source_of": {"zh": "{code} 来源：{file}", "en": "{code} source: {file}"},
    "catalogue.lead_source": {"zh": "牵头单位来源：{file}", "en": "Lead department source: {file}"},
    "catalogue.last_year_source": {"zh": "上年完成情况来源：{file}", "en": "Last year's result source: {file}"},
    "catalogue.pick_indicator": {"zh": "选择指标查看来源", "en": "Pick an indicator to see its source"},
    "kind.count": {"zh": "数量", "en": "Count"},
    "kind.minimum": {"zh": "以上（下限）", "en": "At least"},
    "kind.rate": {"zh": "比率", "en": "Rate"},
    "kind.standard": {"zh": "达标（是/否）", "en": "Standard met"},
    "kind.per_person": {"zh": "人均金额", "en": "Amount per person"},
}


def t(key: str, lang: str = DEFAULT_LANG, **values: object) -> str:
    """The string for key in lang, formatted with values; an unknown key shows itself, never fails silently."""
    entry = STRINGS.get(key)
    if entry is None:
        return f"⟦{key}⟧"
    text = entry.get(lang) or entry[DEFAULT_LANG]
    return text.format(**values) if values else text
