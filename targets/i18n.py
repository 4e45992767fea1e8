"""Every UI string in Simplified Chinese (the default) and English, looked up by key."""

from __future__ import annotations

from targets import clock
from targets.strings import all_strings

LANGS = ("zh", "en")
DEFAULT_LANG = "zh"
LANG_LABELS = {"zh": "简体中文", "en": "English"}

# Each area of the app keeps its strings in targets/strings/<area>.py.
STRINGS: dict[str, dict[str, str]] = all_strings()


def register(strings: dict[str, dict[str, str]]) -> None:
    """Add a page's or a module's strings; a key defined twice is a bug."""
    clash = STRINGS.keys() & strings.keys()
    if clash:
        raise ValueError(f"UI strings defined twice: {sorted(clash)}")
    STRINGS.update(strings)


def t(key: str, lang: str = DEFAULT_LANG, **values: object) -> str:
    """The string for key in lang, formatted with values; an unknown key shows itself, never fails silently."""
    entry = STRINGS.get(key)
    if entry is None:
        return f"⟦{key}⟧"
    text = entry.get(lang) or entry[DEFAULT_LANG]
    if "{zone}" in text and "zone" not in values:  # every time people read is in the one configured zone
        values["zone"] = clock.zone_name(lang)
    return text.format(**values) if values else text
