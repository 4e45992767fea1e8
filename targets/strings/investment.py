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
        "按月上传（“投资 import”命令或上传页的投资模板）。",
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
    "investment.template": {"zh": "下载投资填报模板", "en": "Download the investment template"},
}
