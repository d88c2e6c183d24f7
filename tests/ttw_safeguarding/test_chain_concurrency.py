"""Two people recording decisions at the same moment never fork the chain."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from cases.models import Referral
from ttw_safeguarding.records.decisions import decision_record, verify_chain
from ttw_safeguarding.records.models import Decision


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_one_chain(roles_after_flush, case, officer, officer2):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers itself; the lock under test is PostgreSQL's")
    per_writer = 15
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def writer(actor) -> None:
        try:
            barrier.wait()
            for i in range(per_writer):
                decision_record(
                    Referral(
                        case=case,
                        outcome=f"Referral {i} by {actor.username}",
                        reason="Threshold met",
                        agency="police",
                        agency_contact="Desk",
                        referred_at=timezone.now(),
                        method="phone",
                        information_shared="Concern",
                    ),
                    actor=actor,
                )
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(u,)) for u in (officer, officer2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert errors == []
    assert Decision.objects.count() == 2 * per_writer
    assert list(Decision.objects.values_list("sequence", flat=True)) == list(
        range(1, 2 * per_writer + 1)
    )
    assert verify_chain() == 2 * per_writer
