"""UI strings: objections (异议) — the public form service and the administrators' page."""

STRINGS: dict[str, dict[str, str]] = {
    # --- the public form (objection_service/) ----------------------------------------------------------
    "objection.form.title": {
        "zh": "{year}年民生实事公示意见反馈",
        "en": "Objections to the {year} livelihood projects notice",
    },
    "objection.form.intro": {
        "zh": "对公示的项目进展有异议的，请在受理期内填写本表。我们会逐条核实，答复经审核后可能在公示页面公开。",
        "en": "If you object to the progress shown in the notice, write to us within the objection period. "
        "Each objection is checked; replies may be published on the notice after review.",
    },
    "objection.form.window": {
        "zh": "受理期：{opens} 至 {closes}（{zone}）",
        "en": "Objection period: {opens} to {closes} ({zone})",
    },
    "objection.form.task": {"zh": "涉及的项目", "en": "Project concerned"},
    "objection.form.general": {"zh": "整体意见（不针对某一项目）", "en": "The list in general (no single project)"},
    "objection.form.text": {"zh": "异议内容", "en": "Your objection"},
    "objection.form.text_hint": {
        "zh": "请写明具体事实和理由，{min}至{max}字。",
        "en": "State the facts and your reasons, {min} to {max} characters.",
    },
    "objection.form.name": {"zh": "姓名（选填）", "en": "Name (optional)"},
    "objection.form.contact": {"zh": "联系方式（选填）", "en": "Phone or e-mail (optional)"},
    "objection.form.privacy": {
        "zh": "姓名和联系方式仅供工作人员核实和回复使用，不会公开。",
        "en": "Your name and contact are used only to check and answer your objection; they are never published.",
    },
    "objection.form.honeypot": {"zh": "请勿填写此项", "en": "Leave this field empty"},
    "objection.form.submit": {"zh": "提交", "en": "Send"},
    "objection.form.closed": {"zh": "当前不在异议受理期内。", "en": "Objections are not being taken now."},
    "objection.form.closed_window": {
        "zh": "异议受理期为 {opens} 至 {closes}，当前不在受理期内，本表暂不接收提交。",
        "en": "Objections are taken from {opens} to {closes}; the form is closed now.",
    },
    "objection.form.no_plan": {
        "zh": "尚无公示的民生实事清单。",
        "en": "No livelihood projects list has been published.",
    },
    "objection.form.problems": {
        "zh": "请修改以下内容后重新提交：",
        "en": "Please correct the following and send again:",
    },
    "objection.form.sent": {
        "zh": "已收到您的异议，编号 {id}。感谢您的监督！",
        "en": "Your objection has been received as number {id}. Thank you.",
    },
    "objection.form.sent_plain": {
        "zh": "已收到您的异议。感谢您的监督！",
        "en": "Your objection has been received. Thank you.",
    },
    "objection.form.again": {"zh": "返回表单", "en": "Back to the form"},
    "objection.form.too_many": {"zh": "提交过于频繁", "en": "Too many objections"},
    "objection.form.too_large": {
        "zh": "提交的内容过大（上限 {max} 字节），请精简后再试。",
        "en": "What was sent is too large (at most {max} bytes); please shorten it.",
    },
    "objection.form.bad_type": {
        "zh": "无法识别提交的内容，请使用本页表单提交。",
        "en": "What was sent could not be read; please use the form on this page.",
    },
    # --- the administrators' page (views/objections.py) -------------------------------------------------
    "nav.objections": {"zh": "公示异议", "en": "Objections"},
    "objections.title": {"zh": "公示异议处理", "en": "Objections to the disclosure"},
    "objections.intro": {
        "zh": "公众通过异议表单提交的意见。姓名和联系方式仅管理员可见；答复只有在发布后才会出现在公示页面，且只公开经编辑、去除个人信息的问题。",
        "en": "What the public sent through the objection form. Names and contacts are for administrators only; a "
        "reply appears on the public notice only once published, with the question as edited, personal data removed.",
    },
    "objections.window": {
        "zh": "{year}年异议受理期：{opens} 至 {closes}（{source}）",
        "en": "Objection period for {year}: {opens} to {closes} ({source})",
    },
    "objections.window.none": {
        "zh": "{year}年尚未设置异议受理期，表单处于关闭状态。",
        "en": "No objection period is set for {year}; the form is closed.",
    },
    "objections.window.source.edition": {"zh": "来自最新发布的公示", "en": "from the latest published notice"},
    "objections.window.source.setting": {"zh": "管理员设置", "en": "set by an administrator"},
    "objections.window.source.env": {"zh": "服务器配置", "en": "server setting"},
    "objections.window.set": {"zh": "设置受理期", "en": "Set the period"},
    "objections.window.from": {"zh": "开始日期", "en": "From"},
    "objections.window.to": {"zh": "结束日期", "en": "To"},
    "objections.window.save": {"zh": "保存受理期", "en": "Save the period"},
    "objections.window.saved": {
        "zh": "受理期已设置为 {opens} 至 {closes}。",
        "en": "The period is now {opens} to {closes}.",
    },
    "objections.filter.state": {"zh": "状态", "en": "State"},
    "objections.filter.task": {"zh": "项目", "en": "Project"},
    "objections.filter.all": {"zh": "全部", "en": "All"},
    "objections.general": {"zh": "整体意见", "en": "The list in general"},
    "objections.state.new": {"zh": "待处理", "en": "New"},
    "objections.state.replied": {"zh": "已答复（未公开）", "en": "Replied (not published)"},
    "objections.state.published": {"zh": "答复已公开", "en": "Reply published"},
    "objections.state.rejected": {"zh": "不予受理", "en": "Rejected"},
    "objections.count": {
        "zh": "共 {total} 条：待处理 {new} 条，已答复 {replied} 条，已公开 {published} 条，不予受理 {rejected} 条。",
        "en": "{total} in all: {new} new, {replied} replied, {published} published, {rejected} rejected.",
    },
    "objections.none": {"zh": "没有符合条件的异议。", "en": "No objection matches."},
    "objections.item": {"zh": "第{id}号 · {task} · {state} · {at}", "en": "No. {id} · {task} · {state} · {at}"},
    "objections.text": {"zh": "异议内容", "en": "Objection"},
    "objections.name": {"zh": "姓名", "en": "Name"},
    "objections.contact": {"zh": "联系方式", "en": "Contact"},
    "objections.personal": {"zh": "（个人信息，仅管理员可见）", "en": "(personal data, administrators only)"},
    "objections.reply": {"zh": "答复", "en": "Reply"},
    "objections.reply.save": {"zh": "保存答复", "en": "Save the reply"},
    "objections.reply.saved": {
        "zh": "第{id}号异议的答复已保存（尚未公开）。",
        "en": "The reply to no. {id} is saved (not published).",
    },
    "objections.replied_by": {"zh": "答复人：{who}，{at}", "en": "Replied by {who}, {at}"},
    "objections.question": {
        "zh": "公开的问题（已去除个人信息，可编辑）",
        "en": "The question as published (personal data removed; editable)",
    },
    "objections.publish": {"zh": "发布答复", "en": "Publish the reply"},
    "objections.published": {"zh": "第{id}号异议的答复已发布。", "en": "The reply to no. {id} is published."},
    "objections.published_by": {"zh": "发布人：{who}，{at}", "en": "Published by {who}, {at}"},
    "objections.reason": {"zh": "不予受理的理由", "en": "Reason for rejecting"},
    "objections.reject": {"zh": "不予受理", "en": "Reject"},
    "objections.rejected": {"zh": "第{id}号异议已标记为不予受理。", "en": "No. {id} is rejected."},
    "objections.rejected_by": {"zh": "处理人：{who}，{at}", "en": "Rejected by {who}, {at}"},
    "objections.form_url": {
        "zh": "异议表单是单独运行的服务，不经过本系统；启动和部署方法见使用说明。",
        "en": "The objection form runs as its own service: `python -m targets objections serve` (README, Objections).",
    },
}
