"""Every list and detail page makes as many queries with 500 records behind it as with 5.

Each test builds the records of one part of the application through the real
services (the decision path, with its chain and audit entries), counts the queries
of that part's pages, and of every role's home page, the audit log and the
notifications, with 5 records of each sort; grows the records to 500, and counts
again. A page whose count grows runs a query per row (a missing
``select_related``/``prefetch_related`` or a query in a template loop): the failure
lists the queries it added.

Written reports are left pending (their after-commit work does not run here): the
pages show the same "being prepared" state with 5 and with 500 records.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases import services as case_services
from cases.models import AdultSubjectToAllegation, Case, Child
from media_contacts.services import media_acknowledgement_record, media_approach_record
from sharing import policy
from sharing import services as sharing_services
from sharing.statutory import services as statutory_services
from tests.sharing.conftest import consented_share_fields

pytestmark = pytest.mark.django_db

FEW = 5
MANY = 500

# (what the page is, who opens it, its URL)
Page = tuple[str, Any, str]


def _days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


def _queries(client: Client, url: str, *, warm_up: bool) -> list[str]:
    """The SQL a page runs; with ``warm_up``, asked twice so that one-off caches are warm."""
    if warm_up:
        first = client.get(url)
        assert first.status_code == 200, f"{url} answered {first.status_code}"
    with CaptureQueriesContext(connection) as captured:
        again = client.get(url)
    assert again.status_code == 200, f"{url} answered {again.status_code}"
    return [query["sql"] for query in captured.captured_queries]


def _measure(
    pages: list[Page], clients: dict[Any, Client], *, warm_up: bool
) -> dict[str, list[str]]:
    return {name: _queries(clients[user], url, warm_up=warm_up) for name, user, url in pages}


def _shape(sql: str) -> str:
    """The query without its values, so that a query repeated per row shows as one shape."""
    return re.sub(r"\b\d+\b", "?", re.sub(r"'[^']*'", "?", sql))


def _assert_same(few: dict[str, list[str]], many: dict[str, list[str]]) -> None:
    assert few.keys() == many.keys()
    grown = []
    for name, queries in few.items():
        if len(many[name]) != len(queries):
            added = Counter(map(_shape, many[name])) - Counter(map(_shape, queries))
            grown.append(
                f"{name}: {len(queries)} queries with {FEW} records, {len(many[name])} with "
                f"{MANY}; added:\n"
                + "\n".join(f"    {n} x {sql[:300]}" for sql, n in added.most_common(3))
            )
    assert not grown, "\n".join(grown)


def _check_budgets(
    r: Records, pages: Callable[[], list[Page]], grow: Callable[[int], None]
) -> None:
    """Count ``pages`` and every role's home page, audit log and notifications, at 5 and 500."""
    people = (r.staff, r.officer, r.nso, r.cmg, r.sysadmin, r.norole)
    clients = {person: Client() for person in people}
    for person, client in clients.items():
        client.force_login(person)

    def all_pages() -> list[Page]:
        home = reverse("home")
        return [
            *pages(),
            ("home, staff", r.staff, home),
            ("home, officer", r.officer, home),
            ("home, NSO", r.nso, home),
            ("home, CMG member", r.cmg, home),
            ("home, system administrator", r.sysadmin, home),
            ("home, no role", r.norole, home),
            ("audit log", r.nso, reverse("audit:log")),
            ("notifications, officer", r.officer, reverse("notifications")),
            ("notifications, NSO", r.nso, reverse("notifications")),
        ]

    grow(FEW)
    few = _measure(all_pages(), clients, warm_up=True)
    grow(MANY)
    many = _measure(all_pages(), clients, warm_up=False)
    _assert_same(few, many)


# --- the records ---------------------------------------------------------------------


@dataclass
class Records:
    """What the pages show: one case, child and adult everything hangs on, and the rest."""

    staff: Any
    officer: Any
    nso: Any
    cmg: Any
    sysadmin: Any
    norole: Any
    case: Case
    child: Child
    adult: AdultSubjectToAllegation
    made: dict[str, int] = field(default_factory=dict)
    examples: dict[str, Any] = field(default_factory=dict)

    def how_many(self, sort: str) -> int:
        return self.made.get(sort, 0)

    def up_to(self, sort: str, count: int, make: Callable[[int], Any]) -> None:
        """Make records of ``sort`` until there are ``count``; the first is kept as example."""
        for i in range(self.how_many(sort), count):
            made = make(i)
            self.examples.setdefault(sort, made)
        self.made[sort] = max(count, self.how_many(sort))


