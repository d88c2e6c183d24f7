"""Who gets what from every URL: the registry the access matrix and the security tests walk.

Every URL name of the URLconf has one entry in ``REGISTRY``. An entry lists one
or more scenarios: the records a URL needs (built by ``World`` through the real
services) and, for every persona, the answer expected:

* anonymous: always a redirect to sign in (unless the entry says otherwise);
* 403: the page rule refuses the user, whatever record the URL names;
* 404: the user may not see this record (the same answer as for a record that
  does not exist: the matrix checks both);
* 200, or the redirect the view answers with, where allowed.

Adding a URL: add one line to ``REGISTRY`` (and, if it takes a record, a
builder on ``World``). The personas are those of ``tests/conftest.py``.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.utils import timezone

# Everyone who can sign in, by fixture name; "anonymous" is nobody signed in.
SIGNED_IN = (
    "staff",
    "staff2",
    "officer",
    "officer2",
    "nso",
    "nso2",
    "cmg",
    "board",
    "board2",
    "sysadmin",
    "superuser",
    "norole",
    "cwo",
    "cwo2",
    "rwo",
    "rwo2",
)
PERSONAS = ("anonymous", *SIGNED_IN)
# Accounts without a role: a superuser flag gives account administration, no record.
NO_ROLE = ("norole", "superuser")
ROLE_HOLDERS = tuple(p for p in SIGNED_IN if p not in NO_ROLE)
CASE_MANAGERS = ("officer", "officer2", "nso", "nso2")  # can_manage_cases
NSOS = ("nso", "nso2")
BOARD_LEADS = ("board", "board2")
REVIEWERS = (*NSOS, *BOARD_LEADS)  # can_use_review_queue
# Club and regional welfare officers: Ceri (Bangor) and Rhian (the north, Bangor's region);
# Dylan (Cardiff) and Rhys (the south) see nothing of the north.
WELFARE = ("cwo", "cwo2", "rwo", "rwo2")
NORTH_WELFARE = ("cwo", "rwo")
CASE_READERS = (*CASE_MANAGERS, *WELFARE)  # cases.access.can_see_cases
LOGIN = 302  # anonymous: redirect to the sign-in page

# A code that belongs to no record.
UNKNOWN = uuid.UUID("00000000-0000-4000-8000-000000000000")

Expect = dict[str, int]


def allowed(*personas: str, code: int = 200) -> Expect:
    """A page without a record: the listed personas get ``code``, every other signed-in 403."""
    return {p: (code if p in personas else 403) for p in SIGNED_IN}


def visible(*personas: str, refused: Iterable[str] = (), code: int = 200) -> Expect:
    """A page about a record: those who see it get ``code``; ``refused`` are turned away
    by the page rule (403); everyone else must not learn the record exists (404)."""
    refused = set(refused)
    return {p: (code if p in personas else 403 if p in refused else 404) for p in SIGNED_IN}


def refused_except(*personas: str) -> tuple[str, ...]:
    """Signed-in personas other than ``personas``: those a page rule turns away."""
    return tuple(p for p in SIGNED_IN if p not in personas)


@dataclass(frozen=True)
class Scenario:
    label: str
    expect: Expect
    # URL kwargs built from the world's records; None for a URL without arguments.
    kwargs: Callable[[World], dict[str, Any]] | None = None
    anonymous: int = LOGIN
    # The record whose reads must be audit-logged (ACCESS LogEntry), for pages showing one.
    reads: Callable[[World], Any] | None = None


@dataclass(frozen=True)
class Route:
    scenarios: tuple[Scenario, ...]
    # A view that changes something: the matrix also POSTs (empty form) and checks the
    # same refusals, and that an allowed empty POST records nothing.
    mutating: bool = False
    # Expected answer to an allowed user's empty POST, when it is not 200 (form errors).
    post_ok: int = 200


def route(
    expect: Expect,
    kwargs: Callable[[World], dict[str, Any]] | None = None,
    *,
    mutating: bool = False,
    reads: Callable[[World], Any] | None = None,
    anonymous: int = LOGIN,
    post_ok: int = 200,
    label: str = "",
) -> Route:
    return Route(
        (Scenario(label or "page", expect, kwargs, anonymous, reads),),
        mutating=mutating,
        post_ok=post_ok,
    )


@dataclass
class World:
    """Records built lazily through the real services, for the URLs that need them."""

    users: Mapping[str, Any]
    capture: Callable[..., Any]  # django_capture_on_commit_callbacks
    made: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, persona: str) -> Any:
        return self.users[persona]

    # --- cases --------------------------------------------------------------

    @cached_property
    def child(self) -> Any:
        from cases.models import Child
        from cases.services import reference_next

        return Child.objects.create(
            name="Matrix Child",
            approximate_age=9,
            reference=reference_next(prefix="C"),
            created_by=self["staff"],
        )

    @cached_property
    def case(self) -> Any:
        from cases.models import Case
        from cases.services import reference_next

        return Case.objects.create(
            reference=reference_next(prefix="CASE"),
            child=self.child,
            owner=self["officer"],
            opened_by=self["officer"],
        )

    # --- decisions ----------------------------------------------------------

    def _referral(self, actor: Any, **extra: Any) -> Any:
        from cases.models import Referral
        from ttw_safeguarding.records.decisions import decision_record

        need_to_know = extra.pop("need_to_know", ())
        fields: dict[str, Any] = {
            "case": self.case,
            "outcome": "Referred to children's social care",
            "facts": "The child said an adult at home hit them.",
            "professional_opinion": "The child appeared frightened of going home.",
            "reason": "The concern meets the threshold for referral.",
            "agency": "social_care",
            "agency_contact": "Duty social worker",
            "referred_at": timezone.now(),
            "method": "phone",
            "information_shared": "The concern as recorded.",
            **extra,
        }
        with self.capture(execute=True):
            return decision_record(Referral(**fields), actor=actor, need_to_know=need_to_know)

    @cached_property
    def referral(self) -> Any:
        """Recorded by Olivia (officer): every case manager sees it, nobody else."""
        return self._referral(self["officer"])

    @cached_property
    def restricted_referral(self) -> Any:
        """Restricted, recorded by Nadia (NSO), naming Oscar (officer2): P6.6 need-to-know."""
        return self._referral(self["nso"], need_to_know=[self["officer2"]])

    # --- cases: concerns and adults -------------------------------------------

    @cached_property
    def concern(self) -> Any:
        """Recorded by Sam (staff): Sam (as a submission) and every case manager see it."""
        from cases.services import concern_record

        return concern_record(
            actor=self["staff"],
            child=self.child,
            occurred_at=timezone.now(),
            facts="Matrix concern: the child had a bruise on the arm.",
            categories=["physical"],
            is_urgent=False,
        )

    @cached_property
    def club_concern(self) -> Any:
        """Recorded by Ceri (Bangor's welfare officer) for Bangor: the case managers, Ceri
        and Rhian (the north) see it; Dylan and Rhys (the south) do not."""
        from cases.services import concern_record

        with self.capture(execute=True):
            return concern_record(
                actor=self["cwo"],
                child=self.child,
                club=self["cwo"].welfare_clubs.get().club,
                occurred_at=timezone.now(),
                facts="Matrix club concern: the child said a coach shouted at them.",
                categories=["emotional"],
                is_urgent=False,
            )

    @cached_property
    def club_case(self) -> Any:
        """Opened by Olivia (officer) from Bangor's concern: Bangor's case."""
        from cases.models import Case
        from cases.services import concern_triage

        with self.capture(execute=True):
            triage = concern_triage(
                actor=self["officer"],
                concern=self.club_concern,
                case=None,
                owner=self["officer"],
                risk_level=Case.Risk.MEDIUM,
                status=Case.Status.OPEN,
                meets_referral_threshold=False,
                threshold_rationale="",
                reason="A new case for Bangor's concern.",
            )
        return triage.case

    @cached_property
    def club_restricted_referral(self) -> Any:
        """Restricted, on Bangor's case, by Nadia (NSO) naming Oscar: no welfare officer."""
        from cases.models import Referral
        from ttw_safeguarding.records.decisions import decision_record

        fields = {
            "case": self.club_case,
            "outcome": "Referred to children's social care",
            "facts": "Restricted facts.",
            "reason": "P6.6",
            "agency": "social_care",
            "agency_contact": "Duty social worker",
            "referred_at": timezone.now(),
            "method": "phone",
            "information_shared": "The concern as recorded.",
        }
        with self.capture(execute=True):
            return decision_record(
                Referral(**fields), actor=self["nso"], need_to_know=[self["officer2"]]
            )

    @cached_property
    def club_task(self) -> Any:
        """A task Olivia (officer) shared back to Bangor on its case: the case managers, Ceri
        and Rhian see it; Dylan and Rhys (the south) do not."""
        import datetime as dt

        from cases.services import club_share_back_record

        with self.capture(execute=True):
            return club_share_back_record(
                actor=self["officer"],
                case=self.club_case,
                share_kind="task",
                text="Matrix task: remind the juniors of the club's rules.",
                reason="The club sets its rules (P6.1).",
                due_on=timezone.localdate() + dt.timedelta(days=3),
            )

    @cached_property
    def adult(self) -> Any:
        from cases.services import adult_add

        return adult_add(
            actor=self["officer"], case=self.case, name="Matrix Adult", role_in_ttw="volunteer"
        )

    @cached_property
    def person(self) -> Any:
        """The person the matrix adult's allegation is about: officers and the NSO open it;
        a welfare officer is answered 404; everyone else is refused."""
        return self.adult.person

    @cached_property
    def club_person(self) -> Any:
        """A person with a role at Bangor, on Bangor's case: still no welfare officer's page."""
        from adults.services import adult_role_add
        from cases.services import adult_add

        line = adult_add(
            actor=self["officer"], case=self.club_case, name="Club Adult", role_in_ttw="none"
        )
        assert line.person is not None
        adult_role_add(
            actor=self["officer"], adult=line.person, club=self.club_case.club, role="coach"
        )
        return line.person

    # --- adults: low-level concerns --------------------------------------------------

    def _low_level(self, actor: Any, **fields: Any) -> Any:
        from adults.low_level_services import low_level_concern_record

        with self.capture(execute=True):
            return low_level_concern_record(
                actor=actor,
                adult_name="Matrix Coach",
                occurred_on=timezone.localdate(),
                category="private_contact",
                facts="Matrix low-level concern: private messages to a junior.",
                **fields,
            )

    @cached_property
    def club_low_level(self) -> Any:
        """Recorded by Ceri (Bangor's welfare officer) for Bangor: the case managers, Ceri
        and Rhian (the north) see it; Dylan and Rhys (the south) do not."""
        return self._low_level(self["cwo"], club=self["cwo"].welfare_clubs.get().club)

    @cached_property
    def officer_low_level(self) -> Any:
        """Recorded by Olivia (officer) at Bangor about a person: case managers only, no
        welfare officer (Bangor's neither)."""
        return self._low_level(
            self["officer"], club=self["cwo"].welfare_clubs.get().club, person=self.person
        )

    # --- adults: the DBS referral pack (SVGA35) ------------------------------------

    @cached_property
    def dbs_pack(self) -> Any:
        """Started by Olivia (officer) for the matrix adult: officers and the NSO open it; a
        welfare officer is answered 404; everyone else is refused."""
        from adults.dbs_referral_services import dbs_pack_start

        return dbs_pack_start(actor=self["officer"], adult=self.person)

    @cached_property
    def complete_dbs_pack(self) -> Any:
        """A pack of the matrix adult with every item the DBS asks for in it: ready to send."""
        from adults.dbs_referral_services import dbs_pack_item_record, dbs_pack_start
        from sharing import policy

        pack = dbs_pack_start(actor=self["officer"], adult=self.person)
        for item, _label in policy.DBS_PACK_ITEMS:
            dbs_pack_item_record(
                actor=self["officer"], pack=pack, item=item, is_present=True, where="Case file"
            )
        return pack

    @cached_property
    def sent_dbs_pack(self) -> Any:
        """The complete pack, sent to the DBS by Olivia: waiting for the DBS's answer."""
        from adults.dbs_referral_services import dbs_referral_send

        pack = self.complete_dbs_pack
        with self.capture(execute=True):
            dbs_referral_send(actor=self["officer"], pack=pack, referred_on=timezone.localdate())
        return pack

    @cached_property
    def club_allegation(self) -> Any:
        """An allegation line on Bangor's case: the Wales procedure's pages are still no
        welfare officer's (404)."""
        from cases.services import adult_add

        return adult_add(
            actor=self["officer"], case=self.club_case, name="Club Allegation", role_in_ttw="none"
        )

    # --- sharing: share decisions -----------------------------------------------

    @cached_property
    def share_decision(self) -> Any:
        """Shared by phone by Olivia (officer): every case manager sees it; NSOs review it."""
        from sharing import services
        from tests.sharing.conftest import consented_share_fields

        with self.capture(execute=True):
            fields = consented_share_fields(self.case, self["officer"], method="phone")
            return services.share_decision_record(case=self.case, actor=self["officer"], **fields)

    @cached_property
    def nso_share_decision(self) -> Any:
        """Shared by Nina, an NSO who is none of the personas: both NSOs and both board
        safeguarding leads may review it; officers see it; nobody else."""
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group

        from sharing import services
        from tests.sharing.conftest import consented_share_fields
        from ttw_safeguarding.records import roles

        nina = get_user_model().objects.create_user("nina", email="nina@ttw.example")
        nina.groups.add(Group.objects.get(name=roles.NSO))
        with self.capture(execute=True):
            fields = consented_share_fields(self.case, nina, recipient_name="Nina's recipient")
            return services.share_decision_record(case=self.case, actor=nina, **fields)

    # --- sharing: the NSO's alerts to clubs ------------------------------------------

    @cached_property
    def club_alert(self) -> Any:
        """Sent by Nadia (NSO) to the north: Ceri and Rhian receive it; Dylan and Rhys (the
        south) must not learn it exists; officers and the NSOs see it as sent."""
        from sharing.club_alert_services import club_alert_send

        # The south's welfare officers exist, so that leaving them out is the rule's doing.
        self["cwo2"], self["rwo2"]
        with self.capture(execute=True):
            return club_alert_send(
                actor=self["nso"],
                clubs=[],
                regions=[self["rwo"].welfare_region.region],
                warning="Matrix alert: a man offering lifts to juniors after sessions.",
                action="Tell the NSO if he is seen.",
                reason="P6.1",
            )

    # --- sharing: statutory records ---------------------------------------------

    def _statutory(self, record: Callable[..., Any], **fields: Any) -> Any:
        with self.capture(execute=True):
            return record(**fields)

    @cached_property
    def statutory_advice(self) -> Any:
        """P6.3 advice recorded by Olivia (officer): every case manager sees it."""
        from sharing.statutory import services

        return self._statutory(
            services.statutory_advice_record,
            adult=self.adult,
            actor=self["officer"],
            agency="lado",
            adviser="Matrix LADO",
            advised_on=timezone.localdate(),
            question="Should the club be told?",
            advice="TTW tells the club.",
            organisations=[{"name": "Matrix Club", "told_by": "ttw"}],
            reason="P6.3",
        )

    @cached_property
    def planning_request(self) -> Any:
        """P6.4 request entered by Olivia (officer)."""
        from sharing.statutory import services

        return self._statutory(
            services.planning_request_record,
            adult=self.adult,
            actor=self["officer"],
            agency="mappa",
            request_kind="mappa_meeting",
            request="Matrix request",
            received_on=timezone.localdate(),
            due_on=timezone.localdate(),
            reason="P6.4",
        )

    @cached_property
    def dbs_disclosure(self) -> Any:
        """P6.7 disclosure put by Olivia (officer) to Carol (cmg): case managers and Carol."""
        from sharing.statutory import services

        return self._statutory(
            services.dbs_disclosure_record,
            adult=self.adult,
            actor=self["officer"],
            certificate_issued_on=timezone.localdate(),
            concern="Matrix concern",
            members=[self["cmg"]],
            reason="P6.7",
        )

    @cached_property
    def removal_because_of_harm(self) -> Any:
        """Restricted P6.6 outcome by Nadia (NSO) naming Oscar (officer2), with a removal
        because of harm: the DBS referral duty applies."""
        from sharing.statutory import services

        return self._statutory(
            services.disciplinary_outcome_record,
            adult=self.adult,
            actor=self["nso"],
            concluded_on=timezone.localdate(),
            findings="Matrix findings",
            sanction="dismissed",
            removed_from_work_with_children=True,
            because_of_harm=True,
            need_to_know=[self["officer2"]],
            reason="P6.6",
        )

    # --- adults: the Case Management Group --------------------------------------

    def _cmg_user(self, username: str) -> Any:
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group

        from ttw_safeguarding.records import roles

        user = get_user_model().objects.create_user(username, email=f"{username}@ttw.example")
        user.groups.add(Group.objects.get(name=roles.CMG))
        return user

    @cached_property
    def cmg_others(self) -> list[Any]:
        """Three CMG members who are none of the personas, the first independent."""
        return [self._cmg_user(name) for name in ("cmg_ifan", "cmg_lowri", "cmg_owain")]

    def _cmg_convene(self, allegation: Any, members: list[Any], *, declare: bool = True) -> Any:
        from adults import cmg_services
        from sharing.access import cmg_members

        with self.capture(execute=True):
            group = cmg_services.cmg_convene(
                actor=self["nso"],
                allegation=allegation,
                members=members,
                independent=[self.cmg_others[0]],
                reason="Matrix group",
                cmg_users=cmg_members(),
            )
            for member in members if declare else ():
                cmg_services.cmg_declaration_record(
                    actor=member, group=group, declaration="no_conflict", conflict=""
                )
        return group

    @cached_property
    def cmg_group(self) -> Any:
        """Convened by Nadia (NSO) for the matrix adult with Carol (cmg) on it: the case
        managers and Carol see it; the NSOs and Carol act for it; welfare officers 404."""
        return self._cmg_convene(self.adult, [self["cmg"], *self.cmg_others[:2]])

    @cached_property
    def cmg_group_without_carol(self) -> Any:
        """A group Carol is not on: she must not learn it exists."""
        from cases.services import adult_add

        line = adult_add(
            actor=self["officer"], case=self.case, name="Other Adult", role_in_ttw="staff"
        )
        return self._cmg_convene(line, self.cmg_others)

    @cached_property
    def cmg_group_undeclared(self) -> Any:
        """A group with Carol on it whose members have not declared yet."""
        from cases.services import adult_add

        line = adult_add(
            actor=self["officer"], case=self.case, name="Third Adult", role_in_ttw="volunteer"
        )
        return self._cmg_convene(line, [self["cmg"], *self.cmg_others[:2]], declare=False)

    def cmg_voters(self) -> list[str]:
        return [str(user.pk) for user in (self["cmg"], *self.cmg_others[:2])]

    @cached_property
    def cmg_suspension(self) -> Any:
        from adults import cmg_services

        with self.capture(execute=True):
            return cmg_services.cmg_suspension_record(
                actor=self["nso"],
                group=self.cmg_group,
                voters=[self["cmg"], *self.cmg_others[:2]],
                from_what="Matrix coaching",
                starts_on=timezone.localdate(),
                review_on=timezone.localdate() + dt.timedelta(days=7),
                reason="Matrix suspension",
                is_nso=True,
            )

    @cached_property
    def cmg_final(self) -> Any:
        from adults import cmg_services

        with self.capture(execute=True):
            return cmg_services.cmg_final_decision_record(
                actor=self["nso"],
                group=self.cmg_group,
                voters=[self["cmg"], *self.cmg_others[:2]],
                cmg_outcome="restrictions",
                restrictions="Matrix restrictions",
                reason="Matrix final decision",
                is_nso=True,
            )

    # --- media_contacts ---------------------------------------------------------

    @cached_property
    def media_approach(self) -> Any:
        """Recorded by Sam (staff): Sam, the case managers and the NSOs see it (P6.12)."""
        import datetime as dt

        from media_contacts.services import media_approach_record

        with self.capture(execute=True):
            return media_approach_record(
                actor=self["staff"],
                approached_at=timezone.now() - dt.timedelta(hours=1),
                journalist_name="Matrix Journalist",
                phone="01234 567890",
                contact_method="phone",
                information_wanted="Matrix request",
                anything_said=False,
            )

    @cached_property
    def acknowledged_media_approach(self) -> Any:
        """Recorded by Sam (staff), acknowledged by Nadia (NSO)."""
        from media_contacts.services import media_acknowledgement_record

        approach = self.media_approach
        with self.capture(execute=True):
            media_acknowledgement_record(approach=approach, actor=self["nso"])
        return approach

    # --- accounts -----------------------------------------------------------------

    @cached_property
    def role_request(self) -> Any:
        """Sid (sysadmin) asks that Stella (staff2) be made an officer: NSOs decide it."""
        from django.contrib.auth.models import Group

        from ttw_safeguarding.records import accounts, roles

        return accounts.role_request_create(
            user=self["staff2"], role=Group.objects.get(name=roles.OFFICER), actor=self["sysadmin"]
        )

    # --- alerts (issue 17) ------------------------------------------------------

    @cached_property
    def notice(self) -> Any:
        """A notification for Sam (staff): only Sam opens it or marks it read."""
        from ttw_safeguarding.records.models import Notification
        from ttw_safeguarding.records.notifications import notify

        notify([self["staff"]], message="A media approach is waiting.", path="/media/mine/")
        return Notification.objects.filter(recipient=self["staff"]).latest("pk")

    # --- cases: actions -------------------------------------------------------------

    @cached_property
    def club_action(self) -> Any:
        """Set by Olivia (officer) on Bangor's case for Bangor's welfare officers: the case
        managers, Ceri and Rhian see it; Dylan and Rhys (the south) do not."""
        import datetime as dt

        from cases.action_services import action_add

        return action_add(
            actor=self["officer"],
            target_kind="case",
            target_code=self.club_case.code,
            what="Matrix action: ring the parents.",
            due_on=timezone.localdate() + dt.timedelta(days=3),
            assignee_club=self.club_case.club,
        )

    # --- evidence files ------------------------------------------------------------

    def _evidence(self, name: str, data: bytes) -> Any:
        from ttw_safeguarding.records.evidence import evidence_file_record

        with self.capture(execute=True):
            return evidence_file_record(
                actor=self["officer"],
                target_kind="case",
                target_code=self.club_case.code,
                name=name,
                data=data,
                description="Matrix scan of the welfare officer's notes.",
                reason="Kept with the case (P6.11).",
            )

    @cached_property
    def evidence_file(self) -> Any:
        """A PDF Olivia (officer) attached to Bangor's case: the case managers see it; no
        welfare officer (a file is a decision their club rules do not reach), no staff."""
        return self._evidence("matrix-notes.pdf", b"%PDF-1.4\n% matrix\n%%EOF\n")

    @cached_property
    def evidence_image(self) -> Any:
        """A PNG photo on Bangor's case, seen as ``evidence_file`` is."""
        import io

        from PIL import Image

        out = io.BytesIO()
        Image.new("RGB", (40, 30), (200, 30, 30)).save(out, format="PNG")
        return self._evidence("matrix-photo.png", out.getvalue())

    # --- search: a child's likely duplicates, and their merge -----------------------

    @cached_property
    def duplicate_child(self) -> Any:
        """A child born the day ``duplicate_child_twin`` was, with a similar name: officers
        and the NSO may merge one into the other; nobody else learns either exists."""
        import datetime as dt

        from cases.models import Child
        from cases.services import reference_next

        self.duplicate_child_twin  # noqa: B018 - made first: the likely duplicate offered
        return Child.objects.create(
            name="Matrix Twin",
            date_of_birth=dt.date(2015, 3, 4),
            reference=reference_next(prefix="C"),
            created_by=self["staff"],
        )

    @cached_property
    def duplicate_child_twin(self) -> Any:
        import datetime as dt

        from cases.models import Child
        from cases.services import reference_next

        return Child.objects.create(
            name="Matrix Twinn",
            date_of_birth=dt.date(2015, 3, 4),
            reference=reference_next(prefix="C"),
            created_by=self["staff"],
        )


def code_of(attribute: str) -> Callable[[World], dict[str, Any]]:
    """URL kwargs ``{"code": world.<attribute>.code}``."""
    return lambda world: {"code": getattr(world, attribute).code}


def record_of(attribute: str) -> Callable[[World], Any]:
    return lambda world: getattr(world, attribute)


# --- the registry ---------------------------------------------------------------

# Bangor's concern and a restricted record on its case, as decision pages and reports.
CLUB_DECISION_SCENARIOS = (
    Scenario(
        "a club's concern",
        # Ceri recorded it; Rhian covers Bangor's region.
        visible(*CASE_MANAGERS, *NORTH_WELFARE),
        code_of("club_concern"),
        reads=record_of("club_concern"),
    ),
    Scenario(
        "a task shared back to a club",
        visible(*CASE_MANAGERS, *NORTH_WELFARE),
        code_of("club_task"),
        reads=record_of("club_task"),
    ),
    Scenario(
        "restricted record on a club's case",
        visible("officer2", *NSOS),
        code_of("club_restricted_referral"),
        reads=record_of("club_restricted_referral"),
    ),
)

# Low-level concerns about adults, as decision pages and reports.
LOW_LEVEL_DECISION_SCENARIOS = (
    Scenario(
        "a welfare officer's low-level concern",
        visible(*CASE_MANAGERS, *NORTH_WELFARE),
        code_of("club_low_level"),
        reads=record_of("club_low_level"),
    ),
    Scenario(
        "an officer's low-level concern at a club",
        visible(*CASE_MANAGERS),
        code_of("officer_low_level"),
        reads=record_of("officer_low_level"),
    ),
)

REGISTRY: dict[str, Route] = {
    # Public pages.
    "login": route(allowed(*SIGNED_IN, code=302), anonymous=200),  # signed in: on to home
    "logout": route(allowed(*SIGNED_IN, code=405), anonymous=405),  # POST only
    "health": route(allowed(*SIGNED_IN), anonymous=200),
    # ttw_safeguarding
    "home": route(allowed(*SIGNED_IN)),
    "notifications": route(allowed(*SIGNED_IN)),
    "audit:log": route(allowed(*NSOS)),
    # Roles and second factors: NSOs only (the administrator requests roles in the admin).
    "accounts:roles": route(allowed(*NSOS), mutating=True),
    "accounts:role_request_decide": route(
        visible(*NSOS, refused=refused_except(*NSOS), code=302),
        code_of("role_request"),
        mutating=True,
        post_ok=302,
    ),
    "accounts:second_factor_reset": route(
        allowed(*NSOS, code=405), mutating=True, post_ok=302
    ),  # POST only
    "decisions:detail": Route(
        (
            Scenario(
                "referral",
                visible(*CASE_MANAGERS),
                code_of("referral"),
                reads=record_of("referral"),
            ),
            Scenario(
                "share decision by an NSO",
                visible(*CASE_MANAGERS, *BOARD_LEADS),
                code_of("nso_share_decision"),
                reads=record_of("nso_share_decision"),
            ),
            Scenario(
                "restricted record naming officer2",
                visible("officer2", *NSOS),
                code_of("restricted_referral"),
                reads=record_of("restricted_referral"),
            ),
            *CLUB_DECISION_SCENARIOS,
            *LOW_LEVEL_DECISION_SCENARIOS,
        )
    ),
    "decisions:report": Route(
        (
            Scenario(
                "referral",
                visible(*CASE_MANAGERS),
                code_of("referral"),
                reads=record_of("referral"),
            ),
            Scenario(
                "share decision by an NSO",
                visible(*CASE_MANAGERS, *BOARD_LEADS),
                code_of("nso_share_decision"),
                reads=record_of("nso_share_decision"),
            ),
            Scenario(
                "restricted record naming officer2",
                visible("officer2", *NSOS),
                code_of("restricted_referral"),
                reads=record_of("restricted_referral"),
            ),
            *CLUB_DECISION_SCENARIOS,
            *LOW_LEVEL_DECISION_SCENARIOS,
        )
    ),
    "decisions:amend": Route(
        (
            Scenario(
                "referral",
                visible(*CASE_MANAGERS, refused=refused_except(*CASE_MANAGERS)),
                code_of("referral"),
            ),
            Scenario(
                "restricted record naming officer2",
                visible("officer2", *NSOS, refused=refused_except(*CASE_MANAGERS)),
                code_of("restricted_referral"),
            ),
        ),
        mutating=True,
    ),
    # Two-factor sign-in: reachable before the second factor. Without a device,
    # verification and backup codes send the user on to enrolment.
    "two_factor:setup": route(allowed(*SIGNED_IN)),
    "two_factor:verify": route(allowed(*SIGNED_IN, code=302)),
    "two_factor:backup_codes": route(allowed(*SIGNED_IN, code=302), mutating=True, post_ok=302),
    # cases: reporters (every role holder may record a concern; a submission is its
    # reporter's alone)
    "cases:concern_new": route(allowed(*ROLE_HOLDERS), mutating=True),
    "cases:my_submissions": route(allowed(*ROLE_HOLDERS)),
    "cases:submission_detail": route(
        visible("staff", refused=NO_ROLE), code_of("concern"), reads=record_of("concern")
    ),
    "cases:concern_submitted": route(visible("staff", refused=NO_ROLE), code_of("concern")),
    # cases: officers and the NSO
    "cases:concerns": route(allowed(*CASE_READERS)),
    "cases:triage": route(
        visible(*CASE_MANAGERS, refused=refused_except(*CASE_MANAGERS)),
        code_of("concern"),
        mutating=True,
        reads=record_of("concern"),
    ),
    "cases:list": route(allowed(*CASE_READERS)),
    "cases:children": route(allowed(*CASE_MANAGERS)),
    **{
        f"cases:{name}": Route(
            (
                # A TTW event's case: no welfare officer sees it.
                Scenario(
                    "TTW event's case",
                    visible(*CASE_MANAGERS, refused=refused_except(*CASE_READERS)),
                    code_of("case"),
                    reads=record_of("case"),
                ),
                Scenario(
                    "a club's case",
                    visible(*CASE_MANAGERS, *NORTH_WELFARE, refused=refused_except(*CASE_READERS)),
                    code_of("club_case"),
                    reads=record_of("club_case"),
                ),
            )
        )
        for name in ("detail", "chronology", "chronology_pdf")
    },
    **{
        f"cases:{name}": route(
            visible(*CASE_MANAGERS, refused=refused_except(*CASE_MANAGERS)),
            code_of("case"),
            mutating=True,
        )
        for name in ("update", "note_add", "referral_add", "close", "adult_add")
    },
    # Sharing back to a case's club: officers and the NSO write; the club's welfare officers
    # (and their region's) mark a task done; the other clubs' never learn it exists.
    "cases:share_back_add": Route(
        (
            Scenario(
                "a club's case",
                visible(*CASE_MANAGERS, refused=refused_except(*CASE_MANAGERS)),
                code_of("club_case"),
            ),
            # A TTW event's case: the page says there is no club to share with.
            Scenario(
                "TTW event's case",
                visible(*CASE_MANAGERS, refused=refused_except(*CASE_MANAGERS)),
                code_of("case"),
            ),
        ),
        mutating=True,
    ),
    "cases:task_done": route(
        visible(*NORTH_WELFARE, refused=refused_except(*WELFARE)),
        code_of("club_task"),
        mutating=True,
    ),
    "cases:adult_edit": route(
        visible(*CASE_MANAGERS, refused=refused_except(*CASE_MANAGERS)),
        code_of("adult"),
        mutating=True,
    ),
    # Children's pages: officers and the NSO only; a welfare officer is refused whatever
    # the child (their own club's too), so nothing says whether TTW knows a child.
    **{
        f"cases:{name}": Route(
            (
                Scenario(
                    "child",
                    visible(*CASE_MANAGERS, refused=refused_except(*CASE_MANAGERS)),
                    code_of("child"),
                    reads=record_of("child"),
                ),
                Scenario(
                    "child of a club's case",
                    visible(*CASE_MANAGERS, refused=refused_except(*CASE_MANAGERS)),
                    lambda world: {"code": world.club_case.child.code},
                    reads=lambda world: world.club_case.child,
                ),
            )
        )
        for name in ("child_detail", "child_chronology", "child_chronology_pdf")
    },
    # sharing: consent, share decisions, NSO review
    "sharing:consent_new": route(
        visible(*CASE_MANAGERS, refused=refused_except(*CASE_MANAGERS)),
        code_of("case"),
        mutating=True,
    ),
    # The share decision's steps: a POST without the step form's own data is a bad request.
    "sharing:share_new": route(
        visible(*CASE_MANAGERS, refused=refused_except(*CASE_MANAGERS)),
        code_of("case"),
        mutating=True,
        post_ok=400,
    ),
    "sharing:review_queue": route(allowed(*REVIEWERS)),
    "sharing:review_new": Route(
        (
            # An officer's decision: reviewed by an NSO; the board lead does not see it.
            Scenario(
                "share decision by an officer",
                visible(*NSOS, refused=refused_except(*REVIEWERS)),
                code_of("share_decision"),
                reads=record_of("share_decision"),
            ),
            # An NSO's own decision: another NSO or the board safeguarding lead reviews it.
            Scenario(
                "share decision by an NSO",
                visible(*REVIEWERS, refused=refused_except(*REVIEWERS)),
                code_of("nso_share_decision"),
                reads=record_of("nso_share_decision"),
            ),
        ),
        mutating=True,
    ),
    "sharing:written_report_sent": route(
        visible(*CASE_MANAGERS, refused=refused_except(*CASE_MANAGERS)),
        code_of("share_decision"),
        mutating=True,
        reads=record_of("share_decision"),
    ),
    # sharing: statutory records (P6.3 to P6.7)
    "sharing:statutory_list": route(allowed(*CASE_MANAGERS)),
    "sharing:planning_register": route(allowed(*CASE_MANAGERS)),
    "sharing:cmg_list": route(allowed(*CASE_MANAGERS, "cmg")),
    "sharing:adult_statutory": route(
        visible(*CASE_MANAGERS, refused=refused_except(*CASE_MANAGERS)), code_of("adult")
    ),
    **{
        f"sharing:{name}": route(
            visible(*CASE_MANAGERS, refused=refused_except(*CASE_MANAGERS)),
            code_of("adult"),
            mutating=True,
        )
        for name in ("advice_new", "planning_new", "court_direction_new", "dbs_disclosure_new")
    },
    "sharing:disciplinary_new": route(
        visible(*NSOS, refused=refused_except(*NSOS)), code_of("adult"), mutating=True
    ),
    "sharing:advice_confirm": route(
        visible(*CASE_MANAGERS, refused=refused_except(*CASE_MANAGERS)),
        code_of("statutory_advice"),
        mutating=True,
    ),
    "sharing:planning_contribute": route(
        visible(*CASE_MANAGERS, refused=refused_except(*CASE_MANAGERS)),
        code_of("planning_request"),
        mutating=True,
    ),
    "sharing:cmg_decision_new": route(
        visible("cmg", refused=refused_except("cmg")), code_of("dbs_disclosure"), mutating=True
    ),
    "sharing:dbs_referral_new": route(
        visible("officer2", *NSOS, refused=refused_except(*CASE_MANAGERS)),
        code_of("removal_because_of_harm"),
        mutating=True,
    ),
    # sharing: the NSO's alerts to clubs. The NSO sends; officers and the NSOs see what was
    # sent (an alert is a decision they already see); the welfare officers it was sent to
    # read it, and one it was not sent to does not exist for them.
    "sharing:alert_new": route(allowed(*NSOS), mutating=True),
    "sharing:alert_sent_list": route(allowed(*CASE_MANAGERS)),
    "sharing:alert_sent_detail": route(
        visible(*CASE_MANAGERS, refused=refused_except(*CASE_MANAGERS)),
        code_of("club_alert"),
        reads=record_of("club_alert"),
    ),
    "sharing:alerts": route(allowed(*WELFARE)),
    "sharing:alert_detail": route(
        visible(*NORTH_WELFARE, refused=refused_except(*WELFARE)),
        code_of("club_alert"),
        reads=record_of("club_alert"),
    ),
    # adults: officers and the NSO; a welfare officer is answered 404 for any adult (their
    # clubs' too: they see only the restriction flag on their home page); others 403.
    "adults:list": route(allowed(*CASE_MANAGERS)),
    **{
        f"adults:{name}": Route(
            tuple(
                Scenario(
                    label,
                    visible(*CASE_MANAGERS, refused=refused_except(*CASE_MANAGERS, *WELFARE)),
                    code_of(attribute),
                    reads=record_of(attribute) if name == "detail" else None,
                )
                for label, attribute in (("adult", "person"), ("adult of a club", "club_person"))
            ),
            mutating=name != "detail",
        )
        for name in ("detail", "edit", "role_add", "merge")
    },
    # adults: low-level concerns. Officers, the NSO and welfare officers record them (a
    # welfare officer for their clubs); officers and the NSO list and link them; a welfare
    # officer lists their own and their clubs' welfare officers'.
    "adults:low_level_new": route(allowed(*CASE_MANAGERS, *WELFARE), mutating=True),
    "adults:low_level_list": route(allowed(*CASE_MANAGERS)),
    "adults:low_level_mine": route(allowed(*WELFARE)),
    "adults:low_level_link": Route(
        tuple(
            Scenario(
                label,
                visible(*CASE_MANAGERS, refused=refused_except(*CASE_MANAGERS)),
                code_of(attribute),
            )
            for label, attribute in (
                ("a welfare officer's concern", "club_low_level"),
                ("an officer's concern", "officer_low_level"),
            )
        ),
        mutating=True,
    ),
    # adults: the DBS referral pack (SVGA35), as the adult's pages: officers and the NSO;
    # a welfare officer is answered 404; others 403.
    "adults:dbs_pack_start": Route(
        tuple(
            Scenario(
                label,
                visible(*CASE_MANAGERS, refused=refused_except(*CASE_MANAGERS, *WELFARE)),
                code_of(attribute),
            )
            for label, attribute in (("adult", "person"), ("adult of a club", "club_person"))
        ),
        mutating=True,
    ),
    "adults:dbs_pack": Route(
        tuple(
            Scenario(
                label,
                visible(*CASE_MANAGERS, refused=refused_except(*CASE_MANAGERS, *WELFARE)),
                code_of(attribute),
                reads=record_of(attribute),
            )
            for label, attribute in (("pack", "dbs_pack"), ("pack sent", "sent_dbs_pack"))
        )
    ),
    **{
        f"adults:{name}": route(
            visible(*CASE_MANAGERS, refused=refused_except(*CASE_MANAGERS, *WELFARE)),
            code_of(attribute),
            mutating=True,
        )
        for name, attribute in (
            ("dbs_pack_item", "dbs_pack"),
            ("dbs_pack_evidence", "dbs_pack"),
            ("dbs_pack_send", "complete_dbs_pack"),
            ("dbs_pack_outcome", "sent_dbs_pack"),
        )
    },
    # adults: the Wales procedure on an allegation line (WSP5), for officers and the NSO; a
    # welfare officer is answered 404, for their own club's line too; others 403.
    **{
        f"adults:{name}": Route(
            tuple(
                Scenario(
                    label,
                    visible(*CASE_MANAGERS, refused=refused_except(*CASE_MANAGERS, *WELFARE)),
                    code_of(attribute),
                )
                for label, attribute in (
                    ("allegation", "adult"),
                    ("allegation of a club", "club_allegation"),
                )
            ),
            mutating=True,
        )
        for name in ("designated_officer_new", "strategy_discussion_new", "allegation_outcome_new")
    },
    # adults: the Case Management Group. Officers and the NSOs see every group, a CMG member
    # the groups they are on (another group: 404); the NSOs and the group's members act for
    # it, officers do not (403); a welfare officer never learns a group exists (404).
    "adults:cmg": Route(
        (
            Scenario(
                "group with Carol",
                visible(
                    *CASE_MANAGERS, "cmg", refused=refused_except(*CASE_MANAGERS, "cmg", *WELFARE)
                ),
                lambda world: {"code": world.cmg_group.allegation.code},
                reads=record_of("cmg_group"),
            ),
            Scenario(
                "group without Carol",
                visible(*CASE_MANAGERS, refused=refused_except(*CASE_MANAGERS, "cmg", *WELFARE)),
                lambda world: {"code": world.cmg_group_without_carol.allegation.code},
                reads=record_of("cmg_group_without_carol"),
            ),
        )
    ),
    "adults:cmg_convene": route(
        visible(*NSOS, refused=refused_except(*NSOS, *WELFARE)),
        lambda world: {"code": world.adult.code},
        mutating=True,
    ),
    "adults:cmg_declare": Route(
        (
            Scenario(
                "group with Carol",
                visible("cmg", refused=refused_except("cmg", *WELFARE)),
                code_of("cmg_group"),
            ),
            Scenario(
                "group without Carol",
                visible(refused=refused_except("cmg", *WELFARE)),
                code_of("cmg_group_without_carol"),
            ),
        ),
        mutating=True,
    ),
    **{
        f"adults:{name}": Route(
            (
                Scenario(
                    "group with Carol",
                    visible(*NSOS, "cmg", refused=refused_except(*NSOS, "cmg", *WELFARE)),
                    code_of("cmg_group"),
                ),
                Scenario(
                    "group without Carol",
                    visible(*NSOS, refused=refused_except(*NSOS, "cmg", *WELFARE)),
                    code_of("cmg_group_without_carol"),
                ),
            ),
            mutating=True,
        )
        for name in ("cmg_route", "cmg_suspend", "cmg_final")
    },
    "adults:cmg_review": route(
        visible(*NSOS, "cmg", refused=refused_except(*NSOS, "cmg", *WELFARE)),
        code_of("cmg_suspension"),
        mutating=True,
    ),
    "adults:cmg_letter": route(
        visible(*NSOS, "cmg", refused=refused_except(*NSOS, "cmg", *WELFARE)),
        code_of("cmg_suspension"),
        reads=record_of("cmg_suspension"),
    ),
    "adults:cmg_appeal": route(
        visible(*NSOS, refused=refused_except(*NSOS, *WELFARE)),
        code_of("cmg_final"),
        mutating=True,
    ),
    # media_contacts: every role holder records an approach and sees their own (P6.12);
    # the NSO handles them.
    "media_contacts:record": route(allowed(*ROLE_HOLDERS), mutating=True),
    "media_contacts:mine": route(allowed(*ROLE_HOLDERS)),
    "media_contacts:detail": route(
        visible("staff", *CASE_MANAGERS, refused=NO_ROLE),
        code_of("media_approach"),
        reads=record_of("media_approach"),
    ),
    "media_contacts:inbox": route(allowed(*NSOS)),
    "media_contacts:email_retry": route(
        allowed(*NSOS, code=405), mutating=True, post_ok=302
    ),  # POST only
    "media_contacts:acknowledge": route(
        visible(*NSOS, refused=refused_except(*NSOS)), code_of("media_approach"), mutating=True
    ),
    "media_contacts:handle": route(
        visible(*NSOS, refused=refused_except(*NSOS)),
        code_of("acknowledged_media_approach"),
        mutating=True,
    ),
    # alerts (issue 17): each person's own notifications; anyone else's is a 404.
    "alerts:open": route(visible("staff", code=302), code_of("notice")),
    "alerts:read": route(
        visible("staff", code=405), code_of("notice"), mutating=True, post_ok=302
    ),  # POST only
    "alerts:read_all": route(allowed(*SIGNED_IN, code=405), mutating=True, post_ok=302),
    "alerts:settings": route(allowed(*SIGNED_IN), mutating=True),
    # Actions: officers and the NSO add them to records they may open; the people and clubs
    # they are for see and complete them; another club never learns they exist.
    "cases:my_actions": route(allowed(*CASE_MANAGERS, *WELFARE)),
    "cases:action_add": Route(
        (
            Scenario(
                "a club's case",
                visible(*CASE_MANAGERS, refused=refused_except(*CASE_MANAGERS)),
                lambda w: {"kind": "case", "code": w.club_case.code},
            ),
            # P6.6: an officer the restricted record does not name cannot open it to add one.
            Scenario(
                "restricted record",
                visible("officer2", *NSOS, refused=refused_except(*CASE_MANAGERS)),
                lambda w: {"kind": "decision", "code": w.restricted_referral.code},
            ),
        ),
        mutating=True,
    ),
    "cases:action_done": route(
        visible(*CASE_MANAGERS, *NORTH_WELFARE, refused=refused_except(*CASE_MANAGERS, *WELFARE)),
        code_of("club_action"),
        mutating=True,
    ),
    # evidence files: officers and the NSO attach files to a record they may see; a file is
    # read by those who may see both it and its record (ttw_safeguarding.records.evidence).
    "evidence:add": route(
        visible(*CASE_MANAGERS, refused=refused_except(*CASE_MANAGERS)),
        lambda world: {"kind": "case", "code": world.club_case.code},
        mutating=True,
    ),
    "evidence:download": route(
        visible(*CASE_MANAGERS), code_of("evidence_file"), reads=record_of("evidence_file")
    ),
    "evidence:thumbnail": route(
        visible(*CASE_MANAGERS), code_of("evidence_image"), reads=record_of("evidence_image")
    ),
    # search across the records: every role holder searches, and each source answers only
    # with what they may open (which records: tests/ttw_safeguarding/test_search.py).
    "search:results": route(allowed(*ROLE_HOLDERS)),
    # ... and a child merged into a likely duplicate, by officers and the NSO (a decision).
    "cases:child_merge": route(
        visible(*CASE_MANAGERS, refused=refused_except(*CASE_MANAGERS)),
        code_of("duplicate_child"),
        mutating=True,
    ),
    # statistics and the trustees' report: the NSO only (the figures of every case).
    "sharing:statistics": route(allowed(*NSOS)),
    "sharing:trustees_report": route(allowed(*NSOS)),
}

# Namespaces with one rule for every URL in them (access.NAMESPACE_RULES), and the
# URL the matrix walks for it.
NAMESPACE_REGISTRY: dict[str, tuple[str, Route]] = {
    "admin": ("admin:index", route(allowed("sysadmin", "superuser"))),
}
