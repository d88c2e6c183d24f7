"""Issue 6: the planning register and overdue requests (P6.4), the CMG's view of the
cases put to it (P6.7), and query counts on the lists that do not grow with the data."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from sharing.statutory import selectors, services
from tests.sharing.statutory_fixtures import *  # noqa: F403 (fixtures)
from tests.sharing.statutory_fixtures import days_ago

pytestmark = pytest.mark.django_db


# --- P6.4 overdue requests --------------------------------------------------------


def test_overdue_planning_requests_show_on_officer_and_nso_home_pages(
    client_for, officer, nso, staff, cmg, adult, record_planning
):
    overdue = record_planning(adult, officer, due_on=days_ago(1))
    not_yet = record_planning(adult, officer, due_on=timezone.localdate() + dt.timedelta(days=4))
    for user in (officer, nso):
        page = client_for(user).get("/").content.decode()
        assert "Overdue planning requests" in page
        assert str(overdue.code) in page and str(not_yet.code) not in page
    for user in (staff, cmg):
        page = client_for(user).get("/").content.decode()
        assert "Overdue planning requests" not in page and str(overdue.code) not in page


def test_a_contribution_takes_a_request_off_the_overdue_list(
    client_for, officer, adult, record_planning
):
    overdue = record_planning(adult, officer, due_on=days_ago(1))
    assert selectors.overdue_planning_requests(officer) == [overdue]
    services.planning_contribution_record(
        request=overdue, actor=officer, contribution="Sent", provided_on=days_ago(0), reason="R"
    )
    assert selectors.overdue_planning_requests(officer) == []
    page = client_for(officer).get("/").content.decode()
    assert "Overdue planning requests" not in page


def test_planning_register_marks_overdue_and_contributed(
    client_for, officer, adult, record_planning
):
    overdue = record_planning(adult, officer, due_on=days_ago(1))
    done = record_planning(adult, officer, due_on=days_ago(2))
    services.planning_contribution_record(
        request=done, actor=officer, contribution="Sent", provided_on=days_ago(0), reason="R"
    )
    page = client_for(officer).get(reverse("sharing:planning_register")).content.decode()
    assert page.count("Overdue</span>") == 1
    assert reverse("sharing:planning_contribute", args=[overdue.code]) in page
    assert "Provided " in page


def test_planning_register_queries_do_not_grow(
    client_for, officer, adult, record_planning, django_assert_max_num_queries
):
    c = client_for(officer)
    record_planning(adult, officer)
    c.get(reverse("sharing:planning_register"))  # warm the session and content types
    with django_assert_max_num_queries(12) as few:
        c.get(reverse("sharing:planning_register"))
    for _ in range(4):
        request = record_planning(adult, officer)
    services.planning_contribution_record(
        request=request, actor=officer, contribution="Sent", provided_on=days_ago(0), reason="R"
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        c.get(reverse("sharing:planning_register"))


def test_statutory_list_queries_do_not_grow(
    client_for, officer, adult, record_advice, record_planning, django_assert_max_num_queries
):
    c = client_for(officer)
    record_advice(adult, officer)
    pages = [
        reverse("sharing:statutory_list"),
        reverse("sharing:adult_statutory", args=[adult.code]),
    ]
    counts = []
    c.get(pages[0])
    for url in pages:
        with django_assert_max_num_queries(12) as few:
            c.get(url)
        counts.append(len(few.captured_queries))
    for _ in range(3):
        record_advice(adult, officer)
        record_planning(adult, officer)
    for url, count in zip(pages, counts, strict=True):
        with django_assert_max_num_queries(count):
            c.get(url)


# --- P6.7 CMG members see the cases put to them, and nothing else -----------------


@pytest.fixture
def carl(make_user):
    """Carl, a second CMG member, to whom nothing is put."""
    from ttw_safeguarding.records import roles

    return make_user("carl", roles.CMG)


def test_cmg_member_sees_dbs_and_cmg_items_of_cases_put_to_them_only(
    client_for,
    officer,
    cmg,
    carl,
    adult,
    other_adult,
    record_disclosure,
    record_advice,
    record_cmg_decision,
    record_referral,
    case,
):
    mine = record_disclosure(adult, officer, [cmg])
    decision = record_cmg_decision(mine, cmg)
    not_mine = record_disclosure(other_adult, officer, [carl])
    advice = record_advice(adult, officer)
    referral = record_referral(case, officer)
    c = client_for(cmg)
    listing = c.get(reverse("sharing:cmg_list")).content.decode()
    assert str(mine.code) in listing and str(not_mine.code) not in listing
    assert c.get(reverse("decisions:detail", args=[mine.code])).status_code == 200
    assert c.get(reverse("decisions:detail", args=[decision.code])).status_code == 200
    # Other records of the same case, and other cases' disclosures, do not exist for them.
    for other in (not_mine, advice, referral):
        assert c.get(reverse("decisions:detail", args=[other.code])).status_code == 404
    assert c.get(reverse("sharing:cmg_decision_new", args=[not_mine.code])).status_code == 404
    # Nor do the officers' pages.
    assert c.get(reverse("sharing:statutory_list")).status_code == 403
    assert c.get(reverse("sharing:adult_statutory", args=[adult.code])).status_code == 403


def test_cmg_home_lists_what_waits_for_their_decision(
    client_for, officer, cmg, carl, adult, record_disclosure, record_cmg_decision
):
    waiting = record_disclosure(adult, officer, [cmg, carl])
    page = client_for(cmg).get("/").content.decode()
    assert str(waiting.code) in page
    record_cmg_decision(waiting, carl)
    page = client_for(cmg).get("/").content.decode()
    assert str(waiting.code) not in page and "Nothing is waiting for your decision" in page


def test_officers_see_every_disclosure_in_the_cmg_list(
    client_for, officer, cmg, carl, adult, other_adult, record_disclosure
):
    a = record_disclosure(adult, officer, [cmg])
    b = record_disclosure(other_adult, officer, [carl])
    listing = client_for(officer).get(reverse("sharing:cmg_list")).content.decode()
    assert str(a.code) in listing and str(b.code) in listing
    assert "Record the decision" not in listing


def test_cmg_list_queries_do_not_grow(
    client_for,
    officer,
    cmg,
    adult,
    record_disclosure,
    record_cmg_decision,
    django_assert_max_num_queries,
):
    c = client_for(cmg)
    record_disclosure(adult, officer, [cmg])
    c.get(reverse("sharing:cmg_list"))
    with django_assert_max_num_queries(12) as few:
        c.get(reverse("sharing:cmg_list"))
    for _ in range(3):
        record_cmg_decision(record_disclosure(adult, officer, [cmg]), cmg)
    with django_assert_max_num_queries(len(few.captured_queries)):
        c.get(reverse("sharing:cmg_list"))


def test_navigation_shows_each_role_its_statutory_pages(client_for, officer, cmg, staff):
    officer_nav = client_for(officer).get("/").content.decode()
    assert reverse("sharing:planning_register") in officer_nav
    assert reverse("sharing:statutory_list") in officer_nav
    cmg_nav = client_for(cmg).get("/").content.decode()
    assert reverse("sharing:cmg_list") in cmg_nav
    assert reverse("sharing:planning_register") not in cmg_nav
    staff_nav = client_for(staff).get("/").content.decode()
    assert reverse("sharing:cmg_list") not in staff_nav
    assert reverse("sharing:planning_register") not in staff_nav
