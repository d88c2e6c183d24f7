"""How a person with an account is named on pages, in reports and in messages."""

from __future__ import annotations

from typing import Any


def display_name(user: Any) -> str:
    """The person's full name, or their username when the account has no name."""
    return user.get_full_name() or user.get_username()
