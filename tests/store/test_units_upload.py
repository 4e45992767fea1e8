"""Units in headers and unit columns, end to end: what lands in the store is in the catalogue's unit."""

from __future__ import annotations

from pathlib import Path

from db import figures as stored
from services.uploads import commit_upload, preview_upload

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "figures"


def upload(store, name: str) -> dict:
    preview = preview_upload(store, (SAMPLES / name).read_bytes(), name)
    assert preview.errors == [], [i.message_en for i in preview.errors]
    commit_upload(store, preview, actor="admin", confirm_warnings=True)
    with store.connect() as conn:
        return {key: figure.value for key, figure in stored.stored(conn, 2024).items()}


def test_a_unit_column_and_a_header_unit_land_converted(store):
    figures = upload(store, "units_column.xlsx")
    assert figures == {
        ("EMP-01-1", "province", 6): 213000,
        ("SOC-02-1", "province", 6): 65000,
        ("HEA-01-1", "province", 6): 3500,
        ("PUB-01-1", "province", 6): 125000,
        ("ELD-02-1", "province", 6): 1300,
        ("CUL-01-1", "province", 6): 32000,
    }
    figures = upload(store, "units_header_long_gbk.csv")
    assert (figures[("EMP-01-1", "province", 5)], figures[("EMP-01-1", "province", 6)]) == (180000, 213000)


def test_a_region_matrix_in_wan_lands_converted_for_the_title_month(store):
    figures = upload(store, "units_matrix.xlsx")
    assert figures == {
        ("EMP-01-1", "220100", 9): 96000,
        ("EMP-01-1", "220200", 9): 45000,
        ("EMP-01-1", "province", 9): 302000,
        ("HEA-01-1", "220100", 9): 1680,
        ("HEA-01-1", "220200", 9): 840,
        ("HEA-01-1", "province", 9): 5600,
    }


def test_a_unit_that_names_something_else_writes_nothing(store):
    name = "bad_unit_households_as_people.csv"
    preview = preview_upload(store, (SAMPLES / name).read_bytes(), name)
    assert [(e.rule, e.row, e.column) for e in preview.errors] == [("unit_mismatch", 3, "D (累计完成)")]
    with store.connect() as conn:
        assert stored.stored(conn, 2024) == {}
