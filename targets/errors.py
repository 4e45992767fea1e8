"""Refusals: an action that cannot be done, said to people in Chinese and English."""

from __future__ import annotations

from typing import Any


class Refusal(Exception):
    """An action that cannot be done, with a stable code and a message for people (zh and en)."""

    def __init__(self, code: str, message_en: str, message_zh: str | None = None, **extra: Any):
        super().__init__(message_en)
        self.code = code
        self.message_en = message_en
        self.message_zh = message_zh or message_en
        self.extra = extra

    def message(self, lang: str = "en") -> str:
        return self.message_zh if lang == "zh" else self.message_en
