"""The accounts page: a refused new account says why in the page's language and keeps what was typed; a created
one is in the table at once."""

from __future__ import annotations

import pytest

from services import accounts as users
from targets.access import Role
from tests.apptest.conftest import sign_in

PW = "correct horse battery"


@pytest.fixture
def admin_page(app, store):
    users.add_user(store, "boss", Role.ADMIN, PW, actor=None)
    at = sign_in(app, store, "boss").run()
    at.switch_page("views/users.py").run()
    assert not at.exception
    return at


def fill(at, name: str, role: str, department: str | None, password: str):
    at.text_input(key="add_name").input(name)
    at.selectbox(key="add_role").select(role)
    at.selectbox(key="add_department").select(department)
    at.text_input(key="add_password").input(password)
    return at.button(key="add_submit").click().run()


def names(at) -> set[str]:
    return set(at.dataframe[0].value.iloc[:, 0])


@pytest.mark.parametrize(
    ("lang", "said", "not_said"),
    [("zh", "密码要求：至少10个字符。", "characters"), ("en", "The password needs at least 10 characters.", "字符")],
)
def test_a_short_password_is_refused_in_the_page_language_and_the_form_keeps_what_was_typed(
    admin_page, store, lang, said, not_said
):
    at = admin_page
    at.session_state["ui_lang"] = lang
    at.run()
    at = fill(at, "mz-clerk", "reporter", "省民政厅", "short")
    assert not at.exception
    errors = [e.value for e in at.error]
    assert errors == [said] and not_said not in errors[0]
    assert at.text_input(key="add_name").value == "mz-clerk"
    assert at.selectbox(key="add_role").value == "reporter"
    assert at.selectbox(key="add_department").value == "省民政厅"
    assert at.text_input(key="add_password").value == "short"
    assert users.account(store, "mz-clerk") is None and "mz-clerk" not in names(at)


def test_a_new_account_is_in_the_table_at_once_and_the_form_starts_empty_again(admin_page, store):
    at = fill(admin_page, "mz-clerk", "reporter", "省民政厅", "a long enough password")
    assert not at.exception and not at.error
    assert "mz-clerk" in names(at)
    table = at.dataframe[0].value.set_index("账号")
    assert table.loc["mz-clerk", "角色"] == "填报" and table.loc["mz-clerk", "所属单位"] == "省民政厅"
    assert [s.value for s in at.success] == ["已创建账号 mz-clerk。"]
    assert at.text_input(key="add_name").value == "" and at.text_input(key="add_password").value == ""
    assert users.account(store, "mz-clerk").user.role is Role.REPORTER


def test_no_department_reads_as_a_word_not_none(admin_page):
    at = admin_page
    assert at.selectbox(key="add_department").format_func(None) == "（无）"
    assert "None" not in at.dataframe[0].value.to_string()
    assert any("北京时间" in c for c in at.dataframe[0].value.columns)
