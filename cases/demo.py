"""Demo records for ``manage.py seed_demo``: all marked as demo, created once."""

from __future__ import annotations

from typing import Any

from cases.models import Case, Child
from cases.services import reference_next
from ttw_safeguarding import roles

DEMO_CHILDREN = [
    ("Demo Child Alex", 9),
    ("Demo Child Bea", 13),
    ("Demo Child Cal", 15),
]


def seed_demo_records(users: dict[str, Any]) -> str:
    """Create the demo children and cases unless they exist. Returns what was made."""
    if Child.objects.filter(is_demo=True).exists():
        return ""
    officer = users[roles.OFFICER]
    children = []
    for name, age in DEMO_CHILDREN:
        children.append(
            Child.objects.create(
                name=name,
                approximate_age=age,
                reference=reference_next(prefix="C"),
                is_demo=True,
                created_by=users[roles.STAFF],
            )
        )
    Case.objects.create(
        reference=reference_next(prefix="CASE"),
        child=children[0],
        owner=officer,
        opened_by=officer,
        is_demo=True,
    )
    return f"Demo records created: {len(children)} children, 1 case."