@pytest.fixture
def records(staff, officer, nso, cmg, sysadmin, norole) -> Records:
    """A case opened by triage of Sam's concern, with an adult subject to an allegation."""
    concern = case_services.concern_record(
        actor=staff,
        new_child=case_services.NewChild(name="Robin Example", approximate_age=11),
        occurred_at=timezone.now() - dt.timedelta(days=3),
        facts="Robin said an adult at the club grabbed him.",
        professional_opinion="Robin seemed afraid of the adult.",
        categories=["physical"],
        is_urgent=False,
    )
    triage = case_services.concern_triage(
        actor=officer,
        concern=concern,
        case=None,
        owner=officer,
        risk_level=Case.Risk.HIGH,
        status=Case.Status.OPEN,
        meets_referral_threshold=True,
        threshold_rationale="A disclosure of harm by an adult in a position of trust.",
        reason="The concern names an adult at the club.",
    )
    assert triage.case is not None
    adult = AdultSubjectToAllegation.objects.create(
        case=triage.case,
        name="Alan Adult",
        role_in_ttw=AdultSubjectToAllegation.RoleInTTW.VOLUNTEER,
        works_with_children_elsewhere=True,
        other_organisations="Riverside FC",
        created_by=officer,
    )
    made = Records(
        staff=staff,
        officer=officer,
        nso=nso,
        cmg=cmg,
        sysadmin=sysadmin,
        norole=norole,
        case=triage.case,
        child=triage.case.child,
        adult=adult,
    )
    made.examples.update({"triaged concern": concern, "triage": triage})
    return made


def _cases(r: Records, count: int) -> None:
    """Children and cases as rows: the lists read them, no decision is needed to show one."""
    start = r.how_many("case")
    if count <= start:
        return
    children = Child.objects.bulk_create(
        Child(
            name=f"Listed Child {i:03d}",
            approximate_age=8,
            reference=f"C-T-{i:04d}",
            created_by=r.staff,
        )
        for i in range(start, count)
    )
    Case.objects.bulk_create(
        Case(
            reference=f"CASE-T-{i:04d}",
            child=child,
            owner=r.officer,
            opened_by=r.officer,
            # Every other case is at the referral threshold with none recorded: overdue (P6.2).
            meets_referral_threshold=i % 2 == 0,
            threshold_rationale="Injury explained as caused at home." if i % 2 == 0 else "",
        )
        for i, child in zip(range(start, count), children, strict=True)
    )
    r.made["case"] = count


def _concern(r: Records, i: int) -> Any:
    return case_services.concern_record(
        actor=r.staff,
        child=r.child,
        occurred_at=timezone.now() - dt.timedelta(hours=2, minutes=i),
        venue="Riverside pitch",
        facts=f"Robin had a new bruise ({i}).",
        professional_opinion="Robin seemed scared to go home.",
        categories=["physical"],
        is_urgent=False,
        body_map=[
            {
                "side": "front",
                "x": 60,
                "y": 120,
                "size": "2 cm",
                "colour": "red",
                "description": "Bruise on the upper arm",
            }
        ],
    )


def _referral(r: Records, i: int) -> Any:
    return case_services.referral_record(
        actor=r.officer,
        case=r.case,
        agency="social_care",
        agency_contact="Duty social worker",
        referred_at=timezone.now() - dt.timedelta(minutes=i),
        method="phone",
        information_shared="The concern as recorded.",
        reason="The concern meets the threshold for referral.",
        facts=f"Robin said an adult at the club grabbed him ({i}).",
        professional_opinion="Robin seemed afraid of the adult.",
    )


def _note(r: Records, i: int) -> Any:
    return case_services.case_note_add(actor=r.officer, case=r.case, text=f"Phoned school ({i}).")


