"""UI strings: the year's list (候选项目, 代表票决, 满意度测评), its exports, and the plan years side by side."""

STRINGS: dict[str, dict[str, str]] = {
    # the menu
    "nav.group.year": {"zh": "年度计划", "en": "The year's list"},
    "nav.candidates": {"zh": "候选项目", "en": "Candidates"},
    "nav.vote": {"zh": "代表票决", "en": "Deputies' vote"},
    "nav.rating": {"zh": "满意度测评", "en": "Satisfaction rating"},
    # shared
    "year.pick": {"zh": "计划年度", "en": "Plan year"},
    "year.pick.option": {"zh": "{year}年", "en": "{year}"},
    "year.pick.help": {
        "zh": "候选项目和代表票决针对的年度（通常是下一年）；侧栏的年度是正在执行的计划。",
        "en": "The year the candidates and the vote are for (usually next year); the sidebar's year is the plan "
        "being carried out.",
    },
    "year.yes": {"zh": "是", "en": "yes"},
    "year.no": {"zh": "否", "en": "no"},
    "year.col.name": {"zh": "项目名称", "en": "Project"},
    "year.col.area": {"zh": "类别", "en": "Area"},
    "year.col.content": {"zh": "主要内容", "en": "Content"},
    "year.col.reason": {"zh": "申报理由", "en": "Reason"},
    "year.col.proposer": {"zh": "申报单位", "en": "Proposed by"},
    "year.col.proposer_kind": {"zh": "申报类型", "en": "Proposer kind"},
    "year.col.investment": {"zh": "估算投资（万元）", "en": "Investment (10k yuan)"},
    "year.col.indicators": {"zh": "指标及目标", "en": "Indicators and targets"},
    "year.col.indicator": {"zh": "指标名称", "en": "Indicator"},
    "year.col.target": {"zh": "目标值", "en": "Target"},
    "year.col.unit": {"zh": "计量单位", "en": "Unit"},
    "year.col.number": {"zh": "序号", "en": "No."},
    "year.col.field": {"zh": "项目", "en": "Field"},
    "year.col.changes": {"zh": "修改内容", "en": "Changes"},
    "year.col.negative_kind": {"zh": "不得列入的类型", "en": "Ineligible kind"},
    "year.col.negative_words": {"zh": "识别用词", "en": "Words that mark it"},
    "year.col.status": {"zh": "结果", "en": "Result"},
    "year.col.rank": {"zh": "名次", "en": "Rank"},
    "year.col.yes": {"zh": "赞成", "en": "Yes"},
    "year.col.no": {"zh": "反对", "en": "No"},
    "year.col.abstain": {"zh": "弃权", "en": "Abstain"},
    "year.col.majority": {"zh": "赞成过半", "en": "Majority"},
    "year.col.round": {"zh": "轮次", "en": "Round"},
    "year.col.kind": {"zh": "类型", "en": "Kind"},
    "year.col.file": {"zh": "来源文件", "en": "Source file"},
    "year.proposer.department": {"zh": "部门申报", "en": "Department"},
    "year.proposer.deputy": {"zh": "代表建议", "en": "Deputy"},
    "year.proposer.public": {"zh": "群众建议", "en": "Public"},
    "year.export.sample": {"zh": "演示数据，非真实测评结果", "en": "Sample data, not a real rating"},
    # 候选项目
    "year.candidates.title": {"zh": "{year}年民生实事候选项目", "en": "Candidate projects for {year}"},
    "year.candidates.intro": {
        "zh": "征集的候选项目：名称、类别、主要内容、申报理由、申报单位、估算投资和指标目标；每一项都记录来源文件和行号。",
        "en": "The candidates collected: name, area, content, reason, proposer, estimated investment, indicators "
        "and targets; each keeps the file and rows it came from.",
    },
    "year.candidates.tab.pool": {"zh": "候选项目库", "en": "The pool"},
    "year.candidates.tab.import": {"zh": "导入候选项目表", "en": "Import a sheet"},
    "year.candidates.tab.edit": {"zh": "修改候选项目", "en": "Edit a candidate"},
    "year.candidates.tab.negative": {"zh": "负面清单", "en": "Negative list"},
    "year.candidates.none": {
        "zh": "{year}年还没有候选项目。管理员可在“导入候选项目表”中上传。",
        "en": "No candidates for {year} yet. An administrator can upload them under “Import a sheet”.",
    },
    "year.candidates.frozen": {
        "zh": "{year}年候选项目已经代表票决，候选项目库不能再修改。",
        "en": "The deputies have voted on the {year} candidates: the pool can no longer change.",
    },
    "year.candidates.count": {"zh": "候选项目", "en": "Candidates"},
    "year.candidates.merged": {"zh": "合并的重复项", "en": "Duplicates merged"},
    "year.candidates.file": {
        "zh": "来源文件：{file}（SHA-256 {sha}…，{who}导入）",
        "en": "Source file: {file} (SHA-256 {sha}…, imported by {who})",
    },
    "year.candidates.rows": {"zh": "每个候选项目的来源行", "en": "Where each candidate came from"},
    "year.candidates.origin": {"zh": "{file} 第{rows}行", "en": "{file}, rows {rows}"},
    "year.candidates.import.help": {
        "zh": "上传候选项目汇总表（序号、项目名称、类别、主要内容、申报理由、申报单位、指标名称、目标值、计量单位、"
        "估算投资（万元））。先预览检查结果，确认后才写入。",
        "en": "Upload the candidate sheet (序号, 项目名称, 类别, 主要内容, 申报理由, 申报单位, 指标名称, 目标值, 计量单位, "
        "估算投资（万元）). Check the preview; nothing is written until you confirm.",
    },
    "year.candidates.import.replaces": {
        "zh": "导入将替换现有的 {n} 个候选项目。",
        "en": "An import replaces the {n} candidates now in the pool.",
    },
    "year.candidates.file_label": {"zh": "候选项目表", "en": "Candidate sheet"},
    "year.candidates.preview": {"zh": "将导入的候选项目", "en": "Candidates to import"},
    "year.candidates.commit": {"zh": "确认导入 {n} 个候选项目", "en": "Import {n} candidates"},
    "year.candidates.committed": {
        "zh": "已导入“{name}”：{year}年候选项目 {n} 个。",
        "en": "Imported “{name}”: {n} candidates for {year}.",
    },
    "year.candidates.edit.pick": {"zh": "要修改的候选项目", "en": "Candidate to edit"},
    "year.candidates.edit.indicators": {
        "zh": "指标（可增删行；目标值按表格写法，如 1,300、21.3万）",
        "en": "Indicators (add or delete rows; targets as sheets write them, e.g. 1,300 or 21.3万)",
    },
    "year.candidates.edit.changes": {"zh": "将保存的修改", "en": "Changes to save"},
    "year.candidates.edit.save": {"zh": "保存修改", "en": "Save the changes"},
    "year.candidates.edit.saved": {
        "zh": "已保存候选项目{number}的 {n} 处修改（已记入审计日志）。",
        "en": "Saved {n} change(s) to candidate {number} (on the audit log).",
    },
    "year.candidates.edit.history": {"zh": "修改记录", "en": "Edits on record"},
    "year.candidates.negative.help": {
        "zh": "以下类型不得列为民生实事候选项目；名称、类别或内容含识别用词的候选项目在导入和修改时被拒绝。",
        "en": "These kinds may not be livelihood candidates; a candidate whose name, area or content holds one of "
        "the words is refused at import and edit.",
    },
    # 代表票决
    "year.vote.title": {"zh": "{year}年民生实事项目代表票决", "en": "The deputies' vote on the {year} list"},
    "year.vote.intro": {
        "zh": "人大代表对候选项目逐项表决。每一轮都记录计票文件（页面录入的计票也存为文件）及其 SHA-256。",
        "en": "The deputies vote on each candidate. Every round keeps its tally file (a tally typed here is kept "
        "as a file too) and its SHA-256.",
    },
    "year.vote.no_candidates": {
        "zh": "{year}年还没有候选项目，请先在“候选项目”页导入。",
        "en": "No candidates for {year} yet: import them on the Candidates page first.",
    },
    "year.vote.none": {"zh": "尚未录入票决结果。", "en": "No vote recorded yet."},
    "year.vote.result": {"zh": "票决结果", "en": "Result"},
    "year.vote.deputies": {"zh": "应到代表", "en": "Deputies"},
    "year.vote.present": {"zh": "实到代表", "en": "Present"},
    "year.vote.places": {"zh": "名额", "en": "Places"},
    "year.vote.places.help": {
        "zh": "本轮要选出的项目数；重新表决时为剩余名额（或总名额）。",
        "en": "How many projects this round elects; at a re-vote the places left (or all places).",
    },
    "year.vote.elected": {"zh": "当选", "en": "Elected"},
    "year.vote.threshold": {"zh": "赞成票须超过", "en": "Yes votes needed: more than"},
    "year.vote.rule": {"zh": "票决规则：", "en": "The rule:"},
    "year.vote.tied": {
        "zh": "需重新表决：{names} 末位赞成票同为 {yes} 票，全部当选将超过名额（剩余 {left} 个名额）。"
        "请就这几项重新投票并录入结果。",
        "en": "A re-vote is needed: {names} tie at {yes} yes votes for the last place, and electing all would exceed "
        "the places ({left} left). Hold the re-vote among them and record it.",
    },
    "year.vote.status.elected": {"zh": "当选", "en": "Elected"},
    "year.vote.status.not_elected": {"zh": "未当选", "en": "Not elected"},
    "year.vote.status.tie_revote": {"zh": "需重新表决", "en": "Re-vote needed"},
    "year.vote.adopt": {"zh": "转为年度计划", "en": "Adopt as the year's plan"},
    "year.vote.adopt.button": {"zh": "转为年度计划", "en": "Adopt as the year's plan"},
    "year.vote.adopt.help": {
        "zh": "当选的 {n} 个项目将成为{year}年计划：类别为领域，每个项目一项任务，指标和目标值引用候选项目和票决记录。",
        "en": "The {n} elected projects become the {year} plan: areas from the categories, a task per project, its "
        "indicators and targets citing the candidate and the vote.",
    },
    "year.vote.adopt.has_plan": {
        "zh": "{year}年已有计划；在报送数据之前可以重新转入（替换现有计划）。",
        "en": "{year} has a plan already; until figures are reported it can be adopted again (replacing it).",
    },
    "year.vote.adopt.tied": {
        "zh": "末位票数相同的候选项目须先重新表决，才能转为年度计划。",
        "en": "The candidates tied at the last place must be voted on again before the plan can be adopted.",
    },
    "year.vote.adopt.none": {"zh": "没有候选项目当选。", "en": "No candidate was elected."},
    "year.vote.adopted": {
        "zh": "已转为{year}年计划：{tasks} 项任务、{indicators} 项指标。侧栏已切换到{year}年。",
        "en": "Adopted as the {year} plan: {tasks} tasks, {indicators} indicators. The sidebar now shows {year}.",
    },
    "year.vote.record": {"zh": "录入一轮票决", "en": "Record a round"},
    "year.vote.record.revote": {
        "zh": "现有结果有并列：只录入并列项目的重新表决票数（名额默认为剩余名额）；录入全部候选项目的票数则为重新进行的全体表决。",
        "en": "The standing result has a tie: record the re-vote among the tied candidates only (the places default "
        "to those left); a tally over every candidate is a new full round instead.",
    },
    "year.vote.basis": {"zh": "过半数的基数", "en": "More than half of"},
    "year.vote.basis.deputies": {"zh": "应到代表", "en": "all deputies"},
    "year.vote.basis.present": {"zh": "实到代表", "en": "those present"},
    "year.vote.held_on": {"zh": "表决日期", "en": "Held on"},
    "year.vote.tab.typed": {"zh": "页面录入", "en": "Type the tally"},
    "year.vote.tab.file": {"zh": "上传计票表", "en": "Upload a tally sheet"},
    "year.vote.typed.help": {
        "zh": "逐项填写赞成、反对、弃权票数。保存时生成一份计票表 CSV 文件并连同 SHA-256 一起记录。",
        "en": "Type the yes, no and abstain votes of each candidate. Saving writes them as a CSV tally file, "
        "recorded with its SHA-256.",
    },
    "year.vote.typed.save": {"zh": "保存本轮票决", "en": "Save this round"},
    "year.vote.file": {"zh": "计票表", "en": "Tally sheet"},
    "year.vote.file.help": {
        "zh": "计票表列：项目名称或序号、赞成、反对、弃权（可有标题行，GBK 或 UTF-8）。",
        "en": "Tally sheet columns: 项目名称 or 序号, 赞成, 反对, 弃权 (a title row, GBK or UTF-8 are fine).",
    },
    "year.vote.file.save": {"zh": "录入计票表", "en": "Record the tally sheet"},
    "year.vote.recorded": {
        "zh": "已录入第{round}轮票决：当选 {elected} 项，需重新表决 {tied} 项。",
        "en": "Round {round} recorded: {elected} elected, {tied} to vote on again.",
    },
    "year.vote.rounds": {"zh": "票决记录", "en": "Rounds on record"},
    "year.vote.round_no": {"zh": "第{n}轮", "en": "Round {n}"},
    "year.vote.kind.full": {"zh": "全体表决", "en": "Full vote"},
    "year.vote.kind.runoff": {"zh": "并列项目重新表决", "en": "Re-vote among the tied"},
    # 满意度测评
    "year.rating.title": {"zh": "{year}年民生实事项目满意度测评", "en": "Satisfaction rating of the {year} list"},
    "year.rating.intro": {
        "zh": "年终人大代表对每个项目测评（满意、基本满意、不满意），可另加群众满意度调查并设权重；按牵头单位排名。",
        "en": "At year end the deputies rate each project (satisfied, basically satisfied, dissatisfied), optionally "
        "beside a public survey with weights; lead departments are ranked.",
    },
    "year.rating.record": {"zh": "录入测评结果", "en": "Record a rating"},
    "year.rating.source": {"zh": "测评来源", "en": "Source"},
    "year.rating.source.deputies": {"zh": "人大代表测评", "en": "Deputies' rating"},
    "year.rating.source.public": {"zh": "群众满意度调查", "en": "Public survey"},
    "year.rating.source.online": {"zh": "网络投票", "en": "Online poll"},
    "year.rating.source.leaders": {"zh": "领导评议", "en": "Leaders' review"},
    "year.rating.members": {"zh": "组成人员人数", "en": "Members"},
    "year.rating.members.help": {
        "zh": "参加测评的全体组成人员，含未投票者（“超过半数”按此计算）。",
        "en": "All members of the rating body, including those who did not vote (“more than half” counts them).",
    },
    "year.rating.weight": {"zh": "权重（可选）", "en": "Weight (optional)"},
    "year.rating.weight.help": {
        "zh": "各来源按权重加权平均得分（如群众 60、代表 30、网络 10）；不填则只用代表测评得分。",
        "en": "Sources combine as a weighted mean of their scores (e.g. public 60, deputies 30, online 10); without "
        "weights the deputies' score alone counts.",
    },
    "year.rating.file": {"zh": "测评表", "en": "Rating sheet"},
    "year.rating.file.help": {
        "zh": "测评表列：任务编号或任务名称、满意、基本满意、不满意。",
        "en": "Rating sheet columns: 任务编号 or 任务名称, 满意, 基本满意, 不满意.",
    },
    "year.rating.save": {"zh": "录入测评表", "en": "Record the rating sheet"},
    "year.rating.recorded": {"zh": "已录入“{name}”（{source}）。", "en": "Recorded “{name}” ({source})."},
    "year.rating.none": {
        "zh": "{year}年尚未录入满意度测评结果。",
        "en": "No satisfaction rating recorded for {year} yet.",
    },
    "year.rating.result": {"zh": "测评结果", "en": "Result"},
    "year.rating.rule": {"zh": "测评规则：", "en": "The rule:"},
    "year.rating.rated": {"zh": "已测评项目", "en": "Projects rated"},
    "year.rating.rated.value": {"zh": "{rated} / {total} 项", "en": "{rated} of {total}"},
    "year.rating.unrated": {"zh": "未测评：{names}", "en": "Not rated: {names}"},
    "year.rating.col.grade": {"zh": "测评结果", "en": "Grade"},
    "year.rating.col.task": {"zh": "项目", "en": "Project"},
    "year.rating.col.lead": {"zh": "牵头单位", "en": "Lead department"},
    "year.rating.col.satisfied": {"zh": "满意", "en": "Satisfied"},
    "year.rating.col.basically": {"zh": "基本满意", "en": "Basically satisfied"},
    "year.rating.col.dissatisfied": {"zh": "不满意", "en": "Dissatisfied"},
    "year.rating.col.members": {"zh": "组成人员", "en": "Members"},
    "year.rating.col.score": {"zh": "综合得分", "en": "Score"},
    "year.rating.col.code": {"zh": "任务编号", "en": "Task code"},
    "year.rating.col.rank": {"zh": "名次", "en": "Rank"},
    "year.rating.col.tasks": {"zh": "项目数", "en": "Projects"},
    "year.rating.departments": {"zh": "牵头单位排名", "en": "Lead departments ranked"},
    "year.rating.departments.none": {"zh": "没有可排名的牵头单位。", "en": "No lead department to rank."},
    "year.rating.rank_rule": {"zh": "排名方法", "en": "Ranking"},
    "year.rating.rank_rule.text": {
        "zh": "牵头单位按其牵头项目综合得分的平均值排名，得分相同的并列。",
        "en": "Lead departments rank by the mean score of their projects; equal means share a rank.",
    },
    "year.rating.score_rule": {"zh": "得分方法", "en": "Scores"},
    "year.rating.points": {
        "zh": "每票计分：满意 {satisfied} 分、基本满意 {basically} 分、不满意 {dissatisfied} 分，得分为所投票的平均分。",
        "en": "Points per vote: satisfied {satisfied}, basically satisfied {basically}, dissatisfied {dissatisfied}; "
        "a score is the mean over the votes cast.",
    },
    "year.rating.weights": {"zh": "权重", "en": "Weights"},
    "year.rating.weights.single": {"zh": "仅{source}", "en": "{source} only"},
    "year.rating.sources": {"zh": "测评记录", "en": "Ratings on record"},
    "year.rating.source_file": {
        "zh": "文件 {file}，SHA-256 {sha}，权重 {weight}",
        "en": "File {file}, SHA-256 {sha}, weight {weight}",
    },
    "year.rating.exports": {"zh": "导出", "en": "Exports"},
    "year.rating.exports.build": {
        "zh": "生成测评结果表（XLSX）和结果通报（DOCX）",
        "en": "Build the results workbook (XLSX) and the notice (DOCX)",
    },
    "year.rating.export.title": {
        "zh": "{year}年民生实事项目满意度测评结果",
        "en": "Satisfaction rating of the {year} livelihood projects",
    },
    "year.rating.sheet.tasks": {"zh": "测评结果", "en": "Results"},
    "year.rating.sheet.departments": {"zh": "牵头单位排名", "en": "Departments"},
    "year.rating.sheet.rule": {"zh": "规则与来源", "en": "Rule and sources"},
    "year.rating.notice.title": {
        "zh": "关于{year}年民生实事项目满意度测评结果的通报",
        "en": "Notice of the satisfaction rating of the {year} livelihood projects",
    },
    "year.rating.notice.lead": {
        "zh": "按照民生实事项目人大代表票决制的有关规定，对{year}年{tasks}个民生实事项目进行了满意度测评，"
        "参加测评的组成人员共{members}人（计分来源：{weights}）。现将测评结果通报如下。",
        "en": "As the rules on the deputies' vote on livelihood projects provide, the {tasks} livelihood projects "
        "of {year} were rated; the rating body has {members} members (scores from: {weights}). The results "
        "follow.",
    },
    "year.rating.notice.rule": {"zh": "测评规则：{rule}{points}", "en": "The rule: {rule} {points}"},
    "year.rating.notice.counts": {
        "zh": "测评结果为满意的{satisfied}项，基本满意的{basically}项，不满意的{dissatisfied}项。",
        "en": "{satisfied} project(s) were rated satisfied, {basically} basically satisfied and {dissatisfied} "
        "dissatisfied.",
    },
    "year.rating.notice.departments": {
        "zh": "各牵头单位按综合得分排名如下：",
        "en": "The lead departments rank by their scores as follows:",
    },
    "year.rating.notice.source": {
        "zh": "{source}：文件 {file}（SHA-256 {sha}…）",
        "en": "{source}: {file} (SHA-256 {sha}…)",
    },
    # plan years side by side (task and overview pages)
    "year.carried": {"zh": "上年结转", "en": "Carried over"},
    "year.carried.help": {
        "zh": "{last}年同名指标到12月底未完成：{items}",
        "en": "Unfinished at the end of December {last} under the same indicator: {items}",
    },
    "year.carried.overview": {
        "zh": "上年结转的任务 {n} 项（{last}年底未完成、本年继续）：{names}",
        "en": "{n} task(s) carried over from {last} (unfinished at its end, continued this year): {names}",
    },
    "year.same_month": {"zh": "上年同期", "en": "Same month last year"},
    "year.task.indicators": {"zh": "本任务的指标", "en": "This task's indicators"},
    "year.task.same_month.note": {
        "zh": "上年同期：{last}年同一月份、同名同单位指标的全省数据。",
        "en": "Same month last year: the province's figure for {last}, the same month, the same indicator and unit.",
    },
}
