"""Forms of the cases app: they validate and convert, and never act.

Policy rules come from ``sharing.policy`` (called in ``clean()``); the services
check them again before recording.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any, ClassVar, cast

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth.models import User
from django.db import models
from django.db.models import QuerySet
from django.utils import timezone

from cases import bodymap
from cases.models import (
    NO_CLUB,
    AdultSubjectToAllegation,
    Case,
    Child,
    ClubShareBack,
    Concern,
    LocalAuthority,
    Referral,
)
from cases.services import CHILD_AGE_OR_BIRTH_REQUIRED, CHILD_BORN_IN_THE_FUTURE, CLOCK_TOLERANCE
from clubs.models import Club
from sharing import policy
from ttw_safeguarding.records.forms import add_problems
from ttw_safeguarding.records.names import display_name
from ttw_safeguarding.records.submissions import SubmissionKeyForm
from ttw_safeguarding.records.validation import CleanTextMixin

LONG_TEXT = 20000
SHORT_TEXT = 200

# A "<" followed by a letter, "/", "!" or "?" starts an HTML tag; "<3" or "a < b" do not.
_MARKUP = re.compile(r"<\s*[/!?a-zA-Z]")
MARKUP_REFUSED = (
    "Write plain text: remove the HTML markup (such as <b> or <script>). A '<' on its own is fine."
)
IN_THE_FUTURE = "The date and time cannot be in the future."
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%d/%m/%Y %H:%M"]


class PlainTextMixin(CleanTextMixin):
    """Refuses control characters (CleanTextMixin) and HTML markup in every text value.

    Records are plain text, shown escaped everywhere; markup in a safeguarding record
    is almost always pasted by mistake, and refusing it says so plainly.
    """

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean()
        for name, value in list(cleaned.items()):
            if isinstance(value, str) and _MARKUP.search(value):
                self.add_error(name, MARKUP_REFUSED)  # type: ignore[attr-defined]
        return cleaned


class PersonChoiceField(forms.ModelChoiceField):
    """A choice of person, shown by name."""

    def label_from_instance(self, obj: User) -> str:
        return display_name(obj)


class CaseChoiceField(forms.ModelChoiceField):
    """A choice of case, shown by reference and status."""

    def label_from_instance(self, obj: Case) -> str:
        return f"{obj.reference} ({obj.get_status_display().lower()})"


def _choices(form: forms.Form, name: str) -> forms.ChoiceField:
    return cast(forms.ChoiceField, form.fields[name])


def _models(form: forms.Form, name: str) -> forms.ModelChoiceField:
    return cast(forms.ModelChoiceField, form.fields[name])


def _text(label: str, *, required: bool = True, help_text: str = "", rows: int = 4) -> Any:
    return forms.CharField(
        label=label,
        required=required,
        max_length=LONG_TEXT,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def _line(label: str, *, required: bool = True, help_text: str = "") -> Any:
    return forms.CharField(
        label=label, required=required, max_length=SHORT_TEXT, help_text=help_text
    )


def _when(label: str, *, help_text: str = "") -> Any:
    return forms.DateTimeField(
        label=label,
        input_formats=DATETIME_FORMATS,
        help_text=help_text,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


def _not_in_the_future(value: dt.datetime | None) -> dt.datetime | None:
    if value is not None and value > timezone.now() + CLOCK_TOLERANCE:
        raise forms.ValidationError(IN_THE_FUTURE)
    return value


def _helper(submit: str | None = None, *, form_tag: bool = True) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = form_tag
    if submit:
        helper.add_input(Submit("submit", submit))
    return helper


# --- finding and adding a child -------------------------------------------------------


class ChildSearchForm(PlainTextMixin, forms.Form):
    """Officers and the NSO find a known child for a concern they record themselves."""

    q = forms.CharField(
        label="Child's name or reference",
        max_length=SHORT_TEXT,
        required=False,
        help_text="For example Alex Smith, or C-2026-0042.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper()
        self.helper.form_method = "get"
        self.helper.add_input(Submit("search", "Search", css_class="btn-secondary"))


class NewChildForm(PlainTextMixin, forms.Form):
    name = _line("Child's full name")
    date_of_birth = forms.DateField(
        label="Date of birth",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    approximate_age = forms.IntegerField(
        label="Age, if you do not know the date of birth",
        required=False,
        min_value=0,
        max_value=25,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(form_tag=False)
        self.helper.disable_csrf = True

    def clean_date_of_birth(self) -> dt.date | None:
        born = self.cleaned_data.get("date_of_birth")
        if born and born > timezone.localdate():
            raise forms.ValidationError(CHILD_BORN_IN_THE_FUTURE)
        return born

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if (
            not self.has_error("date_of_birth")
            and not self.has_error("approximate_age")
            and cleaned.get("date_of_birth") is None
            and cleaned.get("approximate_age") is None
        ):
            self.add_error("date_of_birth", CHILD_AGE_OR_BIRTH_REQUIRED)
        return cleaned


# --- the concern --------------------------------------------------------------------------


class ConcernForm(SubmissionKeyForm, PlainTextMixin, forms.Form):
    # Where it happened, before what happened.
    field_order = ["in_immediate_danger", "occurred_at", "club", "activity", "venue"]
    in_immediate_danger = forms.TypedChoiceField(
        label="Is a child in immediate danger?",
        choices=[("no", "No"), ("yes", "Yes")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        help_text=policy.CALL_999,
    )
    occurred_at = _when(
        "When did it happen?", help_text="Date and time, as near as you know. Not in the future."
    )
    activity = _line("Activity", required=False, help_text="What was going on at the time.")
    venue = _line(
        "Venue", required=False, help_text="The place where it happened: hall, club, ground."
    )
    town = _line("Town", required=False, help_text="The town or village where it happened.")
    local_authority = forms.ModelChoiceField(
        label="Local authority area where it happened",
        queryset=LocalAuthority.objects.all(),
        to_field_name="code",
        empty_label="Choose the area",
        help_text="Where it happened, not where the child lives: a referral goes there "
        "(Wales Safeguarding Procedures).",
        error_messages={"required": policy.CONCERN_AREA_REQUIRED},
    )
    facts = _text(
        "What happened: FACTS",
        help_text="What you saw, heard or were told, as facts: who, what, when, where.",
        rows=6,
    )
    facts.error_messages["required"] = policy.CONCERN_FACTS_REQUIRED
    childs_words = _text(
        "The child's own words",
        required=False,
        help_text="Exactly what the child said, word for word, if they said anything.",
    )
    professional_opinion = _text(
        "Your PROFESSIONAL OPINION",
        required=False,
        help_text="What you think, kept apart from the facts (policy P6.10).",
    )
    categories = forms.MultipleChoiceField(
        label="Categories of concern",
        choices=Concern.Category.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": policy.CONCERN_CATEGORY_REQUIRED},
    )
    immediate_action = _text("Immediate action taken", required=False, rows=3)
    club = forms.ModelChoiceField(
        label="Club",
        queryset=Club.objects.none(),
        required=False,
        empty_label=NO_CLUB,
        to_field_name="code",
        help_text="The club where it happened, or one of TTW's own events.",
    )

    def __init__(
        self,
        *args: Any,
        clubs: QuerySet[Club] | None = None,
        ttw_event: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        club = cast(forms.ModelChoiceField, self.fields["club"])
        club.queryset = clubs if clubs is not None else Club.objects.order_by("name")
        if not ttw_event:
            # A club welfare officer records for their own clubs only, never "no club".
            club.required = True
            club.empty_label = None
            club.help_text = "The club where it happened."
        self.helper = _helper(form_tag=False)
        self.helper.disable_csrf = True

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        problems = policy.concern_problems(
            facts=cleaned.get("facts", ""),
            categories=cleaned.get("categories", []),
            occurred_at=cleaned.get("occurred_at"),
            now=timezone.now() + CLOCK_TOLERANCE,
        )
        add_problems(self, problems)
        return cleaned


class BodyMapMarkForm(PlainTextMixin, forms.Form):
    # A blank first choice: a mark row left alone submits nothing and is skipped.
    side = forms.ChoiceField(label="Side", choices=[("", "Choose"), *bodymap.SIDES])
    x = forms.IntegerField(
        label="Across (x)", min_value=0, max_value=bodymap.WIDTH, help_text="0 to 200"
    )
    y = forms.IntegerField(
        label="Down (y)", min_value=0, max_value=bodymap.HEIGHT, help_text="0 to 400"
    )
    size = forms.CharField(
        label="Size", max_length=50, required=False, help_text="For example about 2 cm."
    )
    colour = forms.ChoiceField(label="Colour", choices=[("", "Choose"), *bodymap.COLOUR_CHOICES])
    description = forms.CharField(label="Description", max_length=300)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(form_tag=False)
        self.helper.disable_csrf = True


class _BodyMapFormSet(forms.BaseFormSet):
    def marks(self) -> list[dict[str, Any]]:
        return [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


# django-stubs types formset_factory's result as the base class, not the ``formset`` given.
BodyMapFormSet = cast(
    "type[_BodyMapFormSet]",
    forms.formset_factory(
        BodyMapMarkForm,
        formset=_BodyMapFormSet,
        extra=3,
        max_num=bodymap.MAX_MARKS,
        absolute_max=bodymap.MAX_MARKS,
        validate_max=True,
    ),
)


# --- triage and case state -------------------------------------------------------------


class _CaseStateMixin(forms.Form):
    owner = PersonChoiceField(queryset=None, label="Owner")
    risk_level = forms.ChoiceField(label="Risk level", choices=Case.Risk.choices)
    status = forms.ChoiceField(
        label="Status",
        choices=[(Case.Status.OPEN, "Open"), (Case.Status.MONITORING, "Monitoring")],
    )
    meets_referral_threshold = forms.BooleanField(
        label="Meets the threshold for referral to an external agency",
        required=False,
        help_text="Policy P6.2: a referral must then be recorded before the case can close.",
    )
    threshold_rationale = _text("Why it meets the threshold", required=False, rows=3)

    def _owner_field(self, owners: QuerySet[User]) -> None:
        _models(self, "owner").queryset = owners


def _born(child: Any) -> str:
    if child.date_of_birth:
        return f", born {child.date_of_birth:%d %b %Y}"
    if child.approximate_age is not None:
        return f", about {child.approximate_age}"
    return ""


class TriageForm(SubmissionKeyForm, PlainTextMixin, _CaseStateMixin):
    NEW = "new"
    EXISTING = "existing"

    REPORTED = "reported"

    child_choice = forms.ChoiceField(
        label="Which child is this?",
        choices=[],
        # Absent (no likely match shown): the child as reported.
        required=False,
        widget=forms.RadioSelect,
        initial=REPORTED,
        help_text="The reporter typed the child's details. If this is a child already on "
        "record, choose them, so the concern joins that child's history.",
    )
    case_choice = forms.ChoiceField(
        label="Case",
        choices=[(NEW, "Open a new case"), (EXISTING, "Add to an existing case of this child")],
        widget=forms.RadioSelect,
        initial=NEW,
    )
    case = CaseChoiceField(
        queryset=None, required=False, label="Existing case", empty_label="Choose a case"
    )
    reason = _text("Reason for this decision", help_text="Why the concern is handled this way.")
    professional_opinion = _text("PROFESSIONAL OPINION", required=False, rows=3)

    field_order = [
        "child_choice",
        "case_choice",
        "case",
        "owner",
        "risk_level",
        "status",
        "meets_referral_threshold",
        "threshold_rationale",
        "reason",
        "professional_opinion",
    ]

    def __init__(
        self,
        *args: Any,
        owners: QuerySet,
        cases: QuerySet,
        actor: User,
        matches: list[Any] | None = None,
        categories: list[str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.categories = list(categories or [])
        if policy.concern_routes_as_allegation(
            self.categories, about_an_adult=False, low_level=False
        ):
            # SOA22A, WSP5: the allegation is recorded at triage, the adult named.
            self.fields["allegation_adult_name"] = forms.CharField(
                label="The adult the allegation is about",
                max_length=200,
                required=False,
                help_text=policy.TRIAGE_ALLEGATION_ADULT_REQUIRED,
            )
            self.fields["allegation_role_in_ttw"] = forms.ChoiceField(
                label="Their role in TTW",
                choices=AdultSubjectToAllegation.RoleInTTW.choices,
                initial=AdultSubjectToAllegation.RoleInTTW.VOLUNTEER,
            )
        self.matches = {str(child.code): child for child in matches or []}
        _choices(self, "child_choice").choices = [
            (self.REPORTED, "A child not yet on record, as the reporter described them"),
            *(
                (code, f"{child.name}, {child.reference}{_born(child)}")
                for code, child in self.matches.items()
            ),
        ]
        if not self.matches:
            self.fields["child_choice"].widget = forms.HiddenInput()
        self._owner_field(owners)
        self.fields["owner"].initial = actor.pk
        _models(self, "case").queryset = cases
        if not cases.exists():
            del self.fields["case"]
            _choices(self, "case_choice").choices = [(self.NEW, "Open a new case")]
        self.helper = _helper("Record triage")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        choice = cleaned.get("child_choice")
        cleaned["child"] = self.matches.get(choice) if choice else None
        if cleaned.get("case_choice") == self.EXISTING and not cleaned.get("case"):
            self.add_error("case", "Choose the case to add this concern to.")
        if cleaned.get("case_choice") == self.NEW:
            cleaned["case"] = None
        add_problems(
            self,
            policy.triage_problems(
                meets_threshold=bool(cleaned.get("meets_referral_threshold")),
                threshold_rationale=cleaned.get("threshold_rationale", ""),
                reason=cleaned.get("reason", ""),
            ),
        )
        add_problems(
            self,
            policy.triage_allegation_problems(
                categories=self.categories,
                adult_named=bool(cleaned.get("allegation_adult_name", "").strip()),
            ),
        )
        return cleaned


class CaseUpdateForm(SubmissionKeyForm, PlainTextMixin, _CaseStateMixin):
    why = _text("Why", help_text="Recorded as a case note with the change.", rows=3)

    def __init__(self, *args: Any, case: Case, owners: QuerySet, **kwargs: Any) -> None:
        initial = {
            "owner": case.owner_id,
            "risk_level": case.risk_level,
            "status": case.status if case.status != Case.Status.CLOSED else Case.Status.OPEN,
            "meets_referral_threshold": case.meets_referral_threshold,
        }
        super().__init__(*args, initial=initial, **kwargs)
        self._owner_field(owners)
        if case.meets_referral_threshold:
            # P6.2: once met, the threshold is not withdrawn; the field is not offered.
            del self.fields["meets_referral_threshold"]
            del self.fields["threshold_rationale"]
        if case.status == Case.Status.CLOSED:
            self.fields["status"].help_text = "The case is closed; choosing a status reopens it."
        self.helper = _helper("Save changes")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("meets_referral_threshold"):
            add_problems(
                self,
                policy.triage_problems(
                    meets_threshold=True,
                    threshold_rationale=cleaned.get("threshold_rationale", ""),
                    reason="-",
                ),
            )
        return cleaned


class CaseNoteForm(SubmissionKeyForm, PlainTextMixin, forms.Form):
    text = _text("Note", help_text="An update that is not a decision. Notes cannot be changed.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper("Add note")


class ReferralForm(SubmissionKeyForm, PlainTextMixin, forms.Form):
    agency = forms.ChoiceField(label="Agency", choices=Referral.Agency.choices)
    agency_name = _line("Agency name", required=False, help_text="Required for Other.")
    local_authority = forms.ModelChoiceField(
        label="Local authority",
        queryset=LocalAuthority.objects.all(),
        to_field_name="code",
        required=False,
        empty_label="None (a national agency, such as the DBS)",
        help_text="The authority where it happened, as the Wales Safeguarding Procedures ask.",
    )
    agency_contact = _line("Contact at the agency")
    referred_at = _when("Date and time of referral")
    method = forms.ChoiceField(label="Method", choices=Referral.Method.choices)
    agency_reference = forms.CharField(label="Agency's reference", max_length=100, required=False)
    information_shared = _text("What was shared")
    facts = _text("FACTS", help_text="The facts the referral rests on (P6.10).")
    professional_opinion = _text("PROFESSIONAL OPINION", required=False)
    reason = _text("Reason for the referral", rows=3)
    follow_up = _text("Follow-up agreed", required=False, rows=3)

    def __init__(
        self, *args: Any, where_it_happened: list[LocalAuthority] | None = None, **kwargs: Any
    ) -> None:
        """``where_it_happened``: the areas of the case's concerns, the one to choose first."""
        super().__init__(*args, **kwargs)
        self.helper = _helper("Record referral")
        if where_it_happened:
            field = _models(self, "local_authority")
            # Listed first and chosen, the rest after them; any other can still be chosen.
            first = [area.pk for area in where_it_happened]
            rank = models.Case(
                *[models.When(pk=pk, then=models.Value(i)) for i, pk in enumerate(first)],
                default=models.Value(len(first)),
            )
            field.queryset = LocalAuthority.objects.order_by(rank, "-in_wales", "name")
            field.initial = where_it_happened[0]
            field.help_text = policy.REFERRAL_AUTHORITY_FIRST.format(
                authority=where_it_happened[0].name
            )

    def clean_referred_at(self) -> dt.datetime | None:
        return _not_in_the_future(self.cleaned_data.get("referred_at"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("agency") == Referral.Agency.OTHER and not cleaned.get("agency_name"):
            self.add_error("agency_name", "Name the agency.")
        return cleaned


class CaseClosureForm(SubmissionKeyForm, PlainTextMixin, forms.Form):
    reason = _text("Reason for closing the case", rows=3)
    facts = _text("FACTS", required=False, help_text="The facts at closure (P6.10).", rows=3)
    professional_opinion = _text("PROFESSIONAL OPINION", required=False, rows=3)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper("Close the case")


ADULT_CHOOSE_PERSON = (
    "People of this name are already on record: choose the person this is, or a new person."
)
ADULT_BORN_IN_THE_FUTURE = "The date of birth cannot be in the future."


class AdultForm(SubmissionKeyForm, PlainTextMixin, forms.Form):
    """An adult subject to an allegation on a case. Adding one (``matches_for``): the people
    already on record who may be the same adult are shown, and the officer chooses one of
    them or a new person; nothing is matched automatically."""

    NEW = "new"

    name = _line("Name")
    date_of_birth = forms.DateField(
        label="Date of birth",
        required=False,
        help_text="Leave empty if not known.",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    person = forms.ChoiceField(
        label="Who is this?",
        choices=[],
        required=False,
        widget=forms.RadioSelect,
        help_text="If this is an adult already on record, choose them, so the allegation joins "
        "that person's timeline.",
    )
    role_in_ttw = forms.ChoiceField(
        label="Role in TTW", choices=AdultSubjectToAllegation.RoleInTTW.choices
    )
    works_with_children_elsewhere = forms.BooleanField(
        label="Works with children in other organisations", required=False
    )
    other_organisations = _text(
        "Other organisations where they work with children", required=False, rows=3
    )
    subject_to_mappa = forms.BooleanField(label="Subject to MAPPA monitoring", required=False)
    statutory_investigation = forms.BooleanField(
        label="Subject of a statutory agency investigation", required=False
    )

    def __init__(
        self,
        *args: Any,
        matches_for: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.matches: dict[str, Any] = {}
        if matches_for is None:
            # Changing a line: its person stays who they are (a merge says otherwise).
            del self.fields["person"]
            del self.fields["date_of_birth"]
        else:
            if self.is_bound:
                self.matches = {
                    str(adult.code): adult
                    for adult in matches_for(self._posted_name(), self._posted_birth())
                }
            _choices(self, "person").choices = [
                (self.NEW, "A new person, not yet on record"),
                *((code, adult.described) for code, adult in self.matches.items()),
            ]
            if not self.matches:
                self.fields["person"].widget = forms.HiddenInput()
        self.helper = _helper("Save")

    # What was posted reaches the search for likely matches only once its own field has
    # cleaned it: a NUL or an over-long name is refused on the form, never sent to a query.
    def _posted_name(self) -> str:
        try:
            value = self.fields["name"].clean(self.data.get("name", ""))
        except forms.ValidationError:
            return ""
        return value if isinstance(value, str) else ""

    def _posted_birth(self) -> dt.date | None:
        try:
            value = self.fields["date_of_birth"].clean(self.data.get("date_of_birth", ""))
        except forms.ValidationError:
            return None
        return value if isinstance(value, dt.date) else None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if "person" in self.fields:
            choice = cleaned.get("person") or ""
            if not choice and self.matches and "person" not in self.errors:
                self.add_error("person", ADULT_CHOOSE_PERSON)
            cleaned["person"] = self.matches.get(choice)
            born = cleaned.get("date_of_birth")
            if born is not None and born > timezone.localdate():
                self.add_error("date_of_birth", ADULT_BORN_IN_THE_FUTURE)
        add_problems(
            self,
            policy.adult_problems(
                works_with_children_elsewhere=bool(cleaned.get("works_with_children_elsewhere")),
                other_organisations=cleaned.get("other_organisations", ""),
            ),
        )
        return cleaned


# --- lists -----------------------------------------------------------------------------


class CaseFilterForm(PlainTextMixin, forms.Form):
    q = forms.CharField(
        label="Search", required=False, max_length=SHORT_TEXT, help_text="Child's name or reference"
    )
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any"), *Case.Status.choices]
    )
    risk = forms.ChoiceField(
        label="Risk", required=False, choices=[("", "Any"), *Case.Risk.choices]
    )
    owner = PersonChoiceField(queryset=None, required=False, label="Owner", empty_label="Any")
    category = forms.ChoiceField(
        label="Category", required=False, choices=[("", "Any"), *Concern.Category.choices]
    )
    overdue = forms.BooleanField(label="Referral overdue only", required=False)

    def __init__(self, *args: Any, owners: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _models(self, "owner").queryset = owners
        self.helper = _helper()
        self.helper.form_method = "get"
        self.helper.add_input(Submit("filter", "Filter", css_class="btn-secondary"))


class ClubShareBackForm(SubmissionKeyForm, PlainTextMixin, forms.Form):
    """A note or a task for the welfare officers of the case's club (P6.1, P6.11)."""

    share_kind = forms.ChoiceField(
        label="Note or task",
        choices=ClubShareBack.Kind.choices,
        widget=forms.RadioSelect,
        initial=ClubShareBack.Kind.NOTE,
    )
    text = _text(
        "What the club's welfare officer needs to know or do",
        help_text="The club's welfare officers read exactly this, and nothing else of the case.",
    )
    due_on = forms.DateField(
        label="Task due by",
        required=False,
        help_text="For a task only.",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    reason = _text("Why the club needs this (reason for sharing)", rows=3)

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.case = case
        self.helper = _helper("Share with the club")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if "share_kind" in cleaned and "text" in cleaned and "reason" in cleaned:
            add_problems(
                self,
                policy.club_share_back_problems(
                    has_club=self.case.club_id is not None,
                    kind=cleaned["share_kind"],
                    text=cleaned["text"],
                    reason=cleaned["reason"],
                    due_on=cleaned.get("due_on"),
                    today=timezone.localdate(),
                ),
            )
        return cleaned


class ClubTaskDoneForm(SubmissionKeyForm, PlainTextMixin, forms.Form):
    outcome = _text("What the club did", rows=3)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper("Mark done")


class RecordMergeForm(SubmissionKeyForm, PlainTextMixin, forms.Form):
    """Merge this record into another of the same person (a decision, P6.11). A child's and
    an adult's form say whose records they are, how a candidate is named and which rule of
    the policy's applies; the form is otherwise one."""

    NOUN: ClassVar[str]
    KEEP_HELP: ClassVar[str]

    keep = forms.ChoiceField(label="The record to keep", choices=[])
    reason = forms.CharField(
        label="Reason for this decision",
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    facts = forms.CharField(
        label="FACTS",
        required=False,
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, merged: Any, candidates: Iterable[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["keep"].help_text = self.KEEP_HELP
        self.fields["reason"].help_text = f"Why these two records are the same {self.NOUN} (P6.11)."
        self.merged = merged
        self.candidates = {str(c.code): c for c in candidates if c.pk != merged.pk}
        cast(forms.ChoiceField, self.fields["keep"]).choices = [
            ("", f"Choose a {self.NOUN}"),
            *((code, self.describe(c)) for code, c in self.candidates.items()),
        ]
        self.helper = _helper("Record the merge")

    def describe(self, record: Any) -> str:
        raise NotImplementedError

    def merge_problems(self, *, same_record: bool, reason: str) -> list[policy.Problem]:
        raise NotImplementedError

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        keep = self.candidates.get(cleaned.get("keep") or "")
        cleaned["keep"] = keep
        if keep is not None:
            add_problems(
                self,
                self.merge_problems(
                    same_record=keep.pk == self.merged.pk, reason=cleaned.get("reason", "")
                ),
            )
        return cleaned


class ChildMergeForm(RecordMergeForm):
    """Merge this child's record into one of its likely duplicates."""

    NOUN = "child"
    KEEP_HELP = (
        "This child's record is merged into the one you choose: the kept child's "
        "page then shows the cases of both."
    )

    def describe(self, record: Child) -> str:
        return f"{record.name} ({record.reference})"

    def merge_problems(self, *, same_record: bool, reason: str) -> list[policy.Problem]:
        return policy.child_merge_problems(
            same_child=same_record, merged_is_merged=False, keep_is_merged=False, reason=reason
        )
