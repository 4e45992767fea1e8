"""UI strings: the upload page's checks before commit (department scope, sheets, unsafe files)."""

STRINGS: dict[str, dict[str, str]] = {
    "upload.foreign": {
        "zh": "文件中有 {n} 行属于其他单位牵头的指标，本账号不能提交；整份文件因此不能提交。"
        "可修改文件后重新上传，或只提交本单位指标的行（其余各行舍弃，并记录在案）。",
        "en": "{n} row(s) of the file are other departments' indicators, which this account may not submit, so the "
        "whole file cannot be committed. Fix the file and upload it again, or submit only your department's rows "
        "(the others are left out, on record).",
    },
    "upload.only_own": {"zh": "只提交本单位指标的行", "en": "Submit only my department's rows"},
    "upload.dropped": {
        "zh": "已舍弃其他单位指标的 {n} 行（将记录在本批次中）。",
        "en": "{n} row(s) of other departments' indicators are left out (recorded with this batch).",
    },
    "correct.confirm_warnings": {
        "zh": "数值有警告（下降、超过目标两倍、突增）时仍更正",
        "en": "Correct even when the value draws a warning (a fall, over twice the target, a jump)",
    },
    "upload.unsafe": {"zh": "文件无法安全读取", "en": "The file cannot be read safely"},
    "upload.sheet": {"zh": "工作表", "en": "Sheet"},
    "upload.sheet.read": {"zh": "已读取工作表“{sheet}”。", "en": "Read the sheet '{sheet}'."},
}
