"""预警规则 through AppTest on the supervision fixture: the rules in force, an edit previewing how many tasks change
colour in June (4: see tests/store/test_rules.py), a refusal without a reason, the save, the history; a viewer
reads the rules and cannot edit them."""

from __future__ import annotations

from services import catalogue
from services.rules import state
from tests.apptest.conftest import new_app, sign_in
from tests.supervision_data import accounts, upload


def open_rules(store, monkeypatch, name: str):
    from tests.conftest import ROOT

    monkeypatch.setenv("LIVELIHOOD_DB", store.target)
    monkeypatch.chdir(ROOT)
    accounts(store)
    upload(store)
    at = sign_in(new_app(store, as_tester=False), store, name)
    at.run()
    return at.switch_page("views/rules.py").run()


def texts(at) -> str:
    return "\n".join(m.value for m in [*at.markdown, *at.info, *at.error, *at.success, *at.subheader])


def test_an_admin_previews_saves_and_sees_the_history(store, monkeypatch):
    at = open_rules(store, monkeypatch, "boss")
    assert not at.exception and at.title[0].value == "预警规则"
    assert "现行规则：默认预警规则" in texts(at) and "尚无修改记录。" in texts(at)
    at.number_input(key="rules_amber_0").set_value(10.0)
    at.number_input(key="rules_red_0").set_value(30.0).run()
    assert not at.exception
    assert "项任务中有4项颜色将发生变化" in texts(at)
    changes = next(f.value for f in at.dataframe if "按新规则" in f.value.columns)
    assert sorted(changes["任务"].str.split().str[0]) == ["CUL-02", "ELD-02", "HEA-02", "PUB-01"]
    at.button(key="rules_commit").click().run()
    assert "修改预警规则须填写理由。" in texts(at) and state(store).versions == ()
    at.text_input(key="rules_reason_0").input("参照银川做法").run()
    at.button(key="rules_commit").click().run()
    assert not at.exception
    assert "已保存：预警规则第1版" in texts(at)
    assert "现行规则：预警规则第1版" in texts(at)
    [version] = state(store).versions
    assert (
        version.rules.amber_points,
        version.rules.red_points,
        version.set_by,
        version.reason,
        version.from_month,
    ) == (
        10.0,
        30.0,
        "boss",
        "参照银川做法",
        6,
    )
    history = next(f.value for f in at.dataframe if "理由" in f.value.columns)
    assert history.iloc[0][["版本", "生效月份", "黄灯/红灯/超序时", "设定人", "理由"]].tolist() == [
        "预警规则第1版",
        "2024-06",
        "黄灯10 / 红灯30 / 超序时5",
        "boss",
        "参照银川做法",
    ]


def test_a_viewer_reads_the_rules_but_cannot_edit(store, monkeypatch):
    at = open_rules(store, monkeypatch, "official")
    assert not at.exception
    assert "只有管理员可以修改预警规则。" in texts(at)
    assert not [b for b in at.button if b.key == "rules_commit"]
    assert not at.number_input


def test_the_page_speaks_english(store, monkeypatch):
    at = open_rules(store, monkeypatch, "boss")
    at.session_state["ui_lang"] = "en"
    at.run()
    assert not at.exception and at.title[0].value == "Alert rules"
    shown = texts(at)
    assert "Rules in force: default alert rules" in shown and "⟦" not in shown
    at.number_input(key="rules_amber_0").set_value(10.0)
    at.number_input(key="rules_red_0").set_value(30.0).run()
    total = len(catalogue.plan(store, 2024).tasks)
    assert f"June: 4 of {total} tasks would change colour" in texts(at)
