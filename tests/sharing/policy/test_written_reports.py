"""The written report after a share by phone or in person (``sharing.policy.written_reports``,
P6.9), both ways."""

from __future__ import annotations

import datetime as dt

import pytest

from sharing import policy

# A Thursday, Friday and Monday with no bank holiday between them.
THU = dt.date(2026, 11, 26)
FRI = dt.date(2026, 11, 27)
MON = dt.date(2026, 11, 30)


@pytest.mark.parametrize(
    ("method", "outcome", "today", "confirmed", "overdue"),
    [
        ("phone", policy.SHARE, FRI, False, False),  # due by the next working day
        ("phone", policy.SHARE, MON, False, True),
        ("meeting", policy.SHARE, MON, False, True),
        ("phone", policy.SHARE, MON, True, False),  # confirmed
        ("secure_email", policy.SHARE, MON, False, False),  # written already
        ("letter", policy.SHARE, MON, False, False),
        ("phone", policy.NO_SHARE, MON, False, False),  # nothing was shared
    ],
)
def test_written_report_after_phone_or_in_person_share_is_due_in_one_working_day(
    method, outcome, today, confirmed, overdue
):
    assert (
        policy.written_report_overdue(
            outcome=outcome, method=method, shared_on=THU, today=today, confirmed=confirmed
        )
        is overdue
    )


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({}, []),
        ({"method": "secure_email"}, [policy.WRITTEN_REPORT_NOT_DUE]),
        ({"outcome": policy.NO_SHARE}, [policy.WRITTEN_REPORT_NOT_DUE]),
        ({"sent_on": FRI + dt.timedelta(days=1)}, [policy.DATE_IN_FUTURE]),
        ({"sent_on": THU - dt.timedelta(days=1)}, [policy.WRITTEN_REPORT_SENT_BEFORE_SHARE]),
    ],
)
def test_written_report_sent_rule(kwargs, expected):
    arguments = {
        "outcome": policy.SHARE,
        "method": "phone",
        "shared_on": THU,
        "sent_on": FRI,
        "today": FRI,
        **kwargs,
    }
    assert [p.message for p in policy.written_report_sent_problems(**arguments)] == expected
