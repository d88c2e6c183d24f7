"""Load demonstration users and records for a local run."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from ttw_safeguarding.records import demo, roles

DEMO_USERS = [
    ("staff", roles.STAFF, "Sam", "Staff"),
    ("officer", roles.OFFICER, "Olivia", "Officer"),
    ("nso", roles.NSO, "Nadia", "National-Officer"),
    ("cmg", roles.CMG, "Colin", "Panel"),
    ("board", roles.BOARD, "Beth", "Board-Lead"),
    ("sysadmin", roles.SYSADMIN, "Sid", "Admin"),
    # Welfare officers of a club in each demo region, and of the first region.
    ("cwo", roles.CLUB_WELFARE_OFFICER, "Ceri", "Club-Welfare"),
    ("cwo2", roles.CLUB_WELFARE_OFFICER, "Dylan", "Club-Welfare"),
    ("rwo", roles.REGIONAL_WELFARE_OFFICER, "Rhian", "Regional-Welfare"),
]


class Command(BaseCommand):
    help = (
        "Create the demo users staff, officer, nso, cmg, board, sysadmin, cwo, cwo2 and rwo and "
        "a few clubs, children, concerns and cases marked as demo. Running it again changes "
        "nothing. "
        "Refuses to run when DEBUG is off, so it never touches a production database."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--password",
            help="Password for every demo user (default: a generated one, printed once).",
        )

    def handle(self, *args: Any, password: str | None = None, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("seed_demo refuses to run when DEBUG is off.")
        User = get_user_model()
        existing = set(
            User.objects.filter(username__in=[u[0] for u in DEMO_USERS]).values_list(
                "username", flat=True
            )
        )
        generated = password is None
        if generated:
            password = secrets.token_urlsafe(12)
        created_users = []
        with transaction.atomic():
            users = {}
            for username, role, first, last in DEMO_USERS:
                user = User.objects.filter(username=username).first()
                if user is None:
                    user = User(
                        username=username,
                        first_name=first,
                        last_name=f"{last} (demo)",
                        email=f"{username}@demo.ttw.example",
                        is_staff=role == roles.SYSADMIN,
                    )
                    user.set_password(password)
                    user.save()
                    user.groups.add(Group.objects.get(name=role))
                    created_users.append(username)
                users[role] = user
                # Several demo users hold one role (two club welfare officers): by name too.
                users[username] = user
            # The apps' demo records (records.demo, registered from each AppConfig.ready).
            made = demo.seed_demo_records(users)
        if created_users:
            self.stdout.write(f"Demo users created: {', '.join(created_users)}")
            if generated:
                self.stdout.write(f"Their password (shown once): {password}")
        if existing:
            self.stdout.write(
                f"Demo users already present, unchanged: {', '.join(sorted(existing))}"
            )
        self.stdout.write(made or "Demo records already present, unchanged.")
