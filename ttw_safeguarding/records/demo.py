"""Demonstration records for a local run: each app registers what it seeds (``seed_demo``)."""

from __future__ import annotations

from typing import Any, Protocol


class DemoSeeder(Protocol):
    """Create demo records that do not exist yet, given the demo user of each role; returns
    what was made (empty when nothing was)."""

    def __call__(self, users: dict[str, Any], /) -> str: ...


DEMO_SEEDERS: list[DemoSeeder] = []


def register_demo_seeder(seeder: DemoSeeder) -> None:
    if seeder not in DEMO_SEEDERS:
        DEMO_SEEDERS.append(seeder)


def seed_demo_records(users: dict[str, Any]) -> str:
    """Run every registered seeder, in the order the apps registered them."""
    made = [seeder(users) for seeder in DEMO_SEEDERS]
    return "\n".join(line for line in made if line)
