"""Who may do what: roles, actions, and the department rule for reporters. Checked below the UI.

Streamlit enforces widget limits only in the browser and a page opens by URL, so every write
path asks `check()` with the acting account before it touches the store; a refusal is an
exception that the store layer logs.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from targets.model import Plan


class Role(StrEnum):
    VIEWER = "viewer"  # officials: every page, read-only
    REPORTER = "reporter"  # department staff: upload and correct their own department's indicators
    PRESS = "press"  # the press office: exports
    ADMIN = "admin"  # catalogue, schedules, tolerances, users, rollback, approval


class Action(StrEnum):
    VIEW = "view"
    UPLOAD = "upload"  # figures for the indicators of a file
    CORRECT = "correct"  # one figure in place
    ROLLBACK = "rollback"
    EXPORT = "export"
    CATALOGUE = "catalogue"  # import or edit the catalogue
    REGION_TARGETS = "region_targets"
    SCHEDULE = "schedule"  # trajectories and tolerances
    USERS = "users"
    AUDIT = "audit"  # view and export the audit log
    OBJECTIONS = "objections"  # read objections (personal data), reply, publish a reply, reject
    PERIOD_SUBMIT = "period_submit"
    PERIOD_APPROVE = "period_approve"  # approve, return, lock, reopen
    SUPERVISE = "supervise"  # open and close supervision items, accept suggestions
    SUPERVISE_NOTE = "supervise_note"  # progress notes on an item
    DEMO = "demo"
    CANDIDATES = "candidates"  # import the candidate pool for next year (征集)
    VOTE = "vote"  # record the deputies' vote (票决)
    RATING = "rating"  # record the year-end satisfaction rating (满意度测评)
    PUBLISH = "publish"  # preview and publish the public disclosure (公示)


ALLOWED: dict[Role, frozenset[Action]] = {
    Role.VIEWER: frozenset({Action.VIEW}),
    Role.REPORTER: frozenset({Action.VIEW, Action.UPLOAD, Action.CORRECT, Action.PERIOD_SUBMIT, Action.SUPERVISE_NOTE}),
    Role.PRESS: frozenset({Action.VIEW, Action.EXPORT}),
    Role.ADMIN: frozenset(Action),
}
# Actions a reporter may take only on their own department's indicators (or department).
DEPARTMENT_SCOPED = frozenset({Action.UPLOAD, Action.CORRECT, Action.PERIOD_SUBMIT, Action.SUPERVISE_NOTE})


@dataclass(frozen=True)
class User:
    name: str
    role: Role
    department: str | None = None
    disabled: bool = False


class Denied(PermissionError):
    """The acting account may not do this; the message says why, in both languages."""

    def __init__(self, user: str, action: str, en: str, zh: str):
        super().__init__(en)
        self.user, self.action, self.message_en, self.message_zh = user, action, en, zh

    def message(self, lang: str = "en") -> str:
        return self.message_zh if lang == "zh" else self.message_en


def check(
    user: User | None,
    action: Action,
    *,
    plan: Plan | None = None,
    indicators: tuple[str, ...] | list[str] | set[str] = (),
    department: str | None = None,
) -> None:
    """Raise Denied unless the user may take the action on these indicators / this department."""
    if user is None:
        raise Denied("?", action, "Sign in first: no acting account was given.", "请先登录：没有指定操作账号。")
    if user.disabled:
        raise Denied(user.name, action, f"The account {user.name} is disabled.", f"账号 {user.name} 已停用。")
    if action not in ALLOWED[user.role]:
        raise Denied(
            user.name,
            action,
            f"{user.name} ({user.role.value}) may not {action.value.replace('_', ' ')}.",
            f"{user.name}（{ROLE_LABELS[user.role]}）无权执行此操作（{ACTION_LABELS[action]}）。",
        )
    if user.role is Role.REPORTER and action in DEPARTMENT_SCOPED:
        if not user.department:
            raise Denied(user.name, action, f"{user.name} has no department.", f"{user.name} 未设置所属单位。")
        if department is not None and department != user.department:
            raise Denied(
                user.name,
                action,
                f"{user.name} reports for {user.department}, not {department}.",
                f"{user.name} 属于{user.department}，不能操作{department}的事项。",
            )
        if indicators:
            lead = {i.code: i.lead_unit for i in plan.indicators} if plan else {}
            foreign = sorted(code for code in set(indicators) if lead.get(code) != user.department)
            if foreign:
                shown = ", ".join(foreign[:5]) + ("…" if len(foreign) > 5 else "")
                raise Denied(
                    user.name,
                    action,
                    f"{user.name} ({user.department}) may not change {shown}: their lead department is another.",
                    f"{user.name}（{user.department}）不能修改 {shown}：这些指标的牵头单位不是本单位。",
                )


def can(user: User | None, action: Action, **scope) -> bool:
    try:
        check(user, action, **scope)
    except Denied:
        return False
    return True


ROLE_LABELS = {Role.VIEWER: "查看", Role.REPORTER: "填报", Role.PRESS: "宣传", Role.ADMIN: "管理员"}
ACTION_LABELS = {
    Action.VIEW: "查看",
    Action.UPLOAD: "上传数据",
    Action.CORRECT: "更正数据",
    Action.ROLLBACK: "回滚批次",
    Action.EXPORT: "导出",
    Action.CATALOGUE: "修改目录",
    Action.REGION_TARGETS: "修改地区目标",
    Action.SCHEDULE: "设置序时进度和容差",
    Action.USERS: "管理账号",
    Action.AUDIT: "查看审计日志",
    Action.OBJECTIONS: "处理公示异议",
    Action.PERIOD_SUBMIT: "报送月度数据",
    Action.PERIOD_APPROVE: "审核、退回、锁定或重开月份",
    Action.SUPERVISE: "督办立项和销号",
    Action.SUPERVISE_NOTE: "填写督办进展",
    Action.DEMO: "生成演示数据",
    Action.CANDIDATES: "导入候选项目",
    Action.VOTE: "录入代表票决结果",
    Action.RATING: "录入满意度测评结果",
    Action.PUBLISH: "发布公示",
}
