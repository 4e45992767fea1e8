"""UI strings: the departments' own word (进展说明) — progress, problems, next steps and a confidence rating."""

STRINGS: dict[str, dict[str, str]] = {
    "nav.word": {"zh": "进展说明", "en": "Progress notes"},
    "word.confidence.confident": {"zh": "有把握", "en": "Confident"},
    "word.confidence.at_risk": {"zh": "有风险", "en": "At risk"},
    "word.confidence.unlikely": {"zh": "难以完成", "en": "Unlikely"},
    "word.field.progress": {"zh": "进展情况", "en": "Progress"},
    "word.field.problems": {"zh": "存在问题", "en": "Problems"},
    "word.field.next_steps": {"zh": "下步打算", "en": "Next steps"},
    "word.field.confidence": {"zh": "信心", "en": "Confidence"},
    # --- problems (errors as values, naming the field) ----------------------------------------------
    "word.problem.unknown_task": {"zh": "没有任务 {task}。", "en": "There is no task {task}."},
    "word.problem.bad_month": {"zh": "月份 {month} 不在1至12月之间。", "en": "Month {month} is not between 1 and 12."},
    "word.problem.bad_confidence": {
        "zh": "信心“{value}”无法识别，请填写 有把握 / 有风险 / 难以完成（或 confident / at_risk / unlikely）。",
        "en": "Confidence {value!r} is not known: give confident / at_risk / unlikely (有把握 / 有风险 / 难以完成).",
    },
    "word.problem.too_long": {
        "zh": "“{field}”有{length}字，超过上限{limit}字，请精简。",
        "en": "{field} has {length} characters, more than the limit of {limit}; please shorten it.",
    },
    "word.problem.empty": {
        "zh": "进展情况、存在问题、下步打算至少填写一项。",
        "en": "Write at least one of progress, problems or next steps.",
    },
    # --- quotes and the suggestion's reasons --------------------------------------------------------
    "word.quote": {"zh": "牵头单位表示：{text}", "en": "The lead department says: {text}"},
    "word.quote.problems": {"zh": "存在问题：{text}", "en": "problems: {text}"},
    "word.quote.progress": {"zh": "进展情况：{text}", "en": "progress: {text}"},
    "word.quote.next_steps": {"zh": "下步打算：{text}", "en": "next steps: {text}"},
    "word.reason.unlikely": {
        "zh": "{dept}在{month}进展说明中表示难以完成（{quote}）",
        "en": "{dept} says in its note for {month} that the task is unlikely to be completed ({quote})",
    },
    "word.reason.at_risk": {
        "zh": "{dept}自{first}起连续两月表示有风险（{quote}）",
        "en": "{dept} has rated the task at risk two months running since {first} ({quote})",
    },
    "supervision.suggestion.word": {"zh": "部门表示难以完成或有风险", "en": "Department's own word"},
    # --- refusals -----------------------------------------------------------------------------------
    "word.refused.department": {
        "zh": "{user}属于{dept}，不能为任务 {task} 填写进展说明（该任务的牵头单位为{leads}）。",
        "en": "{user} reports for {dept} and may not write the note of task {task} (its departments: {leads}).",
    },
    # --- the page and the task page -----------------------------------------------------------------
    "word.title": {"zh": "进展说明", "en": "Progress notes"},
    "word.intro": {
        "zh": "每月按任务填写进展情况、存在问题、下步打算，并选择完成信心。每次保存都留有版本，最新一版在任务页面显示；"
        "表示“难以完成”的任务会出现在督办建议中。已审核锁定的月份不能修改。",
        "en": "Each month, per task, write the progress, the problems and the next steps, and rate your confidence. "
        "Every save is kept as a version; the latest shows on the task page, and a task rated unlikely is "
        "suggested for supervision. A month approved and locked cannot be changed.",
    },
    "word.month": {"zh": "月份", "en": "Month"},
    "word.task": {"zh": "任务", "en": "Task"},
    "word.save": {"zh": "保存进展说明", "en": "Save the note"},
    "word.saved": {"zh": "已保存（第{version}版）。", "en": "Saved (version {version})."},
    "word.locked": {
        "zh": "{month}{dept}的数据已审核锁定，进展说明不能修改。",
        "en": "{month} of {dept} is approved and locked: its notes cannot change.",
    },
    "word.no_tasks": {"zh": "本单位在清单中没有任务。", "en": "Your department has no task in the list."},
    "word.current": {
        "zh": "当前版本：{who}，{when}（共{n}版）",
        "en": "Current version: {who}, {when} (versions kept: {n})",
    },
    "word.none_yet": {"zh": "本月尚未填写。", "en": "Nothing written for this month yet."},
    "word.limit": {"zh": "每项不超过{limit}字。", "en": "At most {limit} characters each."},
    "word.versions": {"zh": "历史版本", "en": "Earlier versions"},
    "word.task_section": {"zh": "牵头单位进展说明", "en": "The department's own word"},
    "word.task.none": {"zh": "牵头单位尚未填写进展说明。", "en": "The department has not written a note yet."},
    "word.task.by": {"zh": "{dept} · {month} · 填写人 {who}，{when}", "en": "{dept} · {month} · {who}, {when}"},
    "word.task.earlier": {"zh": "此前各月（{n}）", "en": "Earlier months ({n})"},
    "word.import": {"zh": "从表格导入", "en": "Import from a sheet"},
    "word.import.help": {
        "zh": "表格列：任务、进展情况、存在问题、下步打算、信心；每行一个任务，写入所选月份。",
        "en": "Columns: 任务 (task), 进展情况, 存在问题, 下步打算, 信心; one task a row, for the month chosen.",
    },
    "word.import.done": {"zh": "已导入{n}条进展说明。", "en": "{n} notes imported."},
    "word.import.button": {"zh": "导入", "en": "Import"},
    "word.export.heading": {"zh": "牵头单位进展说明", "en": "What the departments say"},
}
