"""The Case Management Group for a case about an adult: members and their declarations,
votes refused to a conflicted member, suspensions with their letter and reviews (overdue on
the home page), the final decision a DBS-basis share cites, and an appeal heard apart.

Personas: Nadia (NSO) convenes and may record for any group; Carol (cmg) and three other
CMG members (Ian, independent, Mair and Huw) are on the group; Gwen, a CMG member not on
it, must not learn it exists; Olivia (officer) sees the group but acts for none; Ceri (cwo,
Bangor) sees only the restriction flag for Bangor's people.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from adults import cmg_selectors, cmg_services, selectors
from adults.models import (
    CaseManagementGroup,
    CmgAppeal,
    CmgDeclaration,
    CmgFinalDecision,
    CmgRouteDecision,
    SuspensionReview,
)
from cases import services as case_services
from sharing import policy
from sharing import services as sharing_services
from sharing.access import citable_decisions_for_case
from tests.conftest import pdf_text
from tests.sharing.conftest import consented_share_fields
from ttw_safeguarding.records import roles
from ttw_safeguarding.records.access import can_review_decisions
from ttw_safeguarding.records.models import WrittenReport

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 1)


@pytest.fixture
def members(make_user, cmg) -> dict[str, Any]:
    return {
        "carol": cmg,
        "ian": make_user("ian", roles.CMG),
        "mair": make_user("mair", roles.CMG),
        "huw": make_user("huw", roles.CMG),
    }


@pytest.fixture
def gwen(make_user) -> Any:
    """A CMG member on no group: sees none."""
    return make_user("gwen", roles.CMG)


@pytest.fixture
def allegation(officer, case, club_north) -> Any:
    line = case_services.adult_add(
        actor=officer, case=case, name="Pat Coach", role_in_ttw="volunteer"
    )
    from adults.services import adult_role_add

    assert line.person is not None
    adult_role_add(actor=officer, adult=line.person, club=club_north, role="coach")
    return line


@pytest.fixture
def capture(django_capture_on_commit_callbacks) -> Any:
    return django_capture_on_commit_callbacks


@pytest.fixture
def group(nso, members, allegation, capture) -> CaseManagementGroup:
    """Convened by Nadia: Carol, Ian (independent), Mair and Huw; none has declared yet."""
    from sharing.access import cmg_members

    with capture(execute=True):
        return cmg_services.cmg_convene(
            actor=nso,
            allegation=allegation,
            members=list(members.values()),
            independent=[members["ian"]],
            reason="An allegation about a coach: the group decides the route.",
            cmg_users=cmg_members(),
        )


def _declare(group: CaseManagementGroup, user: Any, conflict: str = "") -> CmgDeclaration:
    return cmg_services.cmg_declaration_record(
        actor=user,
        group=group,
        declaration=policy.Declaration.CONFLICT if conflict else policy.Declaration.NO_CONFLICT,
        conflict=conflict,
    )


@pytest.fixture
def declared(group, members, capture) -> CaseManagementGroup:
    """Carol, Ian and Mair declare no conflict; Huw declares one (his nephew plays there)."""
    with capture(execute=True):
        for name in ("carol", "ian", "mair"):
            _declare(group, members[name])
        _declare(group, members["huw"], conflict="My nephew plays at the club.")
    return group


def _voters(members: dict[str, Any], *names: str) -> list[str]:
    return [str(members[name].pk) for name in names]


def _suspend(group: Any, actor: Any, members: dict[str, Any], capture: Any, **extra: Any) -> Any:
    fields = {
        "from_what": "Coaching and any activity with juniors at every club",
        "starts_on": timezone.localdate(),
        "review_on": timezone.localdate() + dt.timedelta(days=14),
        "reason": "A neutral act while the allegation is looked into.",
        **extra,
    }
    with capture(execute=True):
        return cmg_services.cmg_suspension_record(
            actor=actor,
            group=group,
            voters=[members["carol"], members["ian"], members["mair"]],
            is_nso=can_review_decisions(actor),
            **fields,
        )


# --- votes -------------------------------------------------------------------------------


def test_a_member_with_a_declared_conflict_is_refused_a_vote(client_for, members, declared):
    carol = client_for(members["carol"])
    url = reverse("adults:cmg_route", args=[declared.code])
    response = carol.post(
        url,
        {
            "route": policy.CaseRoute.STATUTORY_AGENCIES,
            "voters": _voters(members, "carol", "ian", "mair", "huw"),
            "reason": "The allegation meets the threshold for the designated officer.",
        },
    )
    assert response.status_code == 200
    assert policy.CMG_VOTE_REFUSED_CONFLICT in response.content.decode()
    assert not CmgRouteDecision.objects.exists()

    # Without Huw the group is quorate, with Ian independent: recorded.
    response = carol.post(
        url,
        {
            "route": policy.CaseRoute.STATUTORY_AGENCIES,
            "voters": _voters(members, "carol", "ian", "mair"),
            "reason": "The allegation meets the threshold for the designated officer.",
        },
    )
    assert response.status_code == 302
    route = CmgRouteDecision.objects.get()
    assert route.voter_ids() == {members[n].pk for n in ("carol", "ian", "mair")}


def test_a_member_yet_to_declare_is_refused_and_the_service_refuses_too(members, group, nso):
    _declare(group, members["carol"])
    with pytest.raises(ValidationError) as refused:
        cmg_services.cmg_route_record(
            actor=nso,
            group=group,
            voters=[members["carol"], members["ian"], members["mair"]],
            route=policy.CaseRoute.TTW_DISCIPLINARY,
            reason="Poor practice at national level.",
            is_nso=True,
        )
    assert policy.CMG_VOTE_REFUSED_UNDECLARED in str(refused.value)
    assert not CmgRouteDecision.objects.exists()


def test_a_conflicted_member_cannot_record_the_decision_for_the_others(members, declared):
    with pytest.raises(ValidationError) as refused:
        cmg_services.cmg_route_record(
            actor=members["huw"],
            group=declared,
            voters=[members["carol"], members["ian"], members["mair"]],
            route=policy.CaseRoute.TTW_DISCIPLINARY,
            reason="Poor practice.",
        )
    assert policy.CMG_VOTE_REFUSED_CONFLICT in str(refused.value)


# --- declarations ------------------------------------------------------------------------


def test_a_member_declares_once_themself(client_for, members, group):
    carol = client_for(members["carol"])
    url = reverse("adults:cmg_declare", args=[group.code])
    response = carol.post(url, {"declaration": policy.Declaration.CONFLICT, "conflict": ""})
    assert policy.CMG_CONFLICT_DETAIL_REQUIRED in response.content.decode()
    assert not CmgDeclaration.objects.exists()
    response = carol.post(url, {"declaration": policy.Declaration.NO_CONFLICT})
    assert response.status_code == 302
    declaration = CmgDeclaration.objects.get()
    assert declaration.member == members["carol"]
    assert declaration.recorded_by == members["carol"]
    # A second declaration is refused, saying who recorded the first.
    response = carol.post(url, {"declaration": policy.Declaration.CONFLICT, "conflict": "x"})
    assert "Already recorded" in response.content.decode()
    assert CmgDeclaration.objects.count() == 1


def test_the_convening_needs_an_independent_member(client_for, nso, members, allegation):
    nadia = client_for(nso)
    url = reverse("adults:cmg_convene", args=[allegation.code])
    response = nadia.post(
        url,
        {"members": _voters(members, "carol", "ian", "mair"), "reason": "The group decides."},
    )
    assert policy.CMG_INDEPENDENT_MEMBER_REQUIRED in response.content.decode()
    assert not CaseManagementGroup.objects.exists()
    response = nadia.post(
        url,
        {
            "members": _voters(members, "carol", "ian", "mair"),
            "independent": _voters(members, "ian"),
            "reason": "The group decides.",
        },
    )
    assert response.status_code == 302
    assert CaseManagementGroup.objects.get().memberships.count() == 3


# --- who sees the group ----------------------------------------------------------------


def test_only_the_group_and_case_managers_see_it(client_for, members, gwen, officer, cwo, declared):
    page = reverse("adults:cmg", args=[declared.allegation.code])
    assert client_for(members["carol"]).get(page).status_code == 200
    assert client_for(officer).get(page).status_code == 200
    # Another CMG member and a welfare officer do not learn the group exists.
    assert client_for(gwen).get(page).status_code == 404
    assert client_for(cwo).get(page).status_code == 404
    # The officer sees but does not act for the group.
    assert (
        client_for(officer).get(reverse("adults:cmg_route", args=[declared.code])).status_code
        == 403
    )
    # Carol sees the group's decisions' pages; Gwen does not.
    decision = reverse("decisions:detail", args=[declared.code])
    assert client_for(members["carol"]).get(decision).status_code == 200
    assert client_for(gwen).get(decision).status_code == 404


# --- suspension, letter, reviews ---------------------------------------------------------


def test_the_letter_to_the_adult_is_a_pdf_with_what_the_suspension_says(
    client_for, nso, members, declared, capture
):
    suspension = _suspend(declared, members["carol"], members, capture)
    response = client_for(nso).get(reverse("adults:cmg_letter", args=[suspension.code]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = " ".join(pdf_text(response.content).split())
    assert "Pat Coach" in text
    assert "Coaching and any activity with juniors at every club" in text
    assert f"{suspension.starts_on:%-d %B %Y}" in text
    assert f"{suspension.review_on:%-d %B %Y}" in text
    # The written report of the decision lists its fields.
    report = WrittenReport.objects.get(decision=suspension)
    assert report.state == WrittenReport.State.READY
    report_text = " ".join(pdf_text(report.pdf.open("rb").read()).split())
    assert "Suspended from" in report_text and "Review by" in report_text


def test_the_letter_escapes_what_was_typed(client_for, nso, members, declared, capture):
    suspension = _suspend(
        declared, nso, members, capture, from_what='Coaching <img src="http://evil.example/x">'
    )
    response = client_for(nso).get(reverse("adults:cmg_letter", args=[suspension.code]))
    assert response.status_code == 200
    assert '<img src="http://evil.example/x">' in " ".join(pdf_text(response.content).split())


def test_a_suspension_review_overdue_shows_on_the_nsos_home_page(
    client_for, nso, members, declared, capture
):
    home = reverse("home")
    # Suspended fifteen days ago, to be reviewed by yesterday.
    with time_machine.travel(timezone.now() - dt.timedelta(days=15)):
        suspension = _suspend(declared, members["carol"], members, capture)
        assert not cmg_selectors.overdue_reviews_for(nso)
    assert suspension.review_on < timezone.localdate()
    nadia, carol = client_for(nso), client_for(members["carol"])
    for client in (nadia, carol):
        response = client.get(home)
        assert response.status_code == 200, response
        page = response.content.decode()
        assert "Suspension reviews overdue" in page
        assert "Pat Coach" in page and "review was due" in page
    group_page = nadia.get(reverse("adults:cmg", args=[declared.allegation.code]))
    assert "Review overdue" in group_page.content.decode()


def test_a_review_before_its_date_is_on_time_and_a_lift_ends_it(nso, members, declared, capture):
    suspension = _suspend(declared, members["carol"], members, capture)
    voters = [members["carol"], members["ian"], members["mair"]]
    with capture(execute=True):
        cmg_services.cmg_suspension_review_record(
            actor=nso,
            suspension=suspension,
            voters=voters,
            reviewed_on=timezone.localdate(),
            review_decision=policy.SuspensionReviewDecision.VARY,
            next_review_on=timezone.localdate() + dt.timedelta(days=21),
            varied_from_what="Coaching juniors only",
            reason="He may play in the senior league.",
            is_nso=True,
        )
    row = cmg_selectors.suspensions_in_place().get(pk=suspension.pk)
    assert row.due_on == timezone.localdate() + dt.timedelta(days=21)  # type: ignore[attr-defined]
    with capture(execute=True):
        cmg_services.cmg_suspension_review_record(
            actor=nso,
            suspension=suspension,
            voters=voters,
            reviewed_on=timezone.localdate(),
            review_decision=policy.SuspensionReviewDecision.LIFT,
            next_review_on=None,
            varied_from_what="",
            reason="The police took no further action.",
            is_nso=True,
        )
    assert not cmg_selectors.suspensions_in_place().exists()
    with pytest.raises(ValidationError):
        cmg_services.cmg_suspension_review_record(
            actor=nso,
            suspension=suspension,
            voters=voters,
            reviewed_on=timezone.localdate(),
            review_decision=policy.SuspensionReviewDecision.LIFT,
            next_review_on=None,
            varied_from_what="",
            reason="Again.",
            is_nso=True,
        )
    assert SuspensionReview.objects.count() == 2


def test_a_suspension_in_place_is_a_restriction_for_the_welfare_officer(
    client_for, nso, cwo, members, declared, capture
):
    ceri = client_for(cwo)
    assert "Pat Coach" not in ceri.get(reverse("home")).content.decode()
    suspension = _suspend(declared, members["carol"], members, capture)
    assert declared.allegation.person_id in selectors.restrictions_in_place()
    page = ceri.get(reverse("home")).content.decode()
    assert "Pat Coach" in page and selectors.RESTRICTION_FLAG in page
    assert "juniors" not in page  # never why
    with capture(execute=True):
        cmg_services.cmg_suspension_review_record(
            actor=nso,
            suspension=suspension,
            voters=[members["carol"], members["ian"], members["mair"]],
            reviewed_on=timezone.localdate(),
            review_decision=policy.SuspensionReviewDecision.LIFT,
            next_review_on=None,
            varied_from_what="",
            reason="Lifted.",
            is_nso=True,
        )
    assert "Pat Coach" not in ceri.get(reverse("home")).content.decode()


def test_the_home_page_costs_the_same_with_many_suspensions(
    client_for, nso, members, declared, capture
):
    def queries() -> int:
        client = client_for(nso)
        client.get(reverse("home"))
        with CaptureQueriesContext(connection) as counted:
            assert client.get(reverse("home")).status_code == 200
        return len(counted)

    _suspend(declared, nso, members, capture)
    few = queries()
    for _ in range(4):
        _suspend(declared, nso, members, capture)
    assert queries() == few


# --- final decision, P6.7 share, appeal ---------------------------------------------------


def _final(group: Any, actor: Any, members: dict[str, Any], capture: Any, outcome: str) -> Any:
    with capture(execute=True):
        return cmg_services.cmg_final_decision_record(
            actor=actor,
            group=group,
            voters=[members["carol"], members["ian"], members["mair"]],
            cmg_outcome=outcome,
            restrictions="No coaching of juniors." if outcome == policy.CMG_RESTRICTIONS else "",
            reason="The group's decision on the allegation.",
            is_nso=True,
        )


@pytest.mark.parametrize(
    ("outcome", "allowed"),
    [
        (policy.CMG_RESTRICTIONS, True),
        (policy.CMG_UNSUITABLE, True),
        (policy.CMG_NO_ACTION, False),
    ],
)
def test_a_share_on_a_dbs_basis_cites_the_final_decision_of_restrictions(
    nso, officer, members, declared, capture, outcome, allowed
):
    final = _final(declared, nso, members, capture, outcome)
    case = declared.allegation.case
    fields = consented_share_fields(
        case, officer, basis=policy.Basis.CMG_DECISION, cited_decision=final
    )
    if allowed:
        with capture(execute=True):
            share = sharing_services.share_decision_record(case=case, actor=officer, **fields)
        assert share.cited_decision_id == final.pk
        assert citable_decisions_for_case(officer, case).filter(pk=final.pk).exists()
    else:
        with pytest.raises(ValidationError) as refused:
            sharing_services.share_decision_record(case=case, actor=officer, **fields)
        assert policy.CMG_DECISION_REQUIRED in str(refused.value)


def test_the_final_decision_is_made_once(nso, members, declared, capture):
    _final(declared, nso, members, capture, policy.CMG_UNSUITABLE)
    with pytest.raises(ValidationError):
        _final(declared, nso, members, capture, policy.CMG_NO_ACTION)
    assert CmgFinalDecision.objects.count() == 1
    # An unsuitable decision is a restriction a welfare officer is told of.
    assert declared.allegation.person_id in selectors.restrictions_in_place()


def test_an_appeal_with_a_panel_overlapping_the_group_is_refused(
    client_for, nso, nso2, officer2, members, declared, capture
):
    final = _final(declared, nso, members, capture, policy.CMG_RESTRICTIONS)
    nadia = client_for(nso)
    url = reverse("adults:cmg_appeal", args=[final.code])
    form = {
        "lodged_on": timezone.localdate().isoformat(),
        "grounds": "The decision did not weigh the character references.",
        "panel": [str(nso2.pk), str(members["ian"].pk)],
        "appeal_outcome": policy.AppealOutcome.DISMISSED,
        "reason": "The panel found the decision sound.",
    }
    response = nadia.post(url, form)
    assert response.status_code == 200
    assert policy.APPEAL_PANEL_OVERLAPS in response.content.decode()
    assert not CmgAppeal.objects.exists()
    response = nadia.post(url, {**form, "panel": [str(nso2.pk), str(officer2.pk)]})
    assert response.status_code == 302
    appeal = CmgAppeal.objects.get()
    assert {p["id"] for p in appeal.panel} == {nso2.pk, officer2.pk}


def test_the_group_page_costs_the_same_with_many_records(
    client_for, nso, members, declared, capture
):
    page = reverse("adults:cmg", args=[declared.allegation.code])

    def queries() -> int:
        client = client_for(nso)
        client.get(page)
        with CaptureQueriesContext(connection) as counted:
            assert client.get(page).status_code == 200
        return len(counted)

    suspension = _suspend(declared, nso, members, capture)
    few = queries()
    for _ in range(3):
        _suspend(declared, nso, members, capture)
        with capture(execute=True):
            cmg_services.cmg_suspension_review_record(
                actor=nso,
                suspension=suspension,
                voters=[members["carol"], members["ian"], members["mair"]],
                reviewed_on=timezone.localdate(),
                review_decision=policy.SuspensionReviewDecision.CONTINUE,
                next_review_on=timezone.localdate() + dt.timedelta(days=7),
                varied_from_what="",
                reason="It continues.",
                is_nso=True,
            )
    assert queries() == few


def test_the_groups_records_are_on_the_adults_one_timeline(
    nso, officer, members, declared, capture
):
    """The group, its suspension and its final decision are records about the adult: they
    show on the adult's timeline with the case they belong to, as the case's others do."""
    suspension = _suspend(declared, nso, members, capture)
    final = _final(declared, nso, members, capture, policy.CMG_RESTRICTIONS)
    entries = selectors.timeline(user=officer, adult=declared.allegation.person)
    labels = [entry.label for entry in entries]
    for record in (declared, suspension, final):
        assert record.LABEL in labels
        assert reverse("decisions:detail", args=[record.code]) in {e.url for e in entries}
    assert {e.case_reference for e in entries} == {declared.allegation.case.reference}


def test_the_final_decision_ends_the_suspension_and_its_reviews(nso, members, declared, capture):
    """A temporary suspension holds until the group decides: then no review falls due, the
    welfare officer's flag is the final decision's (here none), and a review is refused."""
    with time_machine.travel(timezone.now() - dt.timedelta(days=15)):
        suspension = _suspend(declared, members["carol"], members, capture)
    assert cmg_selectors.overdue_reviews_for(nso)
    _final(declared, nso, members, capture, policy.CMG_NO_ACTION)
    assert not cmg_selectors.overdue_reviews_for(nso)
    assert declared.allegation.person_id not in selectors.restrictions_in_place()
    with pytest.raises(ValidationError) as refused:
        cmg_services.cmg_suspension_review_record(
            actor=nso,
            suspension=suspension,
            voters=[members["carol"], members["ian"], members["mair"]],
            reviewed_on=timezone.localdate(),
            review_decision=policy.SuspensionReviewDecision.CONTINUE,
            next_review_on=timezone.localdate() + dt.timedelta(days=14),
            varied_from_what="",
            reason="Kept under review.",
            is_nso=True,
        )
    assert cmg_services.SUSPENSION_ENDED_BY_FINAL_DECISION in str(refused.value)
    assert not SuspensionReview.objects.exists()
