"""UI strings: the admin's plan pages (the catalogue import, regional targets, schedules)."""

STRINGS: dict[str, dict[str, str]] = {
    # the menu
    "nav.plan_catalogue": {"zh": "目录导入", "en": "Catalogue import"},
    "nav.plan_targets": {"zh": "目标分解", "en": "Regional targets"},
    "nav.plan_schedules": {"zh": "序时进度", "en": "Schedules"},
    # shared by the three pages
    "plan_admin.tab.import": {"zh": "上传与预览", "en": "Upload and preview"},
    "plan_admin.tab.history": {"zh": "变更记录", "en": "History"},
    "plan_admin.col.at": {"zh": "时间（{zone}）", "en": "Time ({zone})"},
    "plan_admin.col.actor": {"zh": "操作人", "en": "By"},
    "plan_admin.col.how": {"zh": "方式", "en": "How"},
    "plan_admin.col.file": {"zh": "来源文件", "en": "Source file"},
    "plan_admin.col.changes": {"zh": "变更数", "en": "Changes"},
    "plan_admin.col.row": {"zh": "行", "en": "Row"},
    "plan_admin.col.column": {"zh": "列", "en": "Column"},
    "plan_admin.col.severity": {"zh": "级别", "en": "Severity"},
    "plan_admin.col.message": {"zh": "说明", "en": "Message"},
    "plan_admin.col.code": {"zh": "编号", "en": "Code"},
    "plan_admin.col.indicator": {"zh": "指标", "en": "Indicator"},
    "plan_admin.col.old": {"zh": "原值", "en": "Old"},
    "plan_admin.col.new": {"zh": "新值", "en": "New"},
    "plan_admin.none": {"zh": "（无）", "en": "(none)"},
    "plan_admin.summary.errors": {"zh": "错误", "en": "Errors"},
    "plan_admin.summary.warnings": {"zh": "警告", "en": "Warnings"},
    "plan_admin.issues": {"zh": "检查结果", "en": "Checks"},
    "plan_admin.rejected": {
        "zh": "文件有错误，整份文件不能提交；请按上表修改后重新上传。",
        "en": "The file has errors and cannot be committed as a whole; fix them as listed and upload it again.",
    },
    "plan_admin.confirm_warnings": {
        "zh": "我已核对上述警告，仍然提交",
        "en": "I have checked the warnings above; commit anyway",
    },
    "plan_admin.no_history": {"zh": "还没有变更记录。", "en": "No changes on record yet."},
    "plan_admin.history_detail": {
        "zh": "{at}（{zone}）· 操作人 {actor} · {how}",
        "en": "{at} ({zone}) · by {actor} · {how}",
    },
    "plan_admin.read_file": {"zh": "正在读取文件…", "en": "Reading the file…"},
    # the catalogue import
    "plan_admin.catalogue.title": {"zh": "{year}年任务目录导入", "en": "Catalogue import {year}"},
    "plan_admin.catalogue.help": {
        "zh": "上传官方任务分解表（序号、类别、任务/事项、指标、目标值、单位、牵头单位、责任单位、完成时限）。"
        "先预览新增和修改，确认后才写入；表中未列出的指标保持不变，导入不会删除指标。",
        "en": "Upload the official task table (序号, 类别, 任务/事项, 指标, 目标值, 单位, 牵头单位, 责任单位, 完成时限). "
        "The additions and changes are previewed and written only once confirmed; indicators the table does not "
        "list stay as they are: an import never removes one.",
    },
    "plan_admin.catalogue.link": {
        "zh": "导入官方任务分解表（目录导入）",
        "en": "Import the official task table (Catalogue import)",
    },
    "plan_admin.catalogue.file": {"zh": "任务分解表（XLSX、XLS、CSV）", "en": "Task table (XLSX, XLS, CSV)"},
    "plan_admin.catalogue.summary.additions": {"zh": "新增", "en": "Additions"},
    "plan_admin.catalogue.summary.changes": {"zh": "修改", "en": "Changes"},
    "plan_admin.catalogue.summary.kept": {"zh": "表中未列出（保留）", "en": "Not in the table (kept)"},
    "plan_admin.catalogue.rows": {
        "zh": "已读取“{name}”的 {rows} 行任务。",
        "en": "Read {rows} task row(s) from '{name}'.",
    },
    "plan_admin.catalogue.changes": {"zh": "将写入的变更", "en": "Changes to be written"},
    "plan_admin.catalogue.col.action": {"zh": "类型", "en": "Type"},
    "plan_admin.catalogue.col.field": {"zh": "字段", "en": "Field"},
    "plan_admin.catalogue.action.new_area": {"zh": "新增方面", "en": "New area"},
    "plan_admin.catalogue.action.new_task": {"zh": "新增任务", "en": "New task"},
    "plan_admin.catalogue.action.new_indicator": {"zh": "新增指标", "en": "New indicator"},
    "plan_admin.catalogue.action.changed": {"zh": "修改", "en": "Changed"},
    "plan_admin.catalogue.field.name": {"zh": "名称", "en": "Name"},
    "plan_admin.catalogue.field.target": {"zh": "目标值", "en": "Target"},
    "plan_admin.catalogue.field.lead_unit": {"zh": "牵头单位", "en": "Lead department"},
    "plan_admin.catalogue.field.deadline_month": {"zh": "完成时限", "en": "Deadline"},
    "plan_admin.catalogue.field.direction": {"zh": "考核方向", "en": "Direction"},
    "plan_admin.catalogue.direction.higher": {"zh": "不低于（达到目标）", "en": "at least (a target to reach)"},
    "plan_admin.catalogue.direction.lower": {"zh": "不超过（上限）", "en": "at most (a ceiling)"},
    "plan_admin.catalogue.month_end": {"zh": "{month}月底", "en": "end of month {month}"},
    "plan_admin.catalogue.kept": {
        "zh": "表中未列出的 {n} 项指标保持不变",
        "en": "{n} indicator(s) the table does not list stay as they are",
    },
    "plan_admin.catalogue.nothing": {
        "zh": "文件与现有目录一致，没有需要写入的变更。",
        "en": "The file matches the catalogue: nothing to write.",
    },
    "plan_admin.catalogue.commit": {"zh": "确认导入", "en": "Import"},
    "plan_admin.catalogue.committed": {
        "zh": "已导入“{name}”：新增 {additions} 项，修改 {changes} 项。",
        "en": "Imported '{name}': {additions} addition(s), {changes} change(s).",
    },
    "plan_admin.catalogue.how.import": {"zh": "导入任务分解表", "en": "Task table imported"},
    "plan_admin.catalogue.how.load": {"zh": "载入内置目录", "en": "Bundled catalogue loaded"},
    "plan_admin.catalogue.how.refresh": {"zh": "更新内置目录", "en": "Bundled catalogue refreshed"},
    # regional targets
    "plan_admin.targets.title": {"zh": "{year}年目标分解", "en": "Regional targets {year}"},
    "plan_admin.targets.tab.current": {"zh": "当前分解", "en": "Current breakdown"},
    "plan_admin.targets.help": {
        "zh": "上传各地区目标（长表：指标、地区、目标值；或宽表：每个地区一列）。预览新增和修改后确认写入；"
        "各地区目标之和与全省目标不一致时给出警告（部分目标含省直单位或未全部分解）。",
        "en": "Upload the regions' targets (long: indicator, region, target; or wide: one column per region). "
        "Preview the additions and changes, then confirm; a warning says when the regions do not add up to the "
        "province's target (some targets include province-level units or are not fully broken down).",
    },
    "plan_admin.targets.file": {"zh": "目标分解表（XLSX、XLS、CSV）", "en": "Targets sheet (XLSX, XLS, CSV)"},
    "plan_admin.targets.col.region": {"zh": "地区", "en": "Region"},
    "plan_admin.targets.col.target": {"zh": "目标值", "en": "Target"},
    "plan_admin.targets.col.province": {"zh": "全省目标", "en": "Province target"},
    "plan_admin.targets.col.total": {"zh": "各地区合计", "en": "Sum of regions"},
    "plan_admin.targets.col.regions": {"zh": "已分解地区数", "en": "Regions"},
    "plan_admin.targets.col.check": {"zh": "核对", "en": "Check"},
    "plan_admin.targets.check.ok": {"zh": "✅ 相符", "en": "✅ adds up"},
    "plan_admin.targets.check.gap": {"zh": "⚠️ 相差 {gap}", "en": "⚠️ off by {gap}"},
    "plan_admin.targets.check.none": {"zh": "— 未分解", "en": "— not broken down"},
    "plan_admin.targets.check.level": {"zh": "不适用（非累计指标）", "en": "n/a (not additive)"},
    "plan_admin.targets.summary": {
        "zh": "{broken} / {total} 项指标已分解到地区，其中 {gaps} 项各地区合计与全省目标不一致。",
        "en": "{broken} of {total} indicators are broken down by region; for {gaps} the regions do not add up to "
        "the province's target.",
    },
    "plan_admin.targets.pick": {"zh": "查看指标的地区目标", "en": "Regional targets of"},
    "plan_admin.targets.summary.new": {"zh": "新增", "en": "New"},
    "plan_admin.targets.summary.changed": {"zh": "修改", "en": "Changed"},
    "plan_admin.targets.summary.unchanged": {"zh": "不变", "en": "Unchanged"},
    "plan_admin.targets.rows": {
        "zh": "已读取“{name}”的 {rows} 行（{layout}）。",
        "en": "Read {rows} row(s) of '{name}' ({layout}).",
    },
    "plan_admin.targets.layout.long": {"zh": "长表", "en": "long form"},
    "plan_admin.targets.layout.wide": {"zh": "宽表", "en": "wide form"},
    "plan_admin.targets.changes": {"zh": "将写入的目标", "en": "Targets to be written"},
    "plan_admin.targets.nothing": {
        "zh": "文件中的目标与现有目标一致，没有需要写入的变更。",
        "en": "The file's targets match the stored ones: nothing to write.",
    },
    "plan_admin.targets.commit": {"zh": "确认写入", "en": "Commit"},
    "plan_admin.targets.committed": {
        "zh": "已写入“{name}”：新增 {new} 项，修改 {changed} 项（批次 {batch}）。",
        "en": "Committed '{name}': {new} new, {changed} changed (batch {batch}).",
    },
    "plan_admin.targets.how.region_targets": {"zh": "上传目标分解表", "en": "Sheet uploaded"},
    "plan_admin.targets.how.region_target_edit": {"zh": "单项修改", "en": "One target edited"},
    "plan_admin.targets.how.demo": {"zh": "演示数据", "en": "Demo data"},
    # schedules
    "plan_admin.schedules.title": {"zh": "{year}年序时进度", "en": "Schedules {year}"},
    "plan_admin.schedules.help": {
        "zh": "序时进度是每月底应累计完成目标的比例。未设置时按线性进度计算（到完成时限每月相同份额）；"
        "季节性工作（如冬季停工）可设置自己的曲线：12个月的累计比例，逐月不减，12月为100%。",
        "en": "A schedule is the share of the target expected by the end of each month. Without one the linear "
        "default applies (an equal share each month up to the deadline); seasonal work (no outdoor building in "
        "winter) can have its own: 12 cumulative shares, never falling, 100% in December.",
    },
    "plan_admin.schedules.all": {
        "zh": "各指标序时进度（每月底应完成，%）",
        "en": "Every schedule (% expected by month-end)",
    },
    "plan_admin.schedules.col.kind": {"zh": "进度", "en": "Schedule"},
    "plan_admin.schedules.custom": {"zh": "自定义", "en": "custom"},
    "plan_admin.schedules.linear": {"zh": "线性（默认）", "en": "linear (default)"},
    "plan_admin.schedules.pick": {"zh": "设置指标", "en": "Indicator"},
    "plan_admin.schedules.current.custom": {
        "zh": "现行：自定义曲线，{actor} 于 {at} 设置。",
        "en": "Now: a custom schedule, set by {actor} on {at}.",
    },
    "plan_admin.schedules.current.linear": {
        "zh": "现行：线性进度（默认），{month}月底全部完成。",
        "en": "Now: the linear default, the whole target due by the end of month {month}.",
    },
    "plan_admin.schedules.clear": {"zh": "恢复为线性进度（默认）", "en": "Back to the linear default"},
    "plan_admin.schedules.editor": {
        "zh": "在“新曲线”列填写每月底应累计完成的百分比",
        "en": "Fill in the cumulative percentage expected by each month-end in the 'New' column",
    },
    "plan_admin.schedules.col.month": {"zh": "月份", "en": "Month"},
    "plan_admin.schedules.col.now": {"zh": "现行（%）", "en": "Now (%)"},
    "plan_admin.schedules.col.new": {"zh": "新曲线（%）", "en": "New (%)"},
    "plan_admin.schedules.col.change": {"zh": "变化（百分点）", "en": "Change (points)"},
    "plan_admin.schedules.preview": {"zh": "预览：每月底应完成比例", "en": "Preview: share expected by each month-end"},
    "plan_admin.schedules.moved": {
        "zh": "将改变 {n} 个月的应完成比例。",
        "en": "The expected share changes in {n} month(s).",
    },
    "plan_admin.schedules.nothing": {
        "zh": "与现行进度相同，没有需要保存的变更。",
        "en": "The same as the schedule in force: nothing to save.",
    },
    "plan_admin.schedules.judged": {"zh": "对{month}底的判断", "en": "Judged at the end of {month}"},
    "plan_admin.schedules.judged.before": {"zh": "按现行进度", "en": "Under the schedule in force"},
    "plan_admin.schedules.judged.after": {"zh": "按新曲线", "en": "Under the new schedule"},
    "plan_admin.schedules.commit": {"zh": "确认保存", "en": "Save"},
    "plan_admin.schedules.committed": {"zh": "已保存 {code} 的序时进度。", "en": "The schedule of {code} is saved."},
    "plan_admin.schedules.how.set": {"zh": "设置曲线", "en": "Schedule set"},
    "plan_admin.schedules.how.clear": {"zh": "恢复线性", "en": "Back to linear"},
    "plan_admin.schedules.source.page": {"zh": "网页", "en": "web page"},
    "plan_admin.schedules.source.cli": {"zh": "命令行", "en": "command line"},
    "plan_admin.schedules.history_of": {"zh": "{code} 的变更记录", "en": "History of {code}"},
}
