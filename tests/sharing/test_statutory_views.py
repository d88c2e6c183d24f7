"""Issue 6: the statutory record pages. Who may use each page, what a valid submission
records, and what bad input gets (a message on the form, never a 500 or a partial record).

Personas (tests/conftest.py): Olivia (officer) records advice, planning requests, court
directions and DBS disclosures; Nadia (NSO) also records restricted disciplinary outcomes;
Sam (staff) may use none of these pages; Carol (CMG) only the CMG pages.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from sharing import policy
from sharing.models import (
    AdviceConfirmation,
    CmgDecision,
    CourtDirection,
    DbsDisclosure,
    DisciplinaryOutcome,
    PlanningContribution,
    PlanningRequest,
    StatutoryAdvice,
)
from sharing.statutory import forms as statutory_forms
from tests.sharing.statutory_fixtures import *  # noqa: F403 (fixtures)
from tests.sharing.statutory_fixtures import days_ago
from tests.ttw_safeguarding.url_samples import UNKNOWN
from ttw_safeguarding.records.models import Decision

pytestmark = pytest.mark.django_db

# Pages that take an adult's code, and the role that may use them.
ADULT_PAGES = [
    "sharing:adult_statutory",
    "sharing:advice_new",
    "sharing:planning_new",
    "sharing:court_direction_new",
    "sharing:dbs_disclosure_new",
]


def _record_fields(**extra):
    return {"facts": "Facts as known.", "professional_opinion": "", "reason": "Because.", **extra}


def advice_post(**extra):
    data = _record_fields(
        agency="lado",
        agency_name="Leeds LADO",
        adviser="Lee",
        advised_on=days_ago(1).isoformat(),
        question="Should Riverside FC be told?",
        advice="Yes, TTW tells them.",
        organisation_1="Riverside FC",
        told_by_1="ttw",
    )
    data.update(extra)
    return data


# --- access: the whole ladder -----------------------------------------------------


@pytest.mark.parametrize("name", [*ADULT_PAGES, "sharing:disciplinary_new"])
def test_adult_pages_require_sign_in(client, adult, name):
    url = reverse(name, args=[adult.code])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", [*ADULT_PAGES, "sharing:disciplinary_new"])
def test_adult_pages_refuse_staff_and_cmg(client_for, staff, cmg, adult, name):
    url = reverse(name, args=[adult.code])
    assert client_for(staff).get(url).status_code == 403
    assert client_for(cmg).post(url, advice_post()).status_code == 403
    assert Decision.objects.count() == 0


@pytest.mark.parametrize("name", ADULT_PAGES)
def test_adult_pages_open_for_officer_and_404_for_unknown_adult(client_for, officer, adult, name):
    assert client_for(officer).get(reverse(name, args=[adult.code])).status_code == 200
    assert client_for(officer).get(reverse(name, args=[UNKNOWN])).status_code == 404


def test_disciplinary_outcome_is_recorded_by_the_nso_only(client_for, officer, nso, adult):
    url = reverse("sharing:disciplinary_new", args=[adult.code])
    assert client_for(officer).get(url).status_code == 403
    assert client_for(nso).get(url).status_code == 200


@pytest.mark.parametrize(
    ("name", "allowed", "refused"),
    [
        ("sharing:statutory_list", "officer", "staff"),
        ("sharing:planning_register", "nso", "cmg"),
        ("sharing:cmg_list", "cmg", "staff"),
    ],
)
def test_list_pages_ladder(client, client_for, request, name, allowed, refused):
    url = reverse(name)
    assert client.get(url).status_code == 302
    assert client_for(request.getfixturevalue(refused)).get(url).status_code == 403
    assert client_for(request.getfixturevalue(allowed)).get(url).status_code == 200


def test_record_pages_on_records_the_user_may_not_see_are_404(
    client_for,
    officer,
    nso,
    cmg,
    make_user,
    adult,
    record_advice,
    record_planning,
    record_disclosure,
    record_disciplinary,
):
    from ttw_safeguarding.records import roles

    advice = record_advice(adult, officer)
    planning = record_planning(adult, officer)
    disclosure = record_disclosure(adult, officer, [cmg])
    restricted = record_disciplinary(
        adult, nso, removed_from_work_with_children=True, because_of_harm=True
    )
    # Another CMG member, to whom nothing was put.
    carl = make_user("carl", roles.CMG)
    assert (
        client_for(carl)
        .get(reverse("sharing:cmg_decision_new", args=[disclosure.code]))
        .status_code
        == 404
    )
    # The officer is not named on the restricted outcome: its duty page does not exist for them.
    assert (
        client_for(officer)
        .get(reverse("sharing:dbs_referral_new", args=[restricted.code]))
        .status_code
        == 404
    )
    # A code of the wrong kind is no record of that kind.
    assert (
        client_for(officer).get(reverse("sharing:advice_confirm", args=[planning.code])).status_code
        == 404
    )
    assert (
        client_for(officer)
        .get(reverse("sharing:planning_contribute", args=[advice.code]))
        .status_code
        == 404
    )
    for name in (
        "sharing:advice_confirm",
        "sharing:planning_contribute",
        "sharing:dbs_referral_new",
    ):
        assert client_for(officer).get(reverse(name, args=[UNKNOWN])).status_code == 404
    # Officers may see a disclosure but only CMG members record the decision.
    url = reverse("sharing:cmg_decision_new", args=[disclosure.code])
    assert client_for(officer).get(url).status_code == 403
    assert client_for(cmg).get(url).status_code == 200


# --- P6.3 advice, end to end ------------------------------------------------------


def test_officer_records_advice_and_then_that_the_organisation_was_told(
    client_for, officer, adult, django_capture_on_commit_callbacks
):
    c = client_for(officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = c.post(
            reverse("sharing:advice_new", args=[adult.code]),
            advice_post(organisation_2="Hilltop Scouts", told_by_2="agency"),
        )
    advice = StatutoryAdvice.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("decisions:detail", args=[advice.code])
    assert advice.recorded_by == officer and advice.case == adult.case
    assert advice.organisations == [
        {"name": "Riverside FC", "told_by": "ttw"},
        {"name": "Hilltop Scouts", "told_by": "agency"},
    ]
    page = c.get(response["Location"]).content.decode()
    assert "Riverside FC" in page and "Not yet confirmed" in page
    assert reverse("sharing:advice_confirm", args=[advice.code]) in page

    response = c.post(
        reverse("sharing:advice_confirm", args=[advice.code]),
        _record_fields(organisation="Riverside FC", told_on=days_ago(0).isoformat()),
    )
    assert response.status_code == 302
    confirmation = AdviceConfirmation.objects.get()
    assert confirmation.advice_id == advice.pk and confirmation.told_by == "ttw"
    page = c.get(reverse("decisions:detail", args=[advice.code])).content.decode()
    assert "Told " in page


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"organisation_1": "", "told_by_1": ""}, policy.ADVICE_NEEDS_ORGANISATION),
        ({"told_by_1": ""}, "Say who tells this organisation."),
        ({"told_by_1": "the-press"}, "Select a valid choice."),
        ({"agency": "mi5"}, "Select a valid choice."),
        (
            {"advised_on": (timezone.localdate() + dt.timedelta(days=3)).isoformat()},
            statutory_forms.NOT_IN_FUTURE,
        ),
        ({"advice": "x" * 100_000}, "Ensure this value has at most"),
        ({"question": "before\x00after"}, "Null characters are not allowed."),
        ({"question": "bell\x07"}, "Remove control characters"),
        ({"reason": ""}, "This field is required."),
        (
            {"organisation_2": "riverside fc", "told_by_2": "agency"},
            policy.ADVICE_ORGANISATION_TWICE,
        ),
    ],
)
def test_bad_advice_input_gets_a_message_and_records_nothing(
    client_for, officer, adult, change, message
):
    response = client_for(officer).post(
        reverse("sharing:advice_new", args=[adult.code]), advice_post(**change)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert 'id="error-summary"' in response.content.decode()
    assert Decision.objects.count() == 0


def test_html_in_advice_is_shown_as_text(client_for, officer, adult):
    c = client_for(officer)
    c.post(
        reverse("sharing:advice_new", args=[adult.code]),
        advice_post(organisation_1="<script>alert(1)</script>"),
    )
    advice = StatutoryAdvice.objects.get()
    page = c.get(reverse("decisions:detail", args=[advice.code])).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


# --- P6.4 planning -----------------------------------------------------------------


def test_officer_enters_a_request_and_records_the_contribution(client_for, officer, adult):
    c = client_for(officer)
    response = c.post(
        reverse("sharing:planning_new", args=[adult.code]),
        _record_fields(
            agency="social_care",
            agency_name="",
            request_kind="strategy_meeting",
            request="Attend the strategy meeting",
            received_on=days_ago(2).isoformat(),
            due_on=(timezone.localdate() + dt.timedelta(days=5)).isoformat(),
        ),
    )
    request = PlanningRequest.objects.get()
    assert response["Location"] == reverse("decisions:detail", args=[request.code])
    response = c.post(
        reverse("sharing:planning_contribute", args=[request.code]),
        _record_fields(
            contribution="Attended and gave records.", provided_on=days_ago(0).isoformat()
        ),
    )
    contribution = PlanningContribution.objects.get()
    assert contribution.request_id == request.pk
    # A second contribution is not offered: the page sends the user back to the record.
    again = c.get(reverse("sharing:planning_contribute", args=[request.code]))
    assert again.status_code == 302
    assert PlanningContribution.objects.count() == 1


def test_planning_due_before_received_is_refused_on_the_form(client_for, officer, adult):
    response = client_for(officer).post(
        reverse("sharing:planning_new", args=[adult.code]),
        _record_fields(
            agency="police",
            request_kind="investigation",
            request="r",
            received_on=days_ago(1).isoformat(),
            due_on=days_ago(5).isoformat(),
        ),
    )
    assert policy.PLANNING_DUE_BEFORE_RECEIVED in response.content.decode()
    assert Decision.objects.count() == 0


# --- P6.5 ---------------------------------------------------------------------------


def test_officer_records_a_court_direction(client_for, officer, adult):
    response = client_for(officer).post(
        reverse("sharing:court_direction_new", args=[adult.code]),
        _record_fields(
            court="Crown Court at Leeds",
            order_reference="T2026-44",
            order_date=days_ago(3).isoformat(),
            effect="permits",
            information="The conviction",
            recipients="Riverside FC",
            comply_by="",
        ),
    )
    direction = CourtDirection.objects.get()
    assert response["Location"] == reverse("decisions:detail", args=[direction.code])
    assert direction.effect == "permits" and direction.comply_by is None
    assert "P6.5" in direction.clauses


# --- P6.6 -----------------------------------------------------------------------------


def test_nso_records_a_restricted_outcome_naming_who_needs_to_know(
    client_for, nso, officer, officer2, adult
):
    response = client_for(nso).post(
        reverse("sharing:disciplinary_new", args=[adult.code]),
        _record_fields(
            concluded_on=days_ago(1).isoformat(),
            findings="Findings",
            sanction="final_warning",
            need_to_know=[officer.pk],
        ),
    )
    outcome = DisciplinaryOutcome.objects.get()
    assert response["Location"] == reverse("decisions:detail", args=[outcome.code])
    assert outcome.is_restricted
    assert outcome.need_to_know_names == ["Nadia", "Olivia"]
    # Told in-app, with no content: only that there is a record to open.
    note = officer.notifications.get()
    assert "Findings" not in note.message and note.url.endswith(f"{outcome.code}/")
    assert not officer2.notifications.exists()


def test_removal_because_of_harm_prompts_for_the_dbs_referral(client_for, nso, adult):
    c = client_for(nso)
    response = c.post(
        reverse("sharing:disciplinary_new", args=[adult.code]),
        _record_fields(
            concluded_on=days_ago(1).isoformat(),
            findings="Findings",
            sanction="dismissed",
            removed_from_work_with_children="on",
            because_of_harm="on",
        ),
    )
    outcome = DisciplinaryOutcome.objects.get()
    assert response["Location"] == reverse("sharing:dbs_referral_new", args=[outcome.code])
    page = c.get(response["Location"]).content.decode()
    assert "the law requires a referral to the Disclosure and Barring Service" in page
    # The home page keeps prompting until it is recorded.
    assert reverse("sharing:dbs_referral_new", args=[outcome.code]) in c.get("/").content.decode()

    response = c.post(
        reverse("sharing:dbs_referral_new", args=[outcome.code]),
        {"referral_made": "yes", "referred_on": "", "reason": "Harm to a child"},
    )
    assert policy.DBS_REFERRAL_DATE_REQUIRED in response.content.decode()
    response = c.post(
        reverse("sharing:dbs_referral_new", args=[outcome.code]),
        {
            "referral_made": "yes",
            "referred_on": days_ago(0).isoformat(),
            "dbs_reference": "DBS-1",
            "reason": "Harm to a child",
        },
    )
    duty = outcome.dbs_referral_duties.get()
    assert duty.referral_made and duty.referred_on == days_ago(0)
    assert duty.is_restricted
    assert (
        reverse("sharing:dbs_referral_new", args=[outcome.code]) not in c.get("/").content.decode()
    )


def test_no_prompt_without_harm(client_for, nso, adult):
    response = client_for(nso).post(
        reverse("sharing:disciplinary_new", args=[adult.code]),
        _record_fields(
            concluded_on=days_ago(1).isoformat(),
            findings="Findings",
            sanction="redeployed",
            removed_from_work_with_children="on",
        ),
    )
    outcome = DisciplinaryOutcome.objects.get()
    assert response["Location"] == reverse("decisions:detail", args=[outcome.code])


# --- P6.7 -----------------------------------------------------------------------------


def test_officer_puts_a_disclosure_to_chosen_cmg_members(
    client_for, officer, cmg, make_user, adult
):
    from ttw_safeguarding.records import roles

    carl = make_user("carl", roles.CMG)
    c = client_for(officer)
    form_page = c.get(reverse("sharing:dbs_disclosure_new", args=[adult.code])).content.decode()
    assert "Carol" in form_page and "Olivia" not in form_page.split("Put to")[1]
    response = c.post(
        reverse("sharing:dbs_disclosure_new", args=[adult.code]),
        _record_fields(
            certificate_issued_on=days_ago(9).isoformat(),
            concern="Caution for assault",
            members=[cmg.pk],
        ),
    )
    disclosure = DbsDisclosure.objects.get()
    assert response["Location"] == reverse("decisions:detail", args=[disclosure.code])
    assert list(disclosure.assignments.values_list("member", flat=True)) == [cmg.pk]
    assert cmg.notifications.count() == 1 and not carl.notifications.exists()


def test_disclosure_to_a_forged_member_is_refused(client_for, officer, officer2, adult):
    response = client_for(officer).post(
        reverse("sharing:dbs_disclosure_new", args=[adult.code]),
        _record_fields(
            certificate_issued_on=days_ago(9).isoformat(), concern="c", members=[officer2.pk]
        ),
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert Decision.objects.count() == 0


def _cmg_post(**extra):
    data = _record_fields(
        meeting_on=days_ago(1).isoformat(),
        member_1="Carol Chair",
        member_role_1="Chair",
        member_2="Ian Independent",
        member_independent_2="on",
        cmg_outcome=policy.CMG_UNSUITABLE,
        restrictions="",
    )
    data.update(extra)
    return data


def test_cmg_member_records_the_decision(client_for, officer, cmg, adult, record_disclosure):
    disclosure = record_disclosure(adult, officer, [cmg])
    c = client_for(cmg)
    url = reverse("sharing:cmg_decision_new", args=[disclosure.code])
    response = c.post(url, _cmg_post(member_independent_2=""))
    assert policy.CMG_INDEPENDENT_REQUIRED in response.content.decode()
    response = c.post(url, _cmg_post(cmg_outcome=policy.CMG_RESTRICTIONS))
    assert policy.CMG_RESTRICTIONS_REQUIRED in response.content.decode()
    assert CmgDecision.objects.count() == 0
    response = c.post(url, _cmg_post())
    decision = CmgDecision.objects.get()
    assert response["Location"] == reverse("decisions:detail", args=[decision.code])
    assert decision.members[1] == {"name": "Ian Independent", "role": "", "independent": True}
    assert decision.cmg_outcome == policy.CMG_UNSUITABLE
    # The officer who put it is told, and sees the decision.
    assert officer.notifications.filter(url__contains=str(decision.code)).exists()
    page = client_for(officer).get(reverse("decisions:detail", args=[decision.code]))
    assert "Unsuitable to work with children" in page.content.decode()


def test_case_page_links_each_adult_to_their_statutory_records(client_for, officer, adult, case):
    page = client_for(officer).get(reverse("cases:detail", args=[case.code])).content.decode()
    assert reverse("sharing:adult_statutory", args=[adult.code]) in page
