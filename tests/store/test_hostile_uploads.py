"""Hostile files fail that one upload, with a clear message, wherever they arrive (the page's preview, `import`,
the catalogue and regional-target imports); the process that asked carries on."""

from __future__ import annotations

import pytest

from services import sandbox
from services.catalogue import preview_catalogue
from services.region_targets import preview_targets
from services.uploads import preview_upload
from tests.unit.test_sandbox import big_xlsx, bomb_xlsx
from tests.unit.test_sheet_bounds import HEADER, xls
from tests.unit.test_upload_sheets import workbook

# DuckDB only (tests/conftest.py, store_independent): a rule that goes through the store.
pytestmark = pytest.mark.store_independent("a hostile file is refused by the reader before anything reaches the store")


def rules(issues) -> list[str]:
    return [i.rule for i in issues]


def test_the_51_gb_workbook_is_refused_by_every_import_and_the_cli_goes_on(store, cli, tmp_path):
    data = bomb_xlsx()
    assert rules(preview_upload(store, data, "bomb.xlsx").errors) == ["declared_size"]
    assert rules(preview_catalogue(store, data, "bomb.xlsx", year=2024, actor=None).errors) == ["declared_size"]
    assert rules(preview_targets(store, data, "bomb.xlsx").errors) == ["declared_size"]
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(data)
    result = cli("import", str(path), "--dry-run", "--json")
    assert result.code == 1 and [e["rule"] for e in result.json["errors"]] == ["declared_size"]
    assert cli("status", "--json").code == 0


def test_a_read_beyond_the_memory_limit_fails_the_preview_with_a_clear_message(store, monkeypatch):
    monkeypatch.setattr(sandbox, "MEMORY_LIMIT_BYTES", 48 * 1024 * 1024)
    preview = preview_upload(store, big_xlsx(), "big.xlsx")
    assert rules(preview.errors) == ["unsafe_file"]
    assert preview.errors[0].message_zh.startswith("文件无法安全读取：读取时所需内存超过上限")
    assert preview.plan.is_empty


def test_a_read_beyond_the_time_limit_fails_the_preview(store, monkeypatch):
    monkeypatch.setattr(sandbox, "WALL_LIMIT_SECONDS", 0.001)
    preview = preview_upload(store, "指标编号,月份,累计完成\nELD-02-1,2024-05,640\n".encode(), "slow.csv")
    assert rules(preview.errors) == ["unsafe_file"] and "秒仍未完成" in preview.errors[0].message_zh


def test_a_stray_cell_at_iv65536_is_refused_quickly_by_the_preview(store):
    preview = preview_upload(store, xls({**HEADER, (65535, 255): "x"}), "stray.xls")
    assert rules(preview.errors) == ["too_large"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_ordinary_file_reads_the_same_through_the_sandbox(store, fmt):
    rows = [["指标编号", "地区", "月份", "累计完成（万）"], ["ELD-02-1", "长春", "2024-06", 0.021]]
    data = workbook(("数据", rows)) if fmt == "xlsx" else "\n".join(",".join(map(str, r)) for r in rows).encode("gbk")
    preview = preview_upload(store, data, f"ok.{fmt}")
    assert not preview.errors, [i.message_en for i in preview.errors]
    assert [(c.key, c.new) for c in preview.plan.changes] == [(("ELD-02-1", "220100", 6), 210.0)]
    assert preview.sheet == ("数据" if fmt == "xlsx" else None)
