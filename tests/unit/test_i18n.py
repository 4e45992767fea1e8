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
