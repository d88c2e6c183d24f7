"""NSO review: the queue, who may review what, and the review as a decision of its own.

Nadia and Neil are NSOs: each reviews the other's decisions, never their own.
Olivia (officer) decides, and may not review at all.
"""

from __future__ import annotations

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sharing import policy, selectors
from sharing.models import NSOReview
from tests.conftest import pdf_text
from ttw_safeguarding.records.models import Notification, WrittenReport

pytestmark = pytest.mark.django_db


def test_queue_lists_every_unreviewed_decision_and_nothing_else(
    client_for,
    officer,
    nso,
    nso2,
    case,
    record_share,
    record_consent,
    record_review,
    record_referral,
):
    share = record_share(case, officer)
    no_share = record_share(
        case, officer, share_outcome=policy.NO_SHARE, method="", urgency="", consent="refused"
    )
    reviewed = record_share(case, officer)
    record_review(reviewed, nso)
    record_consent(case, officer)
    record_referral(case, officer)
    mine = record_share(case, nso)

    queue = list(selectors.review_queue(user=nso2))
    assert queue == [share, no_share, mine]  # oldest first
    response = client_for(nso2).get(reverse("sharing:review_queue"))
    listed = [item.decision for item in response.context["items"]]
    assert listed == [share, no_share, mine]
    assert str(reviewed.short_code) not in response.content.decode()


def test_decision_made_by_an_nso_waits_for_another_nso_and_says_so(
    client_for, nso, nso2, case, record_share, record_review
):
    mine = record_share(case, nso)
    client = client_for(nso)
    queue_page = client.get(reverse("sharing:review_queue"))
    assert b"Your decision: waits for another NSO" in queue_page.content
    review_page = client.get(reverse("sharing:review_new", args=[mine.code]))
    assert review_page.status_code == 200
    assert b"waits for another National Safeguarding Officer" in review_page.content
    assert b"Record review" not in review_page.content
    # Posting anyway is refused; the service refuses too; nothing is recorded.
    post = client.post(
        reverse("sharing:review_new", args=[mine.code]), {"verdict": "endorse", "reason": "Fine"}
    )
    assert post.status_code == 403
    with pytest.raises(ValidationError) as refused:
        record_review(mine, nso)
    assert policy.REVIEW_OWN_DECISION in refused.value.messages
    assert NSOReview.objects.count() == 0
    # Another NSO reviews it, and it leaves the queue.
    record_review(mine, nso2)
    assert list(selectors.review_queue(user=nso)) == []


def test_nso_endorses_with_comments_and_the_review_shows_on_the_decision_page(
    client_for, officer, nso, case, record_share, django_capture_on_commit_callbacks
):
    share = record_share(case, officer)
    client = client_for(nso)
    url = reverse("sharing:review_new", args=[share.code])
    missing = client.post(url, {"verdict": "endorse_with_comments", "reason": "Proportionate"})
    assert policy.REVIEW_COMMENTS_REQUIRED in missing.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "verdict": "endorse_with_comments",
                "comments": "Next time, record the call time.",
                "reason": "Proportionate and timely.",
            },
        )
    review = NSOReview.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("decisions:detail", args=[review.code])
    page = client_for(officer).get(reverse("decisions:detail", args=[share.code]))
    assert b"Endorsed with comments" in page.content
    assert b"Next time, record the call time." in page.content
    assert b"Awaiting review" not in page.content
    report = WrittenReport.objects.get(decision=review)
    assert report.state == WrittenReport.State.READY
    text = pdf_text(report.pdf.open("rb").read())
    assert "NSO review" in text and share.short_code in text
    # A second review of the same decision is not offered.
    again = client.get(url)
    assert again.status_code == 302


