"""A stored row becomes its domain dataclass by field name (db.sql.as_dataclass), converting only what is named."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

import pytest

from db.sql import as_dataclass


class Colour(Enum):
    RED = "red"


@dataclass(frozen=True)
class Thing:
    id: int
    name: str | None
    colour: Colour


def test_columns_are_read_by_field_name_and_only_the_named_ones_converted():
    row = {"colour": "red", "extra": "ignored", "name": None, "id": Decimal(3)}
    thing = as_dataclass(Thing, row, id=int, colour=Colour)
    assert thing == Thing(3, None, Colour.RED) and type(thing.id) is int


def test_a_missing_column_is_an_error_not_a_silent_default():
    with pytest.raises(KeyError):
        as_dataclass(Thing, {"id": 1, "colour": "red"})