def _consent(r: Records, i: int) -> Any:
    return sharing_services.consent_record_record(
        case=r.case,
        actor=r.officer,
        whose="parent_carer",
        person_name="Pat Parent",
        was_sought=True,
        answer=policy.Consent.GIVEN,
        occurred_on=_days_ago(1),
        not_sought_because="",
        not_sought_explanation="",
        facts=f"Asked by phone ({i}).",
        professional_opinion="",
        reason="Consent sought before sharing, as P6.8 expects.",
    )


def _share(r: Records, i: int) -> Any:
    fields = consented_share_fields(r.case, r.officer, recipient_name=f"Dana Duty {i}")
    return sharing_services.share_decision_record(case=r.case, actor=r.officer, **fields)


def _approach(r: Records, i: int) -> Any:
    return media_approach_record(
        actor=r.staff,
        approached_at=timezone.now() - dt.timedelta(hours=1, minutes=i),
        journalist_name=f"Jo Newshound {i}",
        outlet="The Daily Example",
        phone="+44 20 7946 0000",
        contact_method="phone",
        information_wanted="Whether a boy at the Riverside group was hurt",
        anything_said=False,
    )


def _planning(r: Records, i: int) -> Any:
    return statutory_services.planning_request_record(
        adult=r.adult,
        actor=r.officer,
        agency="mappa",
        request_kind="mappa_meeting",
        request=f"Attendance records ({i}).",
        received_on=_days_ago(10),
        # Every other request is overdue, so the register marks some rows.
        due_on=_days_ago(3) if i % 2 else _days_ago(-7),
        reason="The MAPPA panel asked for TTW's contribution.",
    )


def _disclosure(r: Records, i: int) -> Any:
    return statutory_services.dbs_disclosure_record(
        adult=r.adult,
        actor=r.officer,
        certificate_issued_on=_days_ago(20),
        concern=f"The certificate shows a caution ({i}).",
        members=[r.cmg],
        reason="The disclosure raises a safeguarding concern.",
    )


def _advice(r: Records, i: int) -> Any:
    return statutory_services.statutory_advice_record(
        adult=r.adult,
        actor=r.officer,
        agency="lado",
        adviser="Lee, LADO duty officer",
        advised_on=_days_ago(2),
        question=f"Should Riverside FC be told? ({i})",
        advice="TTW tells Riverside FC.",
        organisations=[{"name": "Riverside FC", "told_by": policy.TOLD_BY_TTW}],
        facts="The LADO was phoned on Monday.",
        reason="P6.3 requires the advice of the statutory agencies.",
    )


def _decision_page(decision: Any) -> str:
    return reverse("decisions:detail", args=[decision.code])


# --- the pages -----------------------------------------------------------------------


def test_case_pages_make_as_many_queries_with_500_records_as_with_5(records):
    r = records

    def grow(count: int) -> None:
        _cases(r, count)
        r.up_to("concern", count, lambda i: _concern(r, i))
        r.up_to("referral", count, lambda i: _referral(r, i))
        r.up_to("note", count, lambda i: _note(r, i))

    def pages() -> list[Page]:
        case, child, concern = r.case, r.child, r.examples["concern"]
        return [
            ("case list", r.officer, reverse("cases:list")),
            ("case list, overdue only", r.officer, reverse("cases:list") + "?overdue=on"),
            ("case page", r.officer, reverse("cases:detail", args=[case.code])),
            ("case chronology", r.officer, reverse("cases:chronology", args=[case.code])),
            ("children", r.officer, reverse("cases:children")),
            ("child search", r.officer, reverse("cases:children") + "?q=Child"),
            ("child page", r.officer, reverse("cases:child_detail", args=[child.code])),
            (
                "child chronology",
                r.officer,
                reverse("cases:child_chronology", args=[child.code]),
            ),
            ("concerns to triage", r.officer, reverse("cases:concerns")),
            ("triage page", r.officer, reverse("cases:triage", args=[concern.code])),
            ("my submissions", r.staff, reverse("cases:my_submissions")),
            (
                "my submission",
                r.staff,
                reverse("cases:submission_detail", args=[concern.code]),
            ),
            ("concern decision page", r.officer, _decision_page(r.examples["triaged concern"])),
            ("triage decision page", r.officer, _decision_page(r.examples["triage"])),
            ("referral decision page", r.officer, _decision_page(r.examples["referral"])),
        ]

    _check_budgets(r, pages, grow)


