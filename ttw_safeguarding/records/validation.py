"""Checks shared by every form that takes free text."""

from __future__ import annotations

import unicodedata
from typing import Any

from django.core.exceptions import ValidationError

CONTROL_CHARACTERS = "Remove control characters (such as NUL) from the text."


def clean_text(value: str) -> str:
    """Refuse NUL and other control characters (PostgreSQL refuses NUL in text).

    Tabs and line breaks are kept. Text is normalised to NFC so the same words
    are stored (and hashed) the same way however they were typed.
    """
    for ch in value:
        if ch in "\t\n\r":
            continue
        if unicodedata.category(ch) == "Cc":
            raise ValidationError(CONTROL_CHARACTERS, code="control_characters")
    return unicodedata.normalize("NFC", value)


class CleanTextMixin:
    """Form mixin: every text value passes ``clean_text`` (add before ``forms.Form``)."""

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean()  # type: ignore[misc]  # a mixin before the form
        for name, value in list(cleaned.items()):
            if isinstance(value, str):
                try:
                    cleaned[name] = clean_text(value)
                except ValidationError as exc:
                    self.add_error(name, exc)  # type: ignore[attr-defined]
        return cleaned
