"""The one local clock: stored naive-UTC times shown in the configured zone, with the zone named."""

from datetime import date, datetime

import pytest

from targets import clock


def test_default_zone_is_beijing_and_crosses_midnight(monkeypatch):
    monkeypatch.delenv("LIVELIHOOD_TZ", raising=False)
    at = datetime(2024, 9, 30, 17, 30)  # UTC: 01:30 on 1 October in Beijing
    assert clock.local(at) == datetime(2024, 10, 1, 1, 30)
    assert clock.local_day(at) == date(2024, 10, 1)
    assert clock.show(at) == "2024-10-01 01:30"
    assert clock.show_with_zone(at, "zh") == "2024-10-01 01:30（北京时间）"
    assert clock.show_with_zone(at, "en", seconds=True) == "2024-10-01 01:30:00 (Beijing time)"


def test_configured_zone_is_named_by_its_key(monkeypatch):
    monkeypatch.setenv("LIVELIHOOD_TZ", "Europe/Berlin")
    clock.zone.cache_clear()
    at = datetime(2024, 7, 1, 12, 0)
    assert clock.show(at) == "2024-07-01 14:00"  # summer time, +2
    assert clock.zone_name("zh") == "Europe/Berlin"
    clock.zone.cache_clear()


def test_unknown_zone_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("LIVELIHOOD_TZ", "Mars/Olympus")
    clock.zone.cache_clear()
    with pytest.raises(ValueError, match="Mars/Olympus"):
        clock.show(datetime(2024, 1, 1))
    clock.zone.cache_clear()


def test_no_time_shows_a_dash():
    assert clock.show(None) == "—"
    assert clock.show_with_zone(None) == "—"