def test_sharing_pages_make_as_many_queries_with_500_records_as_with_5(records, nso2):
    r = records

    def grow(count: int) -> None:
        r.up_to("consent", count, lambda i: _consent(r, i))
        r.up_to("share", count, lambda i: _share(r, i))
        if "review" not in r.examples:
            r.examples["review"] = sharing_services.nso_review_record(
                share_decision=r.examples["share"],
                actor=nso2,
                verdict=policy.REVIEW_ENDORSE,
                comments="",
                action_required="",
                reason="The decision follows the policy.",
            )

    def pages() -> list[Page]:
        unreviewed = r.examples["share"].__class__.objects.filter(reviews__isnull=True).first()
        return [
            ("review queue", r.nso, reverse("sharing:review_queue")),
            ("review page", r.nso, reverse("sharing:review_new", args=[unreviewed.code])),
            ("share decision page", r.officer, _decision_page(r.examples["share"])),
            ("consent decision page", r.officer, _decision_page(r.examples["consent"])),
            ("NSO review decision page", r.nso, _decision_page(r.examples["review"])),
            ("case page", r.officer, reverse("cases:detail", args=[r.case.code])),
        ]

    _check_budgets(r, pages, grow)


def test_statutory_pages_make_as_many_queries_with_500_records_as_with_5(records):
    r = records

    def grow(count: int) -> None:
        r.up_to("planning", count, lambda i: _planning(r, i))
        r.up_to("disclosure", count, lambda i: _disclosure(r, i))
        # The advice page shows that advice and whom it tells: a few make the example.
        r.up_to("advice", min(count, FEW), lambda i: _advice(r, i))
        if "disciplinary" not in r.examples:
            r.examples["disciplinary"] = statutory_services.disciplinary_outcome_record(
                adult=r.adult,
                actor=r.nso,
                concluded_on=_days_ago(1),
                findings="Gross misconduct.",
                sanction="warning",
                removed_from_work_with_children=False,
                because_of_harm=False,
                need_to_know=[r.officer],
                facts="The panel met on Tuesday.",
                reason="The investigation has concluded.",
            )

    def pages() -> list[Page]:
        return [
            ("statutory records", r.officer, reverse("sharing:statutory_list")),
            ("planning register", r.officer, reverse("sharing:planning_register")),
            ("cases put to the CMG", r.cmg, reverse("sharing:cmg_list")),
            (
                "adult's statutory records",
                r.officer,
                reverse("sharing:adult_statutory", args=[r.adult.code]),
            ),
            ("planning request page", r.officer, _decision_page(r.examples["planning"])),
            ("DBS disclosure page", r.officer, _decision_page(r.examples["disclosure"])),
            ("statutory advice page", r.officer, _decision_page(r.examples["advice"])),
            # P6.6: the restricted record asks its reason first.
            (
                "restricted outcome, reason asked",
                r.officer,
                _decision_page(r.examples["disciplinary"]),
            ),
        ]

    _check_budgets(r, pages, grow)


def test_media_pages_make_as_many_queries_with_500_records_as_with_5(records):
    r = records

    def grow(count: int) -> None:
        r.up_to("approach", count, lambda i: _approach(r, i))
        if "acknowledgement" not in r.examples:
            r.examples["acknowledgement"] = media_acknowledgement_record(
                approach=r.examples["approach"], actor=r.nso, note="I will call them back."
            )

    def pages() -> list[Page]:
        approach = r.examples["approach"]
        return [
            ("media inbox", r.nso, reverse("media_contacts:inbox")),
            ("my media records", r.staff, reverse("media_contacts:mine")),
            ("media approach page", r.nso, reverse("media_contacts:detail", args=[approach.code])),
            (
                "media approach page, as its recorder",
                r.staff,
                reverse("media_contacts:detail", args=[approach.code]),
            ),
            ("media approach decision page", r.nso, _decision_page(approach)),
            ("acknowledgement page", r.nso, _decision_page(r.examples["acknowledgement"])),
        ]

    _check_budgets(r, pages, grow)
