"""The NSO review of share decisions (``sharing.policy.review``), both ways."""

from __future__ import annotations

import datetime as dt

import pytest

from sharing import policy

# A Thursday, Friday and Monday with no bank holiday between them.
THU = dt.date(2026, 11, 26)
FRI = dt.date(2026, 11, 27)
MON = dt.date(2026, 11, 30)


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"verdict": policy.REVIEW_ENDORSE}, []),
        ({"verdict": policy.REVIEW_ENDORSE_WITH_COMMENTS, "comments": "Good"}, []),
        ({"verdict": policy.REVIEW_CONCERN, "action_required": "Tell the family"}, []),
        ({"verdict": policy.REVIEW_ENDORSE, "reviewer_id": 2}, [policy.REVIEW_OWN_DECISION]),
        ({"verdict": policy.REVIEW_ENDORSE_WITH_COMMENTS}, [policy.REVIEW_COMMENTS_REQUIRED]),
        ({"verdict": policy.REVIEW_CONCERN}, [policy.REVIEW_ACTION_REQUIRED]),
    ],
)
def test_review_rule(kwargs, expected):
    arguments = {
        "reviewer_id": 1,
        "decided_by_id": 2,
        "comments": "",
        "action_required": "",
        **kwargs,
    }
    arguments["decided_by_id"] = 2
    assert [p.message for p in policy.review_problems(**arguments)] == expected


def test_nobody_reviews_their_own_decision():
    assert policy.may_review(reviewer_id=1, decided_by_id=2)
    assert not policy.may_review(reviewer_id=2, decided_by_id=2)


@pytest.mark.parametrize(
    ("today", "reviewed", "overdue"),
    [
        (dt.date(2026, 12, 3), False, False),  # fifth working day: due, not overdue
        (dt.date(2026, 12, 4), False, True),  # more than five working days
        (dt.date(2026, 12, 4), True, False),  # reviewed: never overdue
    ],
)
def test_review_is_overdue_after_five_working_days(today, reviewed, overdue):
    assert policy.review_overdue(decided_on=THU, today=today, reviewed=reviewed) is overdue
