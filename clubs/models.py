"""Table Tennis Wales's structure: regions, leagues and clubs, and their welfare officers.

TTW itself is the root: a record with no club is about one of TTW's own events. A club may
belong to a league and to a region (GUIDANCE.md: TTW, region, league, club); a league may
belong to a region. Contacts are plain fields, kept up to date from the clubs' CSV
(``manage.py import_clubs``) or by the NSO in the admin.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class Contacts(models.Model):
    name = models.CharField(max_length=200, unique=True)
    welfare_officer_email = models.EmailField("welfare officer's e-mail", blank=True)
    welfare_officer_phone = models.CharField("welfare officer's phone", max_length=40, blank=True)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Region(Contacts):
    """A regional association (e.g. North Wales Counties TTA)."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)


class League(Contacts):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="leagues"
    )


class Club(Contacts):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    league = models.ForeignKey(
        League, on_delete=models.PROTECT, null=True, blank=True, related_name="clubs"
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="clubs"
    )


class ClubWelfareOfficer(models.Model):
    """A club welfare officer's club: they record and see that club's concerns (CPSU)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="welfare_clubs"
    )
    club = models.ForeignKey(Club, on_delete=models.PROTECT, related_name="welfare_officers")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "club"], name="club_welfare_officer_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.club})"


class RegionalWelfareOfficer(models.Model):
    """A regional welfare officer's region (one): they support every club of it (CPSU)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="welfare_region"
    )
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="welfare_officers")

    def __str__(self) -> str:
        return f"{self.user} ({self.region})"