def test_concern_needs_the_action_and_tells_the_decision_maker(
    officer, nso, case, record_share, record_review
):
    share = record_share(case, officer)
    with pytest.raises(ValidationError) as refused:
        record_review(share, nso, verdict=policy.REVIEW_CONCERN)
    assert policy.REVIEW_ACTION_REQUIRED in refused.value.messages
    review = record_review(
        share, nso, verdict=policy.REVIEW_CONCERN, action_required="Tell the family today."
    )
    notice = Notification.objects.get(recipient=officer)
    assert share.short_code in notice.message
    assert notice.url == reverse("decisions:detail", args=[review.code])
    assert "Tell the family" not in notice.message  # no case detail in notices


def test_review_overdue_after_five_working_days(nso, officer, case, record_share):
    import datetime as dt

    from django.utils import timezone

    share = record_share(case, officer)
    decided_on = timezone.localdate(share.recorded_at)
    items = selectors.review_queue_items(
        user=nso, decisions=[share], today=policy.review_due_on(decided_on)
    )
    assert not items[0].is_overdue
    later = policy.review_due_on(decided_on) + dt.timedelta(days=1)
    items = selectors.review_queue_items(user=nso, decisions=[share], today=later)
    assert items[0].is_overdue


def test_queue_query_count_does_not_grow(
    client_for, django_assert_max_num_queries, officer, nso, case, record_share
):
    client = client_for(nso)
    record_share(case, officer)
    client.get(reverse("sharing:review_queue"))
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("sharing:review_queue"))
    for _ in range(5):
        record_share(case, officer)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("sharing:review_queue"))
    assert len(response.context["items"]) == 6


def test_home_shows_the_nso_the_decisions_awaiting_review(
    client_for, officer, nso, case, record_share
):
    record_share(case, officer)
    assert b"Decisions awaiting review" in client_for(nso).get(reverse("home")).content
    assert b"Decisions awaiting review" not in client_for(officer).get(reverse("home")).content


# --- access -----------------------------------------------------------------------------


def test_review_pages_require_sign_in(client, officer, case, record_share):
    share = record_share(case, officer)
    for url in [reverse("sharing:review_queue"), reverse("sharing:review_new", args=[share.code])]:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    response = client.post(reverse("sharing:review_new", args=[share.code]), {})
    assert response.status_code == 302


@pytest.mark.parametrize("persona", ["officer", "staff", "cmg", "sysadmin", "norole"])
def test_only_the_nso_reviews(request, client_for, officer, case, record_share, persona):
    share = record_share(case, officer)
    client = client_for(request.getfixturevalue(persona))
    assert client.get(reverse("sharing:review_queue")).status_code == 403
    url = reverse("sharing:review_new", args=[share.code])
    assert client.get(url).status_code == 403
    assert client.post(url, {"verdict": "endorse", "reason": "x"}).status_code == 403
    assert NSOReview.objects.count() == 0


def test_review_of_an_unknown_or_non_share_decision_is_404(
    client_for, nso, officer, case, record_referral
):
    referral = record_referral(case, officer)
    client = client_for(nso)
    assert client.get(reverse("sharing:review_new", args=[uuid.uuid4()])).status_code == 404
    assert client.get(reverse("sharing:review_new", args=[referral.code])).status_code == 404


def test_review_page_shows_the_decision_under_review_in_full_with_its_report(
    client_for, officer, nso, case, record_share
):
    share = record_share(
        case, officer, facts="The child said <b>an adult</b> hit them.", reason="To protect."
    )
    page = client_for(nso).get(reverse("sharing:review_new", args=[share.code]))
    content = page.content.decode()
    assert "The decision under review" in content
    # Its facts, opinion, reason, details and clauses, as on the decision page, escaped.
    assert "The child said &lt;b&gt;an adult&lt;/b&gt; hit them." in content
    assert share.professional_opinion in content
    assert "Dana Duty" in content and "P6.8" in content
    assert reverse("decisions:report", args=[share.code]) in content
    assert 'name="verdict"' in content
    assert content.count("<h1") == 1
