"""Media approaches (P6.12) and what the National Safeguarding Officer does about them.

Each is a decision (``ttw_safeguarding.records.models.Decision``): recorded once through
``ttw_safeguarding.records.decisions.decision_record``, hash-chained, audit-logged, with a
written report, and never changed. What happens to an approach later (the NSO
acknowledges it, the NSO records how it was handled) is a new decision that
points at it, never an update of it.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from sharing.policy import MediaHandlingChoice
from ttw_safeguarding.records.models import Decision


class MediaApproach(Decision):
    """Someone at TTW was approached by a journalist (P6.12)."""

    KIND = "media_approach"
    LABEL = "Media approach"
    DEFAULT_CLAUSES = ("P6.12",)

    def url_after_recording(self) -> str:
        return reverse("media_contacts:detail", args=[self.code])

    class ContactMethod(models.TextChoices):
        PHONE = "phone", "Phone call"
        EMAIL = "email", "E-mail"
        IN_PERSON = "in_person", "In person"
        SOCIAL_MEDIA = "social_media", "Social media message"
        LETTER = "letter", "Letter"
        OTHER = "other", "Other"

    approached_at = models.DateTimeField("date and time of the approach")
    journalist_name = models.CharField("journalist's name", max_length=200)
    outlet = models.CharField("outlet (newspaper, channel, website)", max_length=200, blank=True)
    phone = models.CharField("journalist's phone", max_length=50, blank=True)
    email = models.EmailField("journalist's e-mail", blank=True)
    other_contact = models.CharField("other contact details", max_length=300, blank=True)
    contact_method = models.CharField(
        "how they made contact", max_length=20, choices=ContactMethod.choices
    )
    information_wanted = models.TextField("what information they want")
    deadline = models.DateTimeField("their deadline", null=True, blank=True)
    # P6.12: nothing should have been said; if something was, the NSO needs to know exactly what.
    anything_said = models.BooleanField("anything was said to the journalist", default=False)
    what_was_said = models.TextField("what was said", blank=True)

    class Meta:
        verbose_name = "media approach"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(anything_said=False) | ~models.Q(what_was_said=""),
                name="media_approach_said_needs_what",
            ),
            models.CheckConstraint(
                condition=~models.Q(phone="") | ~models.Q(email="") | ~models.Q(other_contact=""),
                name="media_approach_needs_a_contact",
            ),
        ]
        indexes = [models.Index(fields=["approached_at"], name="media_approach_time")]

    def report_context(self) -> dict:
        return {
            "rows": [
                ("Date and time of the approach", self.approached_at),
                ("Journalist", self.journalist_name),
                ("Outlet", self.outlet),
                ("Phone", self.phone),
                ("E-mail", self.email),
                ("Other contact details", self.other_contact),
                ("How they made contact", self.get_contact_method_display()),
                ("What information they want", self.information_wanted),
                ("Their deadline", self.deadline),
                (
                    "Was anything said to the journalist?",
                    "Yes" if self.anything_said else "No: no information was given",
                ),
                ("What was said", self.what_was_said if self.anything_said else ""),
            ]
        }


class MediaAcknowledgement(Decision):
    """The NSO has received a media approach and takes it on (P6.12)."""

    KIND = "media_acknowledgement"
    LABEL = "Media approach acknowledgement"
    DEFAULT_CLAUSES = ("P6.12",)

    # One acknowledgement per approach: the database refuses a second, even in a race.
    approach = models.OneToOneField(
        MediaApproach, on_delete=models.PROTECT, related_name="acknowledgement"
    )

    class Meta:
        verbose_name = "media approach acknowledgement"

    def url_after_recording(self) -> str:
        """The approach's page, where its acknowledgement and handling are shown."""
        return reverse("media_contacts:detail", args=[self.approach.code])

    def report_context(self) -> dict:
        approach = self.approach
        return {
            "approach": approach,
            "rows": [
                ("Media approach", f"{approach.LABEL} {approach.short_code}"),
                ("Approach made", approach.approached_at),
                ("Recorded", approach.recorded_at),
            ],
        }


class MediaHandling(Decision):
    """How the NSO handled a media approach: a response, declining, or a press office."""

    KIND = "media_handling"
    LABEL = "Media approach handling"
    DEFAULT_CLAUSES = ("P6.11", "P6.12")

    approach = models.ForeignKey(MediaApproach, on_delete=models.PROTECT, related_name="handlings")
    handling = models.CharField(
        "how it was handled", max_length=20, choices=MediaHandlingChoice.CHOICES
    )
    handled_at = models.DateTimeField("when")
    response = models.TextField("response given to the journalist", blank=True)
    press_office = models.CharField("press office referred to", max_length=200, blank=True)

    class Meta:
        verbose_name = "media approach handling"
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(handling=MediaHandlingChoice.RESPONSE) | ~models.Q(response=""),
                name="media_handling_response_needs_text",
            ),
            models.CheckConstraint(
                condition=~models.Q(handling=MediaHandlingChoice.PRESS_OFFICE)
                | ~models.Q(press_office=""),
                name="media_handling_press_office_named",
            ),
        ]

    def url_after_recording(self) -> str:
        """The approach's page, where its acknowledgement and handling are shown."""
        return reverse("media_contacts:detail", args=[self.approach.code])

    def report_context(self) -> dict:
        approach = self.approach
        return {
            "approach": approach,
            "rows": [
                ("Media approach", f"{approach.LABEL} {approach.short_code}"),
                ("How it was handled", self.get_handling_display()),
                ("When", self.handled_at),
                ("Response given to the journalist", self.response),
                ("Press office referred to", self.press_office),
            ],
        }
