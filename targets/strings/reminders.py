"""UI strings: reminders (催报提醒), the in-app notices (消息) and the accounts' contacts."""

STRINGS: dict[str, dict[str, str]] = {
    # --- the reminders' texts ------------------------------------------------------------------------
    "remind.due.subject": {
        "zh": "【催报提醒】{department}{month}数据请于{deadline}前报送",
        "en": "[Reminder] {department}: figures for {month} due by {deadline}",
    },
    "remind.due.body": {
        "zh": "{department}：{month}的民生实事进展数据尚未报送，报送截止日为{deadline}（还有{days}天）。请按时上传并提交。",
        "en": "{department}: the figures for {month} have not been submitted yet; they are due on {deadline} "
        "({days} day(s) left). Please upload and submit them in time.",
    },
    "remind.due_today.subject": {
        "zh": "【催报提醒】{department}{month}数据今天（{deadline}）截止报送",
        "en": "[Reminder] {department}: figures for {month} due today ({deadline})",
    },
    "remind.due_today.body": {
        "zh": "{department}：{month}的民生实事进展数据尚未报送，今天（{deadline}）是报送截止日。请尽快上传并提交。",
        "en": "{department}: the figures for {month} have not been submitted yet and are due today ({deadline}). "
        "Please upload and submit them.",
    },
    "remind.returned.subject": {
        "zh": "【退回通知】{department}{month}数据已被退回，请修改后重新提交",
        "en": "[Returned] {department}: the figures for {month} were returned",
    },
    "remind.returned.body": {
        "zh": "{department}：{month}的民生实事进展数据已被审核退回，请按意见修改后重新提交（报送截止日{deadline}）。",
        "en": "{department}: the figures for {month} were returned by the reviewing office; please correct them "
        "and submit again (due {deadline}).",
    },
    "remind.returned.remark": {"zh": "退回意见：{remark}", "en": "Comment: {remark}"},
    "remind.digest.subject": {
        "zh": "【每日汇总】{day}民生实事报送待办",
        "en": "[Daily digest] What is missing and overdue, {day}",
    },
    "remind.digest.intro": {"zh": "今日待办：", "en": "To chase today:"},
    "remind.digest.approval": {
        "zh": "{department}：{month}已报送，待审核",
        "en": "{department}: {month} submitted, waiting for approval",
    },
    "remind.digest.missing": {
        "zh": "{department}：{month}逾期未报送（最早一期已逾期{days}天）",
        "en": "{department}: {month} not submitted (the oldest {days} day(s) overdue)",
    },
    "remind.digest.objections": {
        "zh": "公示异议{n}条待回复",
        "en": "{n} objection(s) to the public notice waiting for a reply",
    },
    "remind.link": {"zh": "查看：{link}", "en": "Open: {link}"},
    "remind.footer": {
        "zh": "——民生实事跟踪系统（自动发送，请勿回复）",
        "en": "— Livelihood-projects tracker (sent automatically)",
    },
    # --- the notices page -------------------------------------------------------------------------------
    "nav.notices": {"zh": "消息", "en": "Notices"},
    "notices.title": {"zh": "消息", "en": "Notices"},
    "notices.none": {"zh": "暂无消息。", "en": "No notices."},
    "notices.unread": {"zh": "🔔 {n} 条未读消息", "en": "🔔 {n} unread notice(s)"},
    "notices.unread_caption": {"zh": "未读 {n} 条", "en": "{n} unread"},
    "notices.mark_read": {"zh": "标为已读", "en": "Mark read"},
    "notices.mark_all_read": {"zh": "全部标为已读", "en": "Mark all read"},
    "notices.new": {"zh": "未读", "en": "new"},
    "notices.open": {"zh": "打开", "en": "Open"},
    # --- accounts' contacts ----------------------------------------------------------------------------
    "users.email": {"zh": "电子邮箱（接收提醒）", "en": "E-mail (for reminders)"},
    "users.lang": {"zh": "提醒语言", "en": "Language of reminders"},
    "users.contact_saved": {"zh": "已保存 {name} 的联系方式。", "en": "Saved the contact of {name}."},
    "users.save_contact": {"zh": "保存联系方式", "en": "Save contact"},
}
