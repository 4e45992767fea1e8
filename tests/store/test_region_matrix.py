"""The region-matrix sheet end to end: regional targets imported, then the prefectures' matrix uploaded."""

from __future__ import annotations

import io

import openpyxl
import pytest

from db import figures as stored
from db.region_targets import targets_map
from services.region_targets import commit_targets, preview_targets
from services.status import load_status
from services.uploads import commit_upload, preview_upload
from targets.sheets import read_grid

REGIONS = ["长春市", "吉林市", "四平市", "辽源市", "通化市", "白山市", "松原市", "白城市", "延边州", "长白山"]
MEAL_TARGETS = [390, 195, 130, 65, 104, 65, 117, 78, 130, 26]  # ELD-02-1, adds up to 1,300
SEAL_TARGETS = [2100, 1050, 700, 350, 560, 350, 630, 420, 700, 140]  # HEA-01-1, adds up to 7,000


def targets_csv() -> bytes:
    lines = ["地区,指标编号,目标值"]
    lines += [f"{r},ELD-02-1,{t}" for r, t in zip(REGIONS, MEAL_TARGETS, strict=True)]
    lines += [f"{r},HEA-01-1,{t}" for r, t in zip(REGIONS, SEAL_TARGETS, strict=True)]
    lines += ["合计,ELD-02-1,1300", "合计,HEA-01-1,7000"]
    return ("\n".join(lines) + "\n").encode("gbk")


