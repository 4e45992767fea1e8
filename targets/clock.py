"""One local clock for everything people read: pages, history, audit, exports.

Stored times are naive UTC. People read them in one configured zone (LIVELIHOOD_TZ, an IANA name,
default Asia/Shanghai), always with the zone named beside them, so a page and an exported file never
disagree about the time.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_ZONE = "Asia/Shanghai"

# Names people use for the common zones; any other zone is named by its IANA key.
_ZONE_NAMES = {
    "Asia/Shanghai": {"zh": "北京时间", "en": "Beijing time"},
    "Asia/Chongqing": {"zh": "北京时间", "en": "Beijing time"},
    "Asia/Urumqi": {"zh": "乌鲁木齐时间", "en": "Urumqi time"},
    "Asia/Hong_Kong": {"zh": "香港时间", "en": "Hong Kong time"},
    "UTC": {"zh": "协调世界时", "en": "UTC"},
}


@lru_cache(maxsize=8)
def zone(name: str | None = None) -> ZoneInfo:
    """The configured zone; an unknown name is a configuration error, reported with the name."""
    key = name or os.environ.get("LIVELIHOOD_TZ") or DEFAULT_ZONE
    try:
        return ZoneInfo(key)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"LIVELIHOOD_TZ={key!r} is not a known time zone (an IANA name like Asia/Shanghai)") from exc


def zone_name(lang: str = "zh", name: str | None = None) -> str:
    """The zone as people call it: 北京时间 / Beijing time, else its IANA key."""
    key = zone(name).key
    names = _ZONE_NAMES.get(key)
    return names.get(lang, names["zh"]) if names else key


def local(at: datetime, name: str | None = None) -> datetime:
    """A stored time (naive UTC, or aware) as local wall-clock time (naive, in the configured zone)."""
    aware = at.replace(tzinfo=UTC) if at.tzinfo is None else at
    return aware.astimezone(zone(name)).replace(tzinfo=None)


def local_day(at: datetime, name: str | None = None) -> date:
    """The local calendar day of a stored time."""
    return local(at, name).date()


def today(name: str | None = None) -> date:
    """Today's local calendar day."""
    return datetime.now(zone(name)).date()


def show(at: datetime | None, *, seconds: bool = False, name: str | None = None) -> str:
    """A stored time as "2024-10-05 16:12" local time; "—" for no time."""
    if at is None:
        return "—"
    return local(at, name).strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


def show_with_zone(at: datetime | None, lang: str = "zh", *, seconds: bool = False, name: str | None = None) -> str:
    """A stored time with its zone named: "2024-10-05 16:12（北京时间）"."""
    if at is None:
        return "—"
    zone_text = zone_name(lang, name)
    return (
        f"{show(at, seconds=seconds, name=name)}（{zone_text}）"
        if lang == "zh"
        else (f"{show(at, seconds=seconds, name=name)} ({zone_text})")
    )
