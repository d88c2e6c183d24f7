"""Children, cases and what belongs to them."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from cases import local_authorities
from sharing import policy

# What a record without a club is about.
NO_CLUB = "TTW event (no club)"


class ReferenceCounter(models.Model):
    """The last number issued for a reference prefix and year (C-2026-0042)."""

    prefix = models.CharField(max_length=10)
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["prefix", "year"], name="reference_counter_once"),
        ]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}: {self.last}"


class LocalAuthority(models.Model):
    """A local authority area where a concern can happen: reference data (cases.local_authorities).

    A referral goes to the authority where the concern occurred (Wales Safeguarding
    Procedures, section C2).
    """

    class Region(models.TextChoices):
        NORTH_WALES = local_authorities.NORTH_WALES, "North Wales"
        MID_AND_WEST_WALES = local_authorities.MID_AND_WEST_WALES, "Mid and West Wales"
        WEST_GLAMORGAN = local_authorities.WEST_GLAMORGAN, "West Glamorgan"
        CWM_TAF_MORGANNWG = local_authorities.CWM_TAF_MORGANNWG, "Cwm Taf Morgannwg"
        CARDIFF_AND_VALE = local_authorities.CARDIFF_AND_VALE, "Cardiff and Vale"
        GWENT = local_authorities.GWENT, "Gwent"

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=100, unique=True)
    welsh_name = models.CharField("Welsh name", max_length=100, blank=True)
    # The regional safeguarding board; none for "Outside Wales".
    region = models.CharField(
        "safeguarding region", max_length=30, choices=Region.choices, blank=True
    )
    in_wales = models.BooleanField(default=True)

    class Meta:
        # Alphabetical, with "Outside Wales" last.
        ordering = ["-in_wales", "name"]
        verbose_name_plural = "local authorities"

    def __str__(self) -> str:
        return self.name


class Child(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(max_length=20, unique=True, editable=False)
    name = models.CharField(max_length=200)
    date_of_birth = models.DateField(null=True, blank=True)
    approximate_age = models.PositiveSmallIntegerField(null=True, blank=True)
    is_demo = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "children"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(approximate_age__isnull=True)
                | models.Q(approximate_age__lte=25),
                name="child_approximate_age_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.reference})"


class Case(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        MONITORING = "monitoring", "Monitoring"
        CLOSED = "closed", "Closed"

    class Risk(models.TextChoices):
        LOW = "low", "Low"
        MEDIUM = "medium", "Medium"
        HIGH = "high", "High"
        CRITICAL = "critical", "Critical"

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(max_length=20, unique=True, editable=False)
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="cases")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="owned_cases"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    risk_level = models.CharField(max_length=10, choices=Risk.choices, default=Risk.MEDIUM)
    # P6.2: a case meeting the threshold must have a referral to an external agency.
    meets_referral_threshold = models.BooleanField(
        "meets the threshold for referral to an external agency", default=False
    )
    threshold_rationale = models.TextField(blank=True)
    is_demo = models.BooleanField(default=False, editable=False)
    opened_at = models.DateTimeField(default=timezone.now, editable=False)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    # The club of the concern the case was opened from (none: one of TTW's own events);
    # its welfare officers see the case (cases.access).
    club = models.ForeignKey(
        "clubs.Club",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        editable=False,
    )

    class Meta:
        ordering = ["-opened_at"]
        indexes = [
            models.Index(fields=["status", "-opened_at"], name="case_status_opened"),
            # The case list's order: its first page is read from the index, not sorted.
            models.Index(fields=["-opened_at", "-id"], name="case_opened_newest"),
        ]
        constraints = [
            # P6.2: a threshold case says why (the rules: sharing.policy.concerns.triage_problems
            # and threshold_change_problems).
            models.CheckConstraint(
                condition=models.Q(meets_referral_threshold=False)
                | ~models.Q(threshold_rationale=""),
                name="case_threshold_needs_rationale",
            ),
        ]

    def __str__(self) -> str:
        return self.reference


class AdultSubjectToAllegation(models.Model):
    """An adult against whom an allegation is made, linked to a case (P6.3, P6.4)."""

    class RoleInTTW(models.TextChoices):
        STAFF = "staff", "Staff"
        VOLUNTEER = "volunteer", "Volunteer"
        CONTRACTOR = "contractor", "Contractor"
        NONE = "none", "No role in TTW"

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="adults")
    # The person the allegation is about, one record across cases and clubs.
    person = models.ForeignKey(
        "adults.Adult",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="allegations",
        editable=False,
    )
    name = models.CharField(max_length=200)
    role_in_ttw = models.CharField("role in TTW", max_length=12, choices=RoleInTTW.choices)
    # P6.3: where they may work with children elsewhere.
    other_organisations = models.TextField(
        "other organisations where they work with children", blank=True
    )
    works_with_children_elsewhere = models.BooleanField(default=False)
    # P6.4
    subject_to_mappa = models.BooleanField("subject to MAPPA monitoring", default=False)
    statutory_investigation = models.BooleanField(
        "subject of a statutory agency investigation", default=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )

    class Meta:
        ordering = ["name"]
        verbose_name = "adult subject to an allegation"

    def __str__(self) -> str:
        return self.name

    def url_after_recording(self) -> str:
        """The adult is shown on their case's page."""
        return reverse("cases:detail", args=[self.case.code])


