"""Reads for this app. Every read takes the user and goes through ttw_safeguarding.access."""

from __future__ import annotations

from typing import Any


def home_context(user: Any) -> dict[str, Any]:
    """What this app adds to the user's home page."""
    return {}
