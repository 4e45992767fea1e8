"""UI strings: the password rules (targets.passwords), said in the language of the page that refuses one."""

STRINGS: dict[str, dict[str, str]] = {
    "password.too_short": {"zh": "至少{n}个字符", "en": "at least {n} characters"},
    "password.spaces": {"zh": "首尾不能有空格", "en": "no leading or trailing spaces"},
    "password.refused": {"zh": "密码要求：{problems}。", "en": "The password needs {problems}."},
    # the accounts page (views/users.py)
    "accounts.col.last_login": {"zh": "最近登录（{zone}）", "en": "Last sign-in ({zone})"},
    "accounts.no_department": {"zh": "（无）", "en": "(none)"},
}
