"""UI strings: the alert rules a province sets (预警规则), their clauses in status explanations and the page."""

_V = {"zh": "（预警规则第{version}版）", "en": " (alert rules v{version})"}

STRINGS: dict[str, dict[str, str]] = {
    "nav.rules": {"zh": "预警规则", "en": "Alert rules"},
    "rules.label.default": {"zh": "默认预警规则", "en": "default alert rules"},
    "rules.label.version": {"zh": "预警规则第{version}版", "en": "alert rules v{version}"},
    # --- clauses appended to a status explanation under a recorded rule version -------------------------
    "rules.clause.red": {
        "zh": "超过红灯阈值{red}个百分点" + _V["zh"],
        "en": "more than the red threshold of {red} points" + _V["en"],
    },
    "rules.clause.amber": {
        "zh": "超过黄灯阈值{amber}个百分点" + _V["zh"],
        "en": "more than the amber threshold of {amber} points" + _V["en"],
    },
    "rules.clause.amber_below_red": {
        "zh": "未超过红灯阈值{red}个百分点" + _V["zh"],
        "en": "within the red threshold of {red} points" + _V["en"],
    },
    "rules.clause.within_amber": {
        "zh": "未超过黄灯阈值{amber}个百分点，视为按序时" + _V["zh"],
        "en": "within the amber threshold of {amber} points, so on pace" + _V["en"],
    },
    "rules.clause.ahead": {
        "zh": "达到超序时阈值{ahead}个百分点" + _V["zh"],
        "en": "at least the ahead threshold of {ahead} points" + _V["en"],
    },
    "rules.clause.on_pace": {
        "zh": "未达到超序时阈值{ahead}个百分点，视为按序时" + _V["zh"],
        "en": "below the ahead threshold of {ahead} points, so on pace" + _V["en"],
    },
    # --- escalation -----------------------------------------------------------------------------------
    "rules.run": {"zh": "连续{run}个月红灯（{first}至{last}）", "en": "red {run} months running ({first} to {last})"},
    "rules.run.one": {"zh": "本月首次红灯（{month}）", "en": "red for the first month ({month})"},
    "rules.escalation_note": {
        "zh": "{run}，按{label}连续{suggest}个月红灯建议督办、连续{list}个月建议挂牌督办",
        "en": "{run}; under {label}, red {suggest} months running suggests supervision, {list} a public listing",
    },
    # --- problems ---------------------------------------------------------------------------------------
    "rules.problem.points": {
        "zh": "{field}应为0至100之间的数，而非“{value}”",
        "en": "{field} must be a number from 0 to 100, not {value!r}",
    },
    "rules.problem.months": {
        "zh": "{field}应为1至12之间的整数（月数），而非“{value}”",
        "en": "{field} must be a whole number of months from 1 to 12, not {value!r}",
    },
    "rules.problem.amber_not_below_red": {
        "zh": "黄灯阈值（{amber}）应小于红灯阈值（{red}）",
        "en": "The amber threshold ({amber}) must be below the red threshold ({red})",
    },
    "rules.problem.list_before_suggest": {
        "zh": "建议挂牌督办的月数（{list}）不能少于建议督办的月数（{suggest}）",
        "en": "The months before a public listing ({list}) cannot be fewer than before supervision ({suggest})",
    },
    # --- the page -----------------------------------------------------------------------------------------
    "rules.title": {"zh": "预警规则", "en": "Alert rules"},
    "rules.help": {
        "zh": "红黄灯阈值按落后序时进度的百分点计：落后不超过黄灯阈值视为按序时，超过黄灯阈值为黄灯，超过红灯阈值为红灯"
        "（恰好等于阈值时按较轻一档）。每次修改都形成新版本，自所选月份起生效；以往月份仍按当时有效的规则判断。",
        "en": "Thresholds are points behind the time-proportional schedule: behind by at most the amber threshold is "
        "on pace, more is amber, more than the red threshold is red (exactly at a threshold counts as the milder). "
        "Each change is a new version effective from the month chosen; earlier months are judged by the rules then "
        "in force.",
    },
    "rules.current": {"zh": "现行规则：{label}", "en": "Rules in force: {label}"},
    "rules.current.since": {
        "zh": "自{month}起生效，{actor}于{at}设定。理由：{reason}",
        "en": "Effective from {month}; set by {actor} at {at}. Reason: {reason}",
    },
    "rules.current.default": {
        "zh": "尚未设定规则，使用默认规则（与本系统一贯的判断相同）。",
        "en": "No rules have been set; the defaults apply (the tracker's usual judgement).",
    },
    "rules.field.amber_points": {"zh": "黄灯阈值（落后百分点）", "en": "Amber threshold (points behind)"},
    "rules.field.red_points": {"zh": "红灯阈值（落后百分点）", "en": "Red threshold (points behind)"},
    "rules.field.ahead_points": {"zh": "超序时阈值（超前百分点）", "en": "Ahead threshold (points ahead)"},
    "rules.field.suggest_after": {
        "zh": "连续红灯几个月建议督办",
        "en": "Months running red before supervision is suggested",
    },
    "rules.field.list_after": {
        "zh": "连续红灯几个月建议挂牌督办",
        "en": "Months running red before a public listing is suggested",
    },
    "rules.field.from_month": {"zh": "生效月份", "en": "Effective from month"},
    "rules.field.reason": {"zh": "修改理由（必填）", "en": "Reason for the change (required)"},
    "rules.edit": {"zh": "修改规则", "en": "Change the rules"},
    "rules.read_only": {
        "zh": "只有管理员可以修改预警规则。",
        "en": "Only an administrator may change the alert rules.",
    },
    "rules.preview": {
        "zh": "{month}：{total}项任务中有{n}项颜色将发生变化",
        "en": "{month}: {n} of {total} tasks would change colour",
    },
    "rules.preview.none": {"zh": "{month}：没有任务的颜色会变化", "en": "{month}: no task would change colour"},
    "rules.col.task": {"zh": "任务", "en": "Task"},
    "rules.col.before": {"zh": "现在", "en": "Now"},
    "rules.col.after": {"zh": "按新规则", "en": "Under the new rules"},
    "rules.commit": {"zh": "确认保存为新版本", "en": "Save as a new version"},
    "rules.committed": {"zh": "已保存：{label}", "en": "Saved: {label}"},
    "rules.history": {"zh": "历史版本", "en": "History"},
    "rules.col.version": {"zh": "版本", "en": "Version"},
    "rules.col.from": {"zh": "生效月份", "en": "From"},
    "rules.col.amber": {"zh": "黄灯", "en": "Amber"},
    "rules.col.red": {"zh": "红灯", "en": "Red"},
    "rules.col.ahead": {"zh": "超序时", "en": "Ahead"},
    "rules.col.suggest": {"zh": "督办（月）", "en": "Supervision (months)"},
    "rules.col.list": {"zh": "挂牌（月）", "en": "Listing (months)"},
    "rules.col.actor": {"zh": "设定人", "en": "Set by"},
    "rules.col.at": {"zh": "时间", "en": "At"},
    "rules.col.reason": {"zh": "理由", "en": "Reason"},
    "rules.col.thresholds": {"zh": "黄灯/红灯/超序时", "en": "Amber/red/ahead"},
    "rules.thresholds": {
        "zh": "黄灯{amber} / 红灯{red} / 超序时{ahead}",
        "en": "amber {amber} / red {red} / ahead {ahead}",
    },
    "rules.col.escalation": {"zh": "督办/挂牌（月）", "en": "Escalation (months)"},
    "rules.no_history": {"zh": "尚无修改记录。", "en": "No changes yet."},
}
