"""The province and its prefecture-level divisions, and matching region names as people write them."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from targets.labels import label_key
from targets.model import Text

# The bundled province; a deployment elsewhere (or a benchmark at scale) names its own list.
REGIONS_FILE = Path(os.environ.get("LIVELIHOOD_REGIONS") or Path(__file__).with_name("regions.yaml"))
PROVINCE = "province"

# Rows in a regional sheet that carry the province's own figure, never a region.
TOTAL_ROW_NAMES = ("合计", "总计", "全省", "全省合计", "全省总计", "total", "province", "province total")


@dataclass(frozen=True)
class Region:
    code: str
    name: Text
    kind: str  # province, prefecture, special
    aliases: tuple[str, ...]
    position: int
    # [row, column] on the tile-grid map as the file gives it (checked by targets.region_map); not stored, so not
    # compared: the stored regions equal the file's whatever its tiles say
    tile: object = field(default=None, compare=False)


@cache
def load_regions(path: Path = REGIONS_FILE) -> tuple[Region, ...]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    regions = []
    for position, row in enumerate(data["regions"]):
        regions.append(
            Region(
                code=str(row["code"]),
                name=Text(row["name"]["zh"], row["name"]["en"]),
                kind=row["kind"],
                aliases=tuple(row.get("aliases", ())),
                position=position,
                tile=tuple(row["tile"]) if isinstance(row.get("tile"), list) else row.get("tile"),
            )
        )
    return tuple(regions)


@cache
def _index() -> dict[str, str]:
    index: dict[str, str] = {}
    for region in load_regions():
        for name in (region.code, region.name.zh, region.name.en, *region.aliases):
            index[label_key(name)] = region.code
    for name in TOTAL_ROW_NAMES:
        index[label_key(name)] = PROVINCE
    return index


def match_region(name: object) -> str | None:
    """The region code for a name as people write it (长春 / 长春市, 延边州), or None."""
    if name is None:
        return None
    key = label_key(name)
    if not key:
        return None
    index = _index()
    if key in index:
        return index[key]
    # "长春市合计" / "全省（合计）": strip brackets and a trailing total marker.
    stripped = re.sub(r"[()（）\[\]【】]", "", key)
    for suffix in ("合计", "总计", "小计"):
        if stripped.endswith(suffix) and stripped != suffix:
            stripped = stripped[: -len(suffix)]
    return index.get(stripped)


def is_total_row(name: object) -> bool:
    return match_region(name) == PROVINCE


def prefectures() -> tuple[Region, ...]:
    return tuple(r for r in load_regions() if r.kind != PROVINCE)


def region_name(code: str, lang: str = "zh") -> str:
    for region in load_regions():
        if region.code == code:
            return region.name.get(lang)
    return code
