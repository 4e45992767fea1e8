"""UI strings: investment (计划投资, 完成投资, 完成年度总投资的X%)."""

STRINGS: dict[str, dict[str, str]] = {
    "investment.title": {"zh": "投资完成情况", "en": "Investment"},
    "investment.share": {"zh": "完成年度总投资", "en": "Share of the year's investment"},
    "investment.planned": {"zh": "计划投资（万元）", "en": "Planned (10k yuan)"},
    "investment.completed": {"zh": "完成投资（万元）", "en": "Completed (10k yuan)"},
    "investment.source": {"zh": "资金来源", "en": "Source"},
    "investment.line": {
        "zh": "**完成年度总投资的{share}** · 已完成投资 {completed} 万元 / 计划投资 {planned} 万元",
        "en": "**{share} of the year's investment completed** · {completed} of {planned} (10k yuan)",
    },
    "investment.none": {"zh": "未列计划投资", "en": "No planned investment"},
    "investment.help": {
        "zh": "完成年度总投资的比例 = 累计完成投资 ÷ 年度计划投资。地区、类别和全省的合计只计入列有计划投资的任务"
        "（计划和完成两边都只计这些任务），没有计划投资的任务不计入。计划投资来自任务分解表，完成投资由各牵头单位"
        "按月上传（投资填报页的模板，或命令行）。",
        "en": "Share of the year's investment = cumulative investment completed ÷ the year's planned investment. An "
        "area's and the province's totals count only the tasks that have a planned investment (on both sides); tasks "
        "without one are left out. The plan comes from the task table; the lead departments upload the completed "
        "investment monthly (`investment import`, or the investment template).",
    },
    "investment.task.none": {
        "zh": "任务分解表未列本任务的计划投资。",
        "en": "The task table gives this task no planned investment.",
    },
    "investment.source.total": {"zh": "合计", "en": "Total"},
    "investment.source.central": {"zh": "中央资金", "en": "Central"},
    "investment.source.provincial": {"zh": "省级资金", "en": "Provincial"},
    "investment.source.county": {"zh": "市县资金", "en": "City and county"},
    "investment.source.other": {"zh": "其他资金", "en": "Other"},
    "nav.investment": {"zh": "投资填报", "en": "Investment"},
    "plan_admin.catalogue.field.investment": {"zh": "计划投资（万元）", "en": "Planned investment (10k yuan)"},
    "investment.page.title": {"zh": "投资填报", "en": "Investment upload"},
    "investment.page.month": {"zh": "月份", "en": "Month"},
    "investment.page.file": {"zh": "文件", "en": "File"},
    "investment.page.counts": {
        "zh": "读取 {rows} 行：新增 {new} 项，更正 {changed} 项，未变 {unchanged} 项。",
        "en": "{rows} rows read: {new} new, {changed} corrected, {unchanged} unchanged.",
    },
    "investment.page.severity": {"zh": "类型", "en": "Kind"},
    "investment.page.error": {"zh": "错误", "en": "Error"},
    "investment.page.warning": {"zh": "警告", "en": "Warning"},
    "investment.page.row": {"zh": "行", "en": "Row"},
    "investment.page.column": {"zh": "列", "en": "Column"},
    "investment.page.message": {"zh": "说明", "en": "Message"},
    "investment.page.task": {"zh": "任务", "en": "Task"},
    "investment.page.old": {"zh": "原累计（万元）", "en": "Before (10k yuan)"},
    "investment.page.new": {"zh": "新累计（万元）", "en": "After (10k yuan)"},
    "investment.page.confirm": {"zh": "已核对上述警告，确认提交", "en": "I have checked the warnings; commit"},
    "investment.page.commit": {"zh": "提交", "en": "Commit"},
    "investment.page.done": {"zh": "已提交（批次 {batch}）。", "en": "Committed (batch {batch})."},
    "investment.page.history": {"zh": "完成投资的修改记录", "en": "Revisions of the completed investment"},
    "investment.page.by": {"zh": "填报人", "en": "By"},
    "investment.page.state": {"zh": "状态", "en": "State"},
    "investment.page.current": {"zh": "现行", "en": "Current"},
    "investment.page.superseded": {"zh": "已被更正", "en": "Superseded"},
    "investment.page.no_history": {"zh": "暂无填报。", "en": "Nothing uploaded yet."},
    "investment.catalogue": {"zh": "计划投资（万元）", "en": "Planned investment (10k yuan)"},
    "investment.template": {"zh": "下载投资填报模板", "en": "Download the investment template"},
}