# --- decisions about a case (each goes through ttw_safeguarding.records.decisions) ---------

from ttw_safeguarding.records.db import append_only_record  # noqa: E402
from ttw_safeguarding.records.models import Decision, ImmutableRecordError  # noqa: E402
from ttw_safeguarding.records.names import display_name  # noqa: E402


class Referral(Decision):
    """A referral to an external agency (P6.2): a decision with its written report."""

    KIND = "referral"
    LABEL = "Referral to an external agency"
    DEFAULT_CLAUSES = ("P6.1", "P6.2", "P6.9", "P6.10", "P6.11")

    class Agency(models.TextChoices):
        SOCIAL_CARE = "social_care", "Children's social care"
        POLICE = "police", "Police"
        LADO = "lado", "LADO (Local Authority Designated Officer)"
        NSPCC = "nspcc", "NSPCC"
        DBS = "dbs", "Disclosure and Barring Service"
        OTHER = "other", "Other"

    class Method(models.TextChoices):
        PHONE = "phone", "Phone"
        SECURE_EMAIL = "secure_email", "Secure e-mail"
        ONLINE_FORM = "online_form", "Online referral form"
        MEETING = "meeting", "Meeting"
        LETTER = "letter", "Letter"

    agency = models.CharField(max_length=20, choices=Agency.choices)
    agency_name = models.CharField("agency name", max_length=200, blank=True)
    agency_contact = models.CharField("contact at the agency", max_length=200)
    referred_at = models.DateTimeField("date and time of referral")
    method = models.CharField(max_length=20, choices=Method.choices)
    agency_reference = models.CharField("agency's reference", max_length=100, blank=True)
    information_shared = models.TextField("what was shared")
    follow_up = models.TextField("follow-up agreed", blank=True)
    # Wales Safeguarding Procedures C2: the authority where it happened. Empty on the
    # referrals recorded before it was asked, and on those to no local authority (the DBS).
    local_authority = models.ForeignKey(
        LocalAuthority,
        verbose_name="local authority",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    # Asked after referrals were first kept: see Decision.HASHED_ONLY_WHEN_SET.
    HASHED_ONLY_WHEN_SET = ("local_authority",)

    def report_context(self) -> dict:
        return {
            "rows": [
                (
                    "Agency",
                    self.get_agency_display()
                    + (f" ({self.agency_name})" if self.agency_name else ""),
                ),
                ("Contact", self.agency_contact),
                ("Referred", self.referred_at),
                ("Method", self.get_method_display()),
                ("Local authority", str(self.local_authority or "")),
                ("Agency's reference", self.agency_reference),
                ("What was shared", self.information_shared),
                ("Follow-up", self.follow_up),
            ]
        }


class CaseClosure(Decision):
    """Closing a case, with its reason (P6.11)."""

    KIND = "case_closure"
    LABEL = "Case closure"
    DEFAULT_CLAUSES = ("P6.11",)


class Concern(Decision):
    """What a member of staff reports about a child: the reporter's account, on record.

    Recorded through the decision path so the account is hash-chained, audit-logged
    and has its written report. Facts and professional opinion stay apart (P6.10).
    """

    # A concern is an account recorded, not a decision made.
    REPORT_BY_LABEL = "Recorded by"

    KIND = "concern"
    LABEL = "Concern about a child"
    DEFAULT_CLAUSES = ("P6.10", "P6.11")
    # Asked after concerns were first kept (the club; where it happened): see
    # Decision.HASHED_ONLY_WHEN_SET.
    HASHED_ONLY_WHEN_SET = ("club", "town", "local_authority")

    # Set on a concern waiting for triage by cases.selectors.with_triage_due, from the
    # policy (sharing.policy.triage_due_on); never stored.
    triage_due_on: dt.date | None
    is_triage_overdue: bool

    def url_after_recording(self) -> str:
        """The reporter's own page of the concern (staff see no decision pages)."""
        return reverse("cases:concern_submitted", args=[self.code])

    class Category(models.TextChoices):
        PHYSICAL = "physical", "Physical"
        EMOTIONAL = "emotional", "Emotional"
        SEXUAL = "sexual", "Sexual"
        NEGLECT = "neglect", "Neglect"
        ONLINE = "online", "Online"
        BULLYING = "bullying", "Bullying"
        SELF_HARM = "self_harm", "Self-harm"
        RADICALISATION = "radicalisation", "Radicalisation"
        # SOA22A: routes the concern as an allegation against the adult (sharing.policy).
        POSITION_OF_TRUST = policy.CATEGORY_POSITION_OF_TRUST, policy.POSITION_OF_TRUST_LABEL
        OTHER = "other", "Other"

    # Named so that "concern" stays free for fields that point at a concern.
    decision_ptr = models.OneToOneField(
        Decision,
        on_delete=models.CASCADE,
        parent_link=True,
        primary_key=True,
        related_name="as_concern",
    )
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="concerns")
    # Where the concern came from: a club, or none for one of TTW's own events. Its club's
    # welfare officers see it (cases.access).
    club = models.ForeignKey(
        "clubs.Club",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="concerns",
        verbose_name="club",
    )
    occurred_at = models.DateTimeField("when it happened")
    activity = models.CharField(max_length=200, blank=True)
    venue = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=200, blank=True)
    # Wales Safeguarding Procedures C2: a referral goes to the authority where it happened.
    # Required by the concern form; empty on the concerns recorded before it was asked.
    local_authority = models.ForeignKey(
        LocalAuthority,
        verbose_name="local authority area where it happened",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    childs_words = models.TextField("the child's own words (verbatim)", blank=True)
    # Category values (Concern.Category); a JSON list because decisions are hashed whole.
    categories = models.JSONField(default=list)
    immediate_action = models.TextField("immediate action taken", blank=True)
    is_urgent = models.BooleanField("a child is in immediate danger", default=False)
    # Marks on the body map: [{"side", "x", "y", "size", "colour", "description"}, ...].
    body_map = models.JSONField(default=list, blank=True)

    def where(self) -> str:
        """The place, town and area, as one line ("Sports hall, Bala, Gwynedd")."""
        parts = (self.venue, self.town, str(self.local_authority or ""))
        return ", ".join(part for part in parts if part)

    def category_labels(self) -> list[str]:
        labels = dict(self.Category.choices)
        return [labels.get(value, value) for value in self.categories]

    def body_map_marks(self) -> list[dict]:
        from cases.bodymap import marks_for_drawing

        return marks_for_drawing(self.body_map)

    def report_context(self) -> dict:
        return {
            "rows": [
                ("Child", str(self.child)),
                ("Club", str(self.club) if self.club_id else NO_CLUB),
                ("When it happened", self.occurred_at),
                ("Activity", self.activity),
                ("Venue", self.venue),
                ("Town", self.town),
                ("Local authority area where it happened", str(self.local_authority or "")),
                ("Categories", ", ".join(self.category_labels())),
                (
                    "A child is in immediate danger",
                    "YES: urgent" if self.is_urgent else "No",
                ),
                ("Immediate action taken", self.immediate_action),
                ("The child's own words (verbatim)", self.childs_words),
            ]
        }


class Triage(Decision):
    """An officer's triage of a concern: the case it belongs to and how it is handled.

    The case's current state (owner, risk, status, threshold) lives on ``Case`` and
    changes over time; this decision keeps what was decided at triage, for good.
    """

    KIND = "triage"
    LABEL = "Triage of a concern"
    DEFAULT_CLAUSES = ("P6.11",)

    concern = models.ForeignKey(Concern, on_delete=models.PROTECT, related_name="triages")
    opens_case = models.BooleanField("opened a new case")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    risk_level = models.CharField(max_length=10, choices=Case.Risk.choices)
    status = models.CharField(max_length=12, choices=Case.Status.choices)
    # P6.2
    meets_referral_threshold = models.BooleanField(
        "meets the threshold for referral to an external agency"
    )
    threshold_rationale = models.TextField(blank=True)

    class Meta:
        constraints = [
            # A concern is triaged once; a correction is an amendment (P6.11). The P6.2 check
            # below is sharing.policy.concerns.triage_problems in the database.
            models.UniqueConstraint(fields=["concern"], name="triage_once_per_concern"),
            models.CheckConstraint(
                condition=models.Q(meets_referral_threshold=False)
                | ~models.Q(threshold_rationale=""),
                name="triage_threshold_needs_rationale",
            ),
        ]

    def report_context(self) -> dict:
        return {
            "rows": [
                ("Concern", f"{self.concern.LABEL} {self.concern.short_code}"),
                ("Case", "New case opened" if self.opens_case else "Added to an existing case"),
                ("Owner", display_name(self.owner)),
                ("Risk level", self.get_risk_level_display()),
                ("Status", self.get_status_display()),
                (
                    "Meets the threshold for referral to an external agency",
                    "Yes" if self.meets_referral_threshold else "No",
                ),
                ("Why it meets the threshold", self.threshold_rationale),
            ]
        }


class CaseNoteQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> NoReturn:
        raise ImmutableRecordError("Case notes cannot be changed; add another note.")

    def delete(self) -> NoReturn:
        raise ImmutableRecordError("Case notes cannot be deleted.")


@append_only_record
class CaseNote(models.Model):
    """An update on a case that is not a decision. Written once, never changed."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="notes")
    text = models.TextField()
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    written_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = CaseNoteQuerySet.as_manager()

    class Meta:
        ordering = ["written_at", "pk"]
        indexes = [models.Index(fields=["case", "written_at"], name="casenote_case_time")]

    def __str__(self) -> str:
        return f"Note on {self.case_id} at {self.written_at:%Y-%m-%d %H:%M}"

    def url_after_recording(self) -> str:
        """Notes are read on their case's page."""
        return reverse("cases:detail", args=[self.case.code])

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise ImmutableRecordError("Case notes cannot be changed; add another note.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRecordError("Case notes cannot be deleted.")


class ClubShareBack(Decision):
    """A note or a task the NSO's team shares back to the club a case came from (P6.1).

    Written by an officer or the NSO for the club's welfare officers, who see it beside the
    case; the text is all they see of it, so nothing restricted reaches them through it.
    """

    KIND = "club_share_back"
    LABEL = "Shared with the club"
    DEFAULT_CLAUSES = policy.SHARE_BACK_CLAUSES

    class Kind(models.TextChoices):
        NOTE = policy.SHARE_BACK_NOTE, "Note"
        TASK = policy.SHARE_BACK_TASK, "Task"

    share_kind = models.CharField("note or task", max_length=10, choices=Kind.choices)
    # The case's club when it was shared: its welfare officers, and the region's, see it.
    club = models.ForeignKey(
        "clubs.Club", on_delete=models.PROTECT, related_name="shared_back", editable=False
    )
    text = models.TextField("what the club's welfare officer needs to know or do")
    due_on = models.DateField("task due by", null=True, blank=True)

    class Meta:
        constraints = [
            # sharing.policy.club_share_back_problems: a task has a due date, a note none.
            models.CheckConstraint(
                condition=(
                    models.Q(share_kind=policy.SHARE_BACK_TASK) & models.Q(due_on__isnull=False)
                )
                | (models.Q(share_kind=policy.SHARE_BACK_NOTE) & models.Q(due_on__isnull=True)),
                name="club_share_back_task_due",
            ),
        ]

    @property
    def is_task(self) -> bool:
        return self.share_kind == policy.SHARE_BACK_TASK

    def url_after_recording(self) -> str:
        """What was shared back is read on its case's page."""
        assert self.case is not None, "a share-back is always about a case"
        return reverse("cases:detail", args=[self.case.code])

    def report_context(self) -> dict:
        return {
            "rows": [
                ("Shared with", f"The welfare officers of {self.club}"),
                ("Note or task", self.get_share_kind_display()),
                ("What the club's welfare officer needs to know or do", self.text),
                ("Task due by", self.due_on or ""),
            ]
        }


class ClubTaskDoneQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> NoReturn:
        raise ImmutableRecordError("A task's completion cannot be changed.")

    def delete(self) -> NoReturn:
        raise ImmutableRecordError("A task's completion cannot be deleted.")


@append_only_record
class ClubTaskDone(models.Model):
    """A club's welfare officer saying a task shared back to the club is done. Once per task."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    task = models.ForeignKey(ClubShareBack, on_delete=models.PROTECT, related_name="done")
    outcome = models.TextField("what the club did")
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    done_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ClubTaskDoneQuerySet.as_manager()

    class Meta:
        constraints = [
            # A task is done once (sharing.policy.task_done_problems; the service says who).
            models.UniqueConstraint(fields=["task"], name="club_task_done_once"),
        ]

    def __str__(self) -> str:
        return f"Task {self.task_id} done at {self.done_at:%Y-%m-%d %H:%M}"

    def url_after_recording(self) -> str:
        """The task is shown on its case's page."""
        case = self.task.case
        assert case is not None, "a task shared back is always about a case"
        return reverse("cases:detail", args=[case.code])

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise ImmutableRecordError("A task's completion cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRecordError("A task's completion cannot be deleted.")


# --- actions: who does what by when, on a case or on another app's record ----------


class ActionQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> NoReturn:
        raise ImmutableRecordError("An action cannot be changed; add another.")

    def delete(self) -> NoReturn:
        raise ImmutableRecordError("An action cannot be deleted.")


@append_only_record
class Action(models.Model):
    """Something a person, or a club's welfare officers, must do by a date, about a record.

    The record is named by its kind and code (``ttw_safeguarding.records.record_kinds``) and
    opened through its own app each time, so the owning app decides who sees it; how it was
    described when the action was added is kept for the people who may open it. ``case`` is
    set when the record is a case or is on one, so the case page lists its actions cheaply.
    """

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    target_kind = models.CharField("kind of record", max_length=40, editable=False)
    target_code = models.UUIDField(editable=False)
    target_label = models.CharField("record", max_length=200, editable=False)
    case = models.ForeignKey(
        Case,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="actions",
        editable=False,
    )
    what = models.TextField("what is to be done")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="actions_assigned",
    )
    assignee_club = models.ForeignKey(
        "clubs.Club",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="actions_assigned",
        verbose_name="club (its welfare officers)",
    )
    due_on = models.DateField("due by")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ActionQuerySet.as_manager()

    class Meta:
        constraints = [
            # One assignee: a person, or a club (whose welfare officers act on it).
            models.CheckConstraint(
                condition=(models.Q(assignee__isnull=False) & models.Q(assignee_club__isnull=True))
                | (models.Q(assignee__isnull=True) & models.Q(assignee_club__isnull=False)),
                name="action_one_assignee",
            ),
        ]
        indexes = [
            models.Index(fields=["target_kind", "target_code"], name="action_target"),
            models.Index(fields=["due_on"], name="action_due_on"),
        ]

    def __str__(self) -> str:
        return f"Action {self.code} due {self.due_on:%Y-%m-%d}"

    def url_after_recording(self) -> str:
        return reverse("cases:my_actions")

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise ImmutableRecordError("An action cannot be changed; add another.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRecordError("An action cannot be deleted.")


class ActionDoneQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> NoReturn:
        raise ImmutableRecordError("An action's completion cannot be changed.")

    def delete(self) -> NoReturn:
        raise ImmutableRecordError("An action's completion cannot be deleted.")


@append_only_record
class ActionDone(models.Model):
    """An action completed: who, when and the outcome. Once per action."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="done")
    outcome = models.TextField("outcome")
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    done_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ActionDoneQuerySet.as_manager()

    class Meta:
        constraints = [
            # An action is completed once (cases.action_services.action_complete says who).
            models.UniqueConstraint(fields=["action"], name="action_done_once"),
        ]

    def __str__(self) -> str:
        return f"Action {self.action_id} done at {self.done_at:%Y-%m-%d %H:%M}"

    def url_after_recording(self) -> str:
        return reverse("cases:my_actions")

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise ImmutableRecordError("An action's completion cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRecordError("An action's completion cannot be deleted.")


class ChildMerge(Decision):
    """An officer's decision that two records are one child: ``merged`` is part of ``keep``
    from then on. Never edited; nothing is re-pointed (the kept child's page shows the
    merged child's cases too)."""

    KIND = "child_merge"
    LABEL = "Merge of two records of one child"
    DEFAULT_CLAUSES = ("P6.11",)

    keep = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="merges_kept")
    # A child is merged into another once.
    merged = models.OneToOneField(Child, on_delete=models.PROTECT, related_name="merged_into")

    def report_context(self) -> dict:
        return {
            "rows": [
                ("Kept", _child_described(self.keep)),
                ("Merged into it", _child_described(self.merged)),
            ]
        }

    def url_after_recording(self) -> str:
        return reverse("cases:child_detail", args=[self.keep.code])


def _child_described(child: Child) -> str:
    born = f", born {child.date_of_birth:%d %b %Y}" if child.date_of_birth else ""
    return f"{child.name}{born} ({child.reference})"