def matrix_xlsx(
    *,
    title="2024年民生实事进展情况表（截至2024年6月底）",
    meal_progress=None,
    ratio_override=None,
    target_override=None,
) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([title])
    ws.merge_cells("A1:G1")
    ws.append(["地区", "新建改建合作助老餐厅和助餐点", None, None, "适龄儿童免费牙齿窝沟封闭", None, None])
    ws.merge_cells("B2:D2")
    ws.merge_cells("E2:G2")
    ws.append([None, "牵头单位：省民政厅", None, None, "牵头单位：（待定）", None, None])
    ws.merge_cells("B3:D3")
    ws.merge_cells("E3:G3")
    ws.append([None, "目标", "进度", "完成比例(%)", "任务", "累计完成", "完成比例(%)"])
    meal_progress = meal_progress or [200, 90, 70, 30, 52, 33, 60, 20, 66, 13]
    seal = [1100, 500, 360, 100, 280, 175, 300, 150, 350, 70]
    for n, region in enumerate(REGIONS):
        mt, st = MEAL_TARGETS[n], SEAL_TARGETS[n]
        if target_override and n == 0:
            mt = target_override
        ratio = round(100 * meal_progress[n] / mt, 1) if isinstance(meal_progress[n], int) else None
        if ratio_override and n == 1:
            ratio = ratio_override
        ws.append([region, mt, meal_progress[n], ratio, st, seal[n], round(100 * seal[n] / st, 1)])
    meal_total = sum(v for v in meal_progress if isinstance(v, int))
    ws.append(
        ["合计", 1300, meal_total, round(100 * meal_total / 1300, 1), 7000, sum(seal), round(100 * sum(seal) / 7000, 1)]
    )
    ws.append(["注：数据截至6月30日。"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.fixture
def with_targets(store):
    preview = preview_targets(store, targets_csv(), "分解.csv")
    assert not preview.errors and not preview.warnings, [i.message_en for i in preview.issues]
    assert commit_targets(store, preview, actor="admin") is not None
    return store


def test_regional_targets_that_add_up_are_stored_without_the_total_row(with_targets):
    with with_targets.connect() as conn:
        targets = targets_map(conn, 2024)
    assert len(targets) == 20
    assert targets[("ELD-02-1", "222400")] == 130
    assert not any(region == "province" for _, region in targets)


def test_the_matrix_sheet_stores_progress_with_the_total_row_as_the_province(with_targets):
    data = matrix_xlsx()
    assert read_grid(data, "m.xlsx").merged  # merged headers as prefectures make them
    preview = preview_upload(with_targets, data, "6月进展.xlsx")
    assert preview.layout == "matrix"
    assert preview.errors == [] and preview.warnings == []
    assert preview.rows_read == 11
    assert preview.plan.counts() == {"new": 22, "changed": 0, "unchanged": 0}
    commit_upload(with_targets, preview, actor="admin")
    with with_targets.connect() as conn:
        figures = stored.stored(conn, 2024)
    assert figures[("ELD-02-1", "220100", 6)].value == 200
    assert figures[("ELD-02-1", "province", 6)].value == 634
    assert figures[("HEA-01-1", "CBS", 6)].value == 70
    assert {region for (_, region, _) in figures} == {
        "province",
        "220100",
        "220200",
        "220300",
        "220400",
        "220500",
        "220600",
        "220700",
        "220800",
        "222400",
        "CBS",
    }


def test_each_region_is_judged_against_its_own_target_after_the_matrix(with_targets):
    commit_upload(with_targets, preview_upload(with_targets, matrix_xlsx(), "m.xlsx"), actor="admin")
    view = load_status(with_targets, as_of=6)
    changchun = view.regional("220100").indicator("ELD-02-1")
    assert (changchun.actual, changchun.target, changchun.progress, changchun.expected) == (
        200,
        390,
        pytest.approx(200 / 390),
        0.5,
    )
    baicheng = view.regional("220800").indicator("ELD-02-1")
    assert (baicheng.status.value, baicheng.severity.value) == ("lagging", "red")  # 20 of 78: 25.6% against 50%
    assert view.province.basis["ELD-02-1"] == "reported"
    ranking = view.ranking()
    # Hand-computed: (meal %, sealant %) against 50% expected; score = share on pace or better, ties by mean gap.
    assert [(r.region, r.score) for r in ranking.regions] == [
        ("220300", 100.0),  # 四平 53.8, 51.4 (mean gap +2.6)
        ("220100", 100.0),  # 长春 51.3, 52.4 (+1.85)
        ("220600", 100.0),  # 白山 50.8, 50.0 (+0.38)
        ("222400", 100.0),  # 延边 50.8, 50.0 (+0.38; after 白山 in the usual order)
        ("220500", 100.0),  # 通化 50.0, 50.0 (0)
        ("CBS", 100.0),  # 长白山 50.0, 50.0 (0)
        ("220700", 50.0),  # 松原 51.3, 47.6
        ("220200", 0.0),  # 吉林 46.2, 47.6
        ("220400", 0.0),  # 辽源 46.2, 28.6
        ("220800", 0.0),  # 白城 25.6, 35.7
    ]
    assert ranking.lagging_by_task["ELD-02"] == ["220800", "220200", "220400"]
    # The view computes each region once: the ranking reuses the statuses regional() gave, and keeps itself.
    assert ranking is view.ranking()
    assert ranking.statuses["220800"] is view.regional("220800")
    fresh = load_status(with_targets, as_of=6).ranking()  # no regional() asked first
    assert [(r.region, r.score, r.change, r.mean_gap) for r in fresh.regions] == [
        (r.region, r.score, r.change, r.mean_gap) for r in ranking.regions
    ]


def test_a_target_column_or_a_ratio_that_disagrees_is_a_warning(with_targets):
    preview = preview_upload(with_targets, matrix_xlsx(target_override=400, ratio_override=99.0), "m.xlsx")
    assert preview.errors == []
    assert sorted((w.rule, w.row) for w in preview.warnings) == [("ratio_mismatch", 6), ("target_mismatch", 5)]


def test_the_month_comes_from_the_title_or_the_form(with_targets):
    no_month = matrix_xlsx(title="民生实事进展情况表")
    assert [e.rule for e in preview_upload(with_targets, no_month, "m.xlsx").errors] == ["no_month"]
    preview = preview_upload(with_targets, no_month, "m.xlsx", month=7)
    assert {c.key[2] for c in preview.plan.changes} == {7}
    wrong_year = matrix_xlsx(title="截至2023年6月底进展")
    assert [e.rule for e in preview_upload(with_targets, wrong_year, "m.xlsx").errors] == ["month_outside_year"]


def test_bad_cells_in_the_matrix_are_errors_naming_row_and_column(with_targets):
    progress = [200, "约九十", 70, 30, 52, 33, 60, 20, 66, 13]
    preview = preview_upload(with_targets, matrix_xlsx(meal_progress=progress), "m.xlsx")
    assert [(e.rule, e.row, e.column) for e in preview.errors] == [
        ("not_a_number", 6, "C (新建改建合作助老餐厅和助餐点·进度)")
    ]
