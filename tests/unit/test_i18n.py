"""Every UI string exists in both languages and formats with the same placeholders."""

from __future__ import annotations

import re
import string

from targets.i18n import LANGS, STRINGS, t


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_key_has_chinese_and_english_with_the_same_placeholders():
    for key, entry in STRINGS.items():
        assert set(entry) == set(LANGS), key
        assert placeholders(entry["zh"]) == placeholders(entry["en"]), key
        assert re.search(r"[\u4e00-\u9fff]", entry["zh"]) or key.startswith(("sidebar.language",)), key


def test_an_unknown_key_is_visible_not_silent():
    assert t("no.such.key", "en") == "⟦no.such.key⟧"


def test_translation_formats_values():
    assert t("catalogue.title", "zh", year=2024) == "2024年民生实事任务目录"
    assert t("catalogue.title", "en", year=2024) == "2024 livelihood projects catalogue"


def test_times_are_labelled_with_the_configured_zone_never_utc(monkeypatch):
    from targets import clock

    monkeypatch.delenv("LIVELIHOOD_TZ", raising=False)
    clock.zone.cache_clear()
    assert t("history.col.when", "zh") == "时间（北京时间）"
    assert t("audit.col.when", "en") == "When (Beijing time)"
    assert (
        t("dashboard.header.last_change", "zh", when="2024-10-05 16:12") == "数据最后更新：2024-10-05 16:12（北京时间）"
    )
    monkeypatch.setenv("LIVELIHOOD_TZ", "Europe/Berlin")
    clock.zone.cache_clear()
    try:
        assert t("users.col.last_login", "en") == "Last sign-in (Europe/Berlin)"
    finally:
        clock.zone.cache_clear()
    for key, entry in STRINGS.items():
        assert "UTC" not in entry["zh"] and "UTC" not in entry["en"], key
