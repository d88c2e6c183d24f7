"""A follow-up that exists at most once is recorded once, whoever submits it and however fast.

Olivia (officer) records share decisions; Nadia and Neil (NSOs) both try to review each at the
same moment. Exactly one review is recorded; the other is told plainly who recorded it and
when, on the form, never a 500.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

import pytest
from django.db import connection, connections
from django.urls import reverse

from sharing import policy
from sharing.models import NSOReview
from sharing.services import nso_review_record
from tests.sharing.conftest import consented_share_fields
from tests.sharing.conftest import record_share as record_share  # fixture
from ttw_safeguarding.records.decisions import AlreadyRecorded, verify_chain
from ttw_safeguarding.records.models import Decision, RecordedOnce


def _backstop_warnings(caplog: Any) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.name == "ttw_safeguarding.records.decisions" and r.levelno >= logging.WARNING
    ]


def _review(share_decision: Any, actor: Any) -> NSOReview:
    return nso_review_record(
        share_decision=share_decision,
        actor=actor,
        verdict=policy.REVIEW_ENDORSE,
        comments="",
        action_required="",
        reason="The decision follows the policy.",
    )


@pytest.mark.django_db(transaction=True)
def test_two_nsos_reviewing_at_once_record_one_review_and_the_other_is_told(
    roles_after_flush, case, officer, nso, nso2, caplog
):
    """On PostgreSQL, where two transactions really run at once.

    The check runs under the chain lock, so the second writer sees the first one's record and
    never reaches the database's unique key. Moved before the lock (above ``_lock_chain()`` in
    ``decision_record``), both writers passed the check in every round: the second was then
    refused by the unique key, which logs the warning asserted below, and this test failed on
    ``caplog`` (seen on PostgreSQL 15 with 4 rounds).
    """
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers itself; the lock under test is PostgreSQL's")
    from sharing.services import share_decision_record

    rounds = 4
    shares = [
        share_decision_record(
            case=case,
            actor=officer,
            **consented_share_fields(case, officer, recipient_name=f"D{i}"),
        )
        for i in range(rounds)
    ]
    outcomes: list[tuple[int, str, Any]] = []
    lock = threading.Lock()

    def reviewer(actor: Any, barrier: threading.Barrier, index: int) -> None:
        try:
            barrier.wait()
            _review(shares[index], actor)
            result: tuple[str, Any] = ("recorded", actor)
        except AlreadyRecorded as exc:
            result = ("told", exc)
        except BaseException as exc:  # noqa: BLE001 - reported below
            result = ("error", exc)
        finally:
            connections.close_all()
        with lock:
            outcomes.append((index, *result))

    with caplog.at_level(logging.WARNING, logger="ttw_safeguarding.records.decisions"):
        for index in range(rounds):
            barrier = threading.Barrier(2)
            threads = [
                threading.Thread(target=reviewer, args=(actor, barrier, index))
                for actor in (nso, nso2)
            ]
            for t in threads:
                t.start()
            for t in threads:
                t.join()

    assert [o for o in outcomes if o[1] == "error"] == []
    for index, share in enumerate(shares):
        mine = [o for o in outcomes if o[0] == index]
        assert sorted(kind for _i, kind, _x in mine) == ["recorded", "told"]
        review = NSOReview.objects.get(share_decision=share)
        told = next(x for _i, kind, x in mine if kind == "told")
        name = review.recorded_by.get_full_name() or review.recorded_by.username
        assert told.messages[0].startswith(f"Already recorded by {name} on ")
        assert reverse("decisions:detail", args=[review.code]) in told.messages[0]
    assert RecordedOnce.objects.filter(key__startswith="nso_review:").count() == rounds
    # Refused under the lock every time: the database's backstop was never needed.
    assert _backstop_warnings(caplog) == []
    verify_chain()


@pytest.mark.django_db
def test_a_second_submit_of_the_review_form_is_told_on_the_form(
    case, officer, nso, nso2, client_for, record_share
):
    share = record_share(case, officer)
    url = reverse("sharing:review_new", args=[share.code])
    form = {"verdict": policy.REVIEW_ENDORSE, "reason": "Follows the policy."}
    # Both opened the page before either submitted it.
    assert client_for(nso).get(url).status_code == 200
    assert client_for(nso2).get(url).status_code == 200
    assert client_for(nso).post(url, form).status_code == 302
    second = client_for(nso2).post(url, form)
    assert second.status_code == 200
    review = NSOReview.objects.get()
    page = second.content.decode()
    assert "Already recorded by Nadia on " in page
    assert f'<a href="{reverse("decisions:detail", args=[review.code])}">' in page
    # A page opened afterwards says so up front.
    after = client_for(nso2).get(url, follow=True)
    assert "Already recorded by Nadia on " in after.content.decode()
    assert NSOReview.objects.count() == 1


@pytest.mark.django_db
def test_the_unique_key_answers_the_same_when_the_lock_is_bypassed(
    case, officer, nso, nso2, record_share, caplog
):
    """The backstop: a key already taken is refused by the database with the same answer."""
    share = record_share(case, officer)
    first = _review(share, nso)
    from ttw_safeguarding.records import decisions

    real = decisions.already_recorded
    calls = {"n": 0}

    def blind(once_key: str) -> Decision | None:
        # The check under the lock sees nothing (as a writer that skipped it would).
        calls["n"] += 1
        return None if calls["n"] == 1 else real(once_key)

    decisions.already_recorded = blind
    try:
        with caplog.at_level(logging.WARNING, logger="ttw_safeguarding.records.decisions"):
            with pytest.raises(AlreadyRecorded) as told:
                _review(share, nso2)
    finally:
        decisions.already_recorded = real
    assert told.value.existing.pk == first.pk
    assert len(_backstop_warnings(caplog)) == 1
    assert NSOReview.objects.count() == 1
