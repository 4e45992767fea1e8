"""The 公示发布 page: an admin previews an edition (the approved counts and the notice), publishes it into the
configured folder and publishes it again from the list of editions; a viewer is refused."""

from __future__ import annotations

import pytest

from services import accounts
from targets.access import Role
from tests.apptest.conftest import sign_in
from tests.supervision_data import FIXTURE_CSV

PW = "disclosure-page-2024"


@pytest.fixture
def approved(store, cli, tmp_path, monkeypatch):
    """The supervision fixture with 省民政厅's and 省卫健委's June locked; the site goes to a temporary folder."""
    path = tmp_path / "fixture.csv"
    path.write_bytes(FIXTURE_CSV)
    assert cli("import", str(path), "--yes").code == 0
    for dept in ("省民政厅", "省卫健委"):
        assert cli("period", "lock", "2024-06", "--department", dept).code == 0
    out = tmp_path / "public"
    monkeypatch.setenv("LIVELIHOOD_PUBLISH_DIR", str(out))
    accounts.add_user(store, "boss", Role.ADMIN, PW, actor=None)
    accounts.add_user(store, "look", Role.VIEWER, PW, actor="boss")
    return out


def test_an_admin_previews_publishes_and_publishes_again(app, store, approved):
    at = sign_in(app, store, "boss").run()
    at.switch_page("views/disclosure.py").run()
    assert not at.exception
    at.text_input(key="disclosure_phone").input("0431-5286660")
    at.button[0].click().run()  # the form's 预览
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["进度滞后"] == "2" and metrics["暂无已审核数据"] == "23" and metrics["已完成全年任务"] == "0"
    assert any("进度滞后的有2项" in m.value for m in at.markdown)
    at.button(key="disclosure_publish").click().run()
    assert not at.exception
    assert any("已发布第1期" in s.value for s in at.success)
    index = (approved / "index.html").read_text(encoding="utf-8")
    assert "联系电话：0431-5286660" in index and "boss" not in index
    (approved / "index.html").write_text("changed", encoding="utf-8")
    at.button(key="disclosure_republish").click().run()
    assert any("已重新发布第1期" in s.value for s in at.success)
    assert (approved / "index.html").read_text(encoding="utf-8") == index


def test_a_viewer_is_refused(app, store, approved):
    at = sign_in(app, store, "look").run()
    at.switch_page("views/disclosure.py").run()
    assert at.error and "无权" in at.error[0].value
    assert not approved.exists()
