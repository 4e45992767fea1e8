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
    # navigation
    "nav.upload": {"zh": "数据填报", "en": "Upload figures"},
    "nav.history": {"zh": "上传记录", "en": "Upload history"},
    "nav.group.data": {"zh": "数据", "en": "Data"},
    # upload page
    "upload.title": {"zh": "数据填报", "en": "Upload monthly figures"},
    "upload.tab.upload": {"zh": "上传文件", "en": "Upload a file"},
    "upload.tab.template": {"zh": "下载模板", "en": "Download a template"},
    "upload.tab.correct": {"zh": "逐项更正", "en": "Correct a value"},
    "upload.help": {
        "zh": "支持 Excel（xlsx）和 CSV（UTF-8 或 GBK）。可为长表（每行一个指标、月份[、地区]）或宽表（1月…12月）。先预览，确认后才写入。",
        "en": "Excel (xlsx) and CSV (UTF-8 or GBK). Long form (one row per indicator, month [, region]) or wide form (months as columns). Preview first; nothing is written until you confirm.",
    },
    "upload.file": {"zh": "选择文件", "en": "Choose a file"},
    "upload.month": {"zh": "月份（表格未注明月份时使用）", "en": "Month (used when the sheet does not say)"},
    "upload.month.none": {"zh": "按表格", "en": "From the sheet"},
    "upload.reading": {"zh": "正在读取并校验文件…", "en": "Reading and checking the file…"},
    "upload.summary.new": {"zh": "新增", "en": "New"},
    "upload.summary.changed": {"zh": "修改", "en": "Changed"},
    "upload.summary.unchanged": {"zh": "未变", "en": "Unchanged"},
    "upload.summary.errors": {"zh": "错误", "en": "Errors"},
    "upload.summary.warnings": {"zh": "警告", "en": "Warnings"},
    "upload.summary.rows": {
        "zh": "读取 {rows} 行（{layout}），文件 {name}",
        "en": "{rows} rows read ({layout}) from {name}",
    },
    "upload.rejected": {
        "zh": "文件有错误，整个文件被拒绝，未写入任何数据。请修改后重新上传。",
        "en": "The file has errors: it is rejected as a whole and nothing was written. Fix it and upload again.",
    },
    "upload.nothing": {
        "zh": "没有需要更改的数据：所有数值均已入库。",
        "en": "Nothing to change: every value is already stored.",
    },
    "upload.issues": {"zh": "问题清单", "en": "Issues"},
    "upload.changes": {"zh": "将要写入的变化（原值 → 新值）", "en": "Changes to be written (old → new)"},
    "upload.confirm_warnings": {
        "zh": "我已核对上述警告，确认提交",
        "en": "I have checked the warnings above; commit anyway",
    },
    "upload.commit": {"zh": "确认提交", "en": "Commit"},
    "upload.committed": {
        "zh": "已提交批次 {batch}：新增 {new}，修改 {changed}，未变 {unchanged}。",
        "en": "Committed batch {batch}: {new} new, {changed} changed, {unchanged} unchanged.",
    },
    "upload.col.row": {"zh": "行", "en": "Row"},
    "upload.col.column": {"zh": "列", "en": "Column"},
    "upload.col.severity": {"zh": "级别", "en": "Severity"},
    "upload.col.message": {"zh": "说明", "en": "Message"},
    "upload.col.indicator": {"zh": "指标", "en": "Indicator"},
    "upload.col.region": {"zh": "地区", "en": "Region"},
    "upload.col.month": {"zh": "月份", "en": "Month"},
    "upload.col.old": {"zh": "原值", "en": "Old"},
    "upload.col.new": {"zh": "新值", "en": "New"},
    "severity.error": {"zh": "错误", "en": "Error"},
    "severity.warning": {"zh": "警告", "en": "Warning"},
    "layout.long": {"zh": "长表", "en": "long form"},
    "layout.wide": {"zh": "宽表", "en": "wide form"},
    "layout.matrix": {"zh": "地区矩阵表", "en": "region matrix"},
    "template.month": {"zh": "填报月份", "en": "Month"},
    "template.department": {"zh": "牵头单位", "en": "Lead department"},
    "template.download": {
        "zh": "下载 {month} 月填报模板（xlsx）",
        "en": "Download the template for month {month} (xlsx)",
    },
    "template.help": {
        "zh": "模板已列出所选单位的指标和上月累计数，填写“累计完成”列后上传。",
        "en": "The template lists the department's indicators with last month's totals; fill in the 累计完成 column and upload it.",
    },
    "correct.indicator": {"zh": "指标", "en": "Indicator"},
    "correct.region": {"zh": "地区", "en": "Region"},
    "correct.reason": {"zh": "更正原因", "en": "Reason for the correction"},
    "correct.save": {"zh": "保存更正", "en": "Save corrections"},
    "correct.saved": {"zh": "已保存 {n} 项更正。", "en": "Saved {n} correction(s)."},
    "correct.none": {"zh": "没有修改。", "en": "No changes."},
    "correct.col.month": {"zh": "月份", "en": "Month"},
    "correct.col.value": {"zh": "累计完成", "en": "Cumulative value"},
    # history page
    "history.title": {"zh": "上传记录", "en": "Upload history"},
    "history.empty": {"zh": "还没有上传记录。", "en": "No uploads yet."},
    "history.col.batch": {"zh": "批次", "en": "Batch"},
    "history.col.kind": {"zh": "类型", "en": "Kind"},
    "history.col.when": {"zh": "时间（UTC）", "en": "When (UTC)"},
    "history.col.who": {"zh": "操作人", "en": "By"},
    "history.col.file": {"zh": "文件", "en": "File"},
    "history.col.state": {"zh": "状态", "en": "State"},
    "history.state.rolled_back": {"zh": "已被批次 {by} 回滚", "en": "rolled back by batch {by}"},
    "history.state.active": {"zh": "有效", "en": "in effect"},
    "history.pick": {"zh": "查看批次明细", "en": "Batch details"},
    "history.download": {"zh": "下载原始文件", "en": "Download the original file"},
    "history.rollback": {"zh": "回滚此批次", "en": "Roll back this batch"},
    "history.rollback_confirm": {
        "zh": "我确认回滚该批次（恢复其修改前的数值）",
        "en": "I confirm: restore the values this batch replaced",
    },
    "history.rolled_back": {"zh": "已回滚。", "en": "Rolled back."},
    "history.sha": {"zh": "文件哈希 {sha}", "en": "File hash {sha}"},
    "batch.upload": {"zh": "上传", "en": "upload"},
    "batch.correction": {"zh": "更正", "en": "correction"},
    "batch.rollback": {"zh": "回滚", "en": "rollback"},
    "batch.demo": {"zh": "演示数据", "en": "sample data"},
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
    # status against the time-proportional schedule (序时进度); targets/status.py
    "status.done": {"zh": "已完成", "en": "Done"},
    "status.ahead": {"zh": "超序时", "en": "Ahead of schedule"},
    "status.on_pace": {"zh": "按序时", "en": "On pace"},
    "status.lagging": {"zh": "慢序时", "en": "Lagging"},
    "status.no_data": {"zh": "未填报", "en": "No data"},
    "status.severity.amber": {"zh": "黄灯", "en": "Amber"},
    "status.severity.red": {"zh": "红灯", "en": "Red"},
    "status.month_end": {"zh": "{month}底", "en": "end of {month}"},
    "status.year_end": {"zh": "年底", "en": "end of December"},
    "status.explain.done": {
        "zh": "已完成全年目标：{actual} / {target}（{percent}）",
        "en": "Target reached: {actual} of {target} ({percent})",
    },
    "status.explain.behind": {
        "zh": "按序时应完成{expected}（截至{when}），实际完成{progress}，落后{points}个百分点",
        "en": "Expected {expected} by {when}, actual {progress}, {points} points behind",
    },
    "status.explain.ahead": {
        "zh": "按序时应完成{expected}（截至{when}），实际完成{progress}，超前{points}个百分点",
        "en": "Expected {expected} by {when}, actual {progress}, {points} points ahead",
    },
    "status.explain.level": {
        "zh": "按序时应完成{expected}（截至{when}），实际完成{progress}，与序时进度持平",
        "en": "Expected {expected} by {when}, actual {progress}, on schedule",
    },
    "status.explain.no_figure": {"zh": "截至{when}未填报", "en": "No figure reported up to {when}"},
    "status.explain.no_regional_target": {
        "zh": "本地区未设定该指标的目标",
        "en": "No regional target is set for this indicator",
    },
    "status.explain.no_target": {
        "zh": "目标值缺失，无法判断进度",
        "en": "No target is set, so progress cannot be judged",
    },
    "status.explain.negative_target": {
        "zh": "目标值为负数（{target}），无法判断进度",
        "en": "The target is negative ({target}), so progress cannot be judged",
    },
    "status.explain.zero_target": {
        "zh": "目标值为0，填报{actual}即视为已完成",
        "en": "The target is zero, so the figure {actual} counts as done",
    },
    "status.explain.zero_target_negative": {
        "zh": "目标值为0，但填报数为负数（{actual}），请核实",
        "en": "The target is zero but the figure is negative ({actual}); please check it",
    },
    "status.explain.standard_met": {"zh": "已达标", "en": "Standard met"},
    "status.explain.standard_pending": {
        "zh": "尚未达标，应于{deadline}前达标",
        "en": "Standard not yet met; due by {deadline}",
    },
    "status.explain.standard_missed": {
        "zh": "未达标，应于{deadline}前达标，已逾期",
        "en": "Standard not met; it was due by {deadline}",
    },
    "status.explain.per_person_met": {
        "zh": "人均{actual}，达到标准{target}",
        "en": "{actual} per person, meeting the standard of {target}",
    },
    "status.explain.per_person_below": {
        "zh": "人均{actual}，低于标准{target}",
        "en": "{actual} per person, below the standard of {target}",
    },
    "status.explain.earlier_month": {
        "zh": "采用{latest}的最新填报数据（{when}未填报）",
        "en": "using the latest figure, from {latest} (none reported for {when})",
    },
    "status.explain.fell": {
        "zh": "累计数由{before_month}的{before}降至{after_month}的{after}",
        "en": "cumulative fell from {before} in {before_month} to {after} in {after_month}",
    },
    "status.explain.projection_miss": {
        "zh": "按近期进度预计{when}完成{projection}，低于目标{target}",
        "en": "projected {projection} by {when}, short of {target}",
    },
    "status.explain.no_indicators": {"zh": "该任务暂无量化指标", "en": "This task has no quantitative indicator"},
}


def t(key: str, lang: str = DEFAULT_LANG, **values: object) -> str:
    """The string for key in lang, formatted with values; an unknown key shows itself, never fails silently."""
    entry = STRINGS.get(key)
    if entry is None:
        return f"⟦{key}⟧"
    text = entry.get(lang) or entry[DEFAULT_LANG]
    return text.format(**values) if values else text
