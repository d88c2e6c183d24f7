"""P6.6: the access mechanism's rule for restricted records answers as the policy states it
(``sharing.policy.need_to_know``), for every persona.

Nadia (NSO) records a disciplinary outcome naming Oscar (officer2). Nadia sees it as every
NSO does, Oscar because he is named; Olivia (officer) and Sam (staff) are not named and do
not see it; anyone may see an ordinary record on the same case that their role shows them.
"""

from __future__ import annotations

import pytest

from sharing import policy
from tests.sharing.statutory_fixtures import *  # noqa: F403 (fixtures)
from ttw_safeguarding.records import access, need_to_know
from ttw_safeguarding.records.models import Decision

pytestmark = pytest.mark.django_db


@pytest.fixture
def outcome(adult, nso, officer2, record_disciplinary):
    return record_disciplinary(adult, nso, need_to_know=[officer2])


@pytest.mark.parametrize("persona", ["nso", "officer", "officer2", "staff"])
def test_who_sees_a_restricted_record_is_the_policy_rule(request, persona, outcome) -> None:
    user = request.getfixturevalue(persona)
    named = user.pk in {u.pk for u in need_to_know.names_of(outcome)}

    seen = (
        Decision.objects.filter(pk=outcome.pk)
        .filter(
            need_to_know.visible(
                user, sees_every_restricted_record=access.can_view_restricted(user)
            )
        )
        .exists()
    )

    assert seen == policy.may_see_restricted(
        sees_every_restricted_record=access.can_view_restricted(user), named_on_it=named
    )


def test_a_restricted_record_names_its_recorder_first_and_asks_a_reason(nso, officer2, outcome):
    assert [u.pk for u in need_to_know.names_of(outcome)] == [
        u.pk for u in policy.named_on_new_record(nso, [officer2])
    ]
    assert need_to_know.reason_required_to_open(outcome)
    assert need_to_know.reason_required_to_open(outcome) == policy.reason_required_to_open(
        is_restricted=outcome.is_restricted
    )


def test_an_ordinary_record_names_nobody_and_opens_without_a_reason(adult, officer, record_advice):
    advice = record_advice(adult, officer)

    assert need_to_know.names_of(advice) == []
    assert not need_to_know.reason_required_to_open(advice)


def test_candidates_are_the_active_accounts_holding_a_role(nso, officer, norole):
    candidates = set(need_to_know.candidates())

    assert {nso, officer} <= candidates
    assert norole not in candidates
