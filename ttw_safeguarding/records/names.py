"""How a person with an account is named on pages, in reports and in messages."""

from __future__ import annotations

from typing import Any

from ttw_safeguarding.records.roles import ALL_ROLES


def display_name(user: Any) -> str:
    """The person's full name, or their username when the account has no name."""
    return user.get_full_name() or user.get_username()


def role_of(user: Any) -> str:
    """The person's roles (their groups among DESIGN.md's roles), in DESIGN.md's order."""
    held = {group.name for group in user.groups.all()}
    return ", ".join(role for role in ALL_ROLES if role in held)


def name_and_role(user: Any) -> str:
    """ "Full name, role": how a written report says who decided or recorded it."""
    role = role_of(user)
    return f"{display_name(user)}, {role}" if role else display_name(user)
