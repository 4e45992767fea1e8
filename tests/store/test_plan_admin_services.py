"""What the admin's plan pages read: the catalogue import's additions, changes and the indicators it keeps, the
history of the plan and of the regional targets, the breakdown against the province, and the refusals."""

from __future__ import annotations

import pytest

from services import accounts, catalogue, region_targets
from targets.access import Denied, Role

PW = "a-long-password-2024"
HEADER = "序号,类别,任务,指标,目标值,单位,牵头单位,责任单位,完成时限"
TABLE = "\n".join(
    [
        HEADER,
        "1,养老助老,合作助老餐厅和助餐点,新建改建合作助老餐厅和助餐点,1500,个,省民政厅,,12月底",
        "2,社区服务,社区嵌入式服务设施,建成社区嵌入式服务设施,200,个,省住建厅,,10月底",
    ]
).encode("utf-8")
REGIONS = ["长春市", "吉林市", "四平市", "辽源市", "通化市", "白山市", "松原市", "白城市", "延边州", "长白山"]
MEALS = [390, 195, 130, 65, 104, 65, 117, 78, 130, 26]  # adds up to 1,300


@pytest.fixture
def people(store):
    accounts.add_user(store, "boss", Role.ADMIN, PW, actor=None)
    accounts.add_user(store, "official", Role.VIEWER, PW, actor="boss")
    accounts.add_user(store, "mz", Role.REPORTER, PW, department="省民政厅", actor="boss")
    return store


def test_a_catalogue_preview_separates_additions_changes_and_what_it_keeps(people):
    preview = catalogue.preview_catalogue(people, TABLE, "分解表.csv", year=2024, actor="boss")
    assert [(c.action, c.code) for c in preview.additions] == [
        ("new_area", "A08"),
        ("new_task", "A08-01"),
        ("new_indicator", "A08-01-1"),
    ]
    assert [(c.code, c.field, c.old, c.new) for c in preview.modifications] == [("ELD-02-1", "target", 1300, 1500)]
    # The 31 bundled indicators less the one the table names: kept, never removed.
    assert len(preview.kept) == 30 and "ELD-02-1" not in preview.kept and "HEA-01-1" in preview.kept
    assert catalogue.commit_catalogue(people, preview, actor="boss", confirm_warnings=True)
    entries = catalogue.history(people, 2024)
    assert [(e["action"], e["actor"], e["file"]) for e in entries] == [
        ("import", "boss", "分解表.csv"),
        ("load", "system", "2024.yaml"),
    ]
    assert len(entries[0]["changes"]) == 4 and entries[0]["sha256"]
    assert catalogue.history(people, 2025) == []


def test_only_an_admin_previews_a_catalogue_or_regional_targets(people):
    sheet = "地区,指标编号,目标值\n长春市,ELD-02-1,390\n".encode()
    for name in ("official", "mz"):
        with pytest.raises(Denied):
            catalogue.preview_catalogue(people, TABLE, "t.csv", year=2024, actor=name)
        with pytest.raises(Denied):
            region_targets.preview_targets_as(people, sheet, "t.csv", year=2024, actor=name)
    assert region_targets.preview_targets_as(people, sheet, "t.csv", year=2024, actor="boss").new


def test_the_breakdown_and_the_history_of_regional_targets(people):
    short = [*MEALS[:-1], 0]  # Changbai Mountain left at 0: the regions add up to 1,274 of 1,300
    sheet = "地区,指标编号,目标值\n" + "\n".join(f"{r},ELD-02-1,{v}" for r, v in zip(REGIONS, short, strict=True))
    preview = region_targets.preview_targets_as(people, sheet.encode(), "分解.csv", year=2024, actor="boss")
    batch = region_targets.commit_targets(people, preview, actor="boss", confirm_warnings=True)
    region_targets.set_target(
        people, year=2024, code="ELD-02-1", region="220100", target=400, actor="boss", expected=390
    )
    rows = {row.code: (row, adds_up) for row, adds_up in region_targets.breakdown(people, 2024)}
    meals, adds_up = rows["ELD-02-1"]
    assert (meals.province_target, meals.total, adds_up) == (1300, 1284, False)
    assert meals.regions[0] == ("220100", 400) and len(meals.regions) == 10
    assert rows["HEA-01-1"][1] is None and rows["HEA-01-1"][0].total is None
    history = region_targets.batches(people, 2024)
    assert [(b["kind"], b["filename"], b["actor"], len(b["changes"])) for b in history] == [
        ("region_target_edit", None, "boss", 1),
        ("region_targets", "分解.csv", "boss", 10),
    ]
    assert history[0]["changes"] == [("ELD-02-1", "220100", 390, 400)]
    assert history[1]["batch"] == batch and history[1]["changes"][0] == ("ELD-02-1", "220100", None, 390)
