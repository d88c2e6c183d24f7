"""The board safeguarding lead reviews the share decisions an NSO made, and sees only those.

Nadia (NSO) decides on her own where she is the only NSO: nobody else could review that.
Bea (board safeguarding lead) reviews it; she never sees an officer's decision, a case page,
or a restricted record she is not named on. Olivia (officer) decides too.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse

from sharing import policy, selectors
from sharing.models import NSOReview
from ttw_safeguarding.records import roles

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("reviewer_is_nso", "reviewer_is_board_lead", "decided_by_nso", "expected"),
    [
        (True, False, False, []),
        (True, False, True, []),
        (False, True, True, []),
        (False, True, False, [policy.REVIEW_BOARD_ONLY_NSO_DECISIONS]),
        (False, False, True, [policy.REVIEW_NOT_A_REVIEWER]),
        (False, False, False, [policy.REVIEW_NOT_A_REVIEWER]),
    ],
)
def test_who_reviews(reviewer_is_nso, reviewer_is_board_lead, decided_by_nso, expected):
    problems = policy.reviewer_problems(
        reviewer_is_nso=reviewer_is_nso,
        reviewer_is_board_lead=reviewer_is_board_lead,
        decided_by_nso=decided_by_nso,
    )
    assert [p.message for p in problems] == expected


def test_the_role_is_a_group_with_its_own_permission():
    group = Group.objects.get(name=roles.BOARD)
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert codenames == set(roles.ROLE_PERMISSIONS[roles.BOARD])
    assert roles.REVIEW_NSO_DECISIONS in codenames and roles.MANAGE_CASES not in codenames


def test_the_board_lead_reviews_the_nsos_own_decision(
    client_for, case, officer, nso, board, record_share
):
    own = record_share(case, nso)
    officers = record_share(case, officer, recipient_name="Someone else")
    # The queue holds only the NSO's decision.
    assert list(selectors.review_queue(user=board)) == [own]
    client = client_for(board)
    queue = client.get(reverse("sharing:review_queue")).content.decode()
    assert reverse("sharing:review_new", args=[own.code]) in queue
    assert str(officers.code) not in queue
    home = client.get(reverse("home")).content.decode()
    assert reverse("sharing:review_queue") in home  # navigation shows the queue
    assert f'href="{reverse("cases:list")}"' not in home
    # The review page and the written report of the decision open; the review is recorded.
    url = reverse("sharing:review_new", args=[own.code])
    assert client.get(url).status_code == 200
    assert client.get(reverse("decisions:report", args=[own.code])).status_code == 200
    response = client.post(url, {"verdict": policy.REVIEW_ENDORSE, "reason": "Follows P6."})
    review = NSOReview.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("decisions:detail", args=[review.code])
    assert review.share_decision == own and review.recorded_by == board
    assert client.get(response.url).status_code == 200
    assert list(selectors.review_queue(user=board)) == []


def test_the_board_lead_sees_nothing_else(
    client_for, case, officer, nso, board, record_share, record_consent
):
    officers = record_share(case, officer)
    consent = record_consent(case, nso)
    client = client_for(board)
    # An officer's decision does not exist for her, nor its report, review page or case.
    for url in (
        reverse("decisions:detail", args=[officers.code]),
        reverse("decisions:report", args=[officers.code]),
        reverse("sharing:review_new", args=[officers.code]),
        reverse("decisions:detail", args=[consent.code]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.get(reverse("cases:detail", args=[case.code])).status_code == 403
    assert client.get(reverse("audit:log")).status_code == 403


def test_the_service_refuses_the_board_lead_an_officers_decision(
    case, officer, board, record_share, record_review
):
    officers = record_share(case, officer)
    with pytest.raises(ValidationError) as refused:
        record_review(officers, board)
    assert policy.REVIEW_BOARD_ONLY_NSO_DECISIONS in refused.value.messages
    assert NSOReview.objects.count() == 0


def test_the_service_refuses_a_reviewer_without_the_role(
    case, nso, officer, record_share, record_review
):
    own = record_share(case, nso)
    with pytest.raises(ValidationError) as refused:
        record_review(own, officer)
    assert policy.REVIEW_NOT_A_REVIEWER in refused.value.messages
    assert NSOReview.objects.count() == 0


def test_a_restricted_nso_decision_is_not_shown_to_the_board_lead(
    client_for, case, nso, board, django_capture_on_commit_callbacks
):
    """P6.6: a restricted record is seen only by the people named on it, the board lead too."""
    from sharing.models import ShareDecision
    from tests.sharing.conftest import consented_share_fields
    from ttw_safeguarding.records.decisions import decision_record

    fields = consented_share_fields(case, nso)
    with django_capture_on_commit_callbacks(execute=True):
        restricted = decision_record(
            ShareDecision(case=case, outcome="Share within TTW", **fields),
            actor=nso,
            need_to_know=[nso],
        )
    assert restricted.is_restricted
    assert list(selectors.review_queue(user=board)) == []
    url = reverse("decisions:detail", args=[restricted.code])
    assert client_for(board).get(url).status_code == 404
    assert (
        client_for(board).get(reverse("sharing:review_new", args=[restricted.code])).status_code
        == 404
    )
