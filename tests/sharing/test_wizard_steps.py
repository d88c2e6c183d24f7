"""The share decision's steps: each refuses its own missing answer, Back keeps what was typed,
and the check page has a Change link per answer that comes back to the check page.

Olivia (officer) decides.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from sharing import policy
from sharing.models import ShareDecision
from tests.sharing.test_share_decision import ANSWERS, _post_step, walk

pytestmark = pytest.mark.django_db


def _url(case) -> str:
    return reverse("sharing:share_new", args=[case.code])


def _back(client, case, step: str, data: dict[str, str], to: str):
    payload = {f"share_decision_{case.code}-current_step": step, "wizard_goto_step": to}
    payload.update({f"{step}-{name}": value for name, value in data.items()})
    return client.post(_url(case), payload)


def _current(response) -> str:
    return response.context["wizard"]["steps"].current


def test_each_step_refuses_its_own_missing_answer(client_for, officer, case):
    client = client_for(officer)
    client.get(_url(case))
    for step, field, message in [
        ("purpose", "purpose", policy.PURPOSE_REQUIRED),
        ("information", "information", policy.INFORMATION_REQUIRED),
        ("recipient", "recipient_organisation", policy.RECIPIENT_REQUIRED),
        ("consent", "consent", policy.CONSENT_POSITION_REQUIRED),
    ]:
        empty = {name: "" for name in ANSWERS[step]}
        response = _post_step(client, case, step, empty)
        assert _current(response) == step
        assert message in response.context["form"].errors[field]
        given = {"consent": "refused"} if step == "consent" else ANSWERS[step]
        response = _post_step(client, case, step, given)
        assert not response.context["form"].errors


def test_share_without_justification_is_refused_on_the_justification_step(
    client_for, officer, case
):
    client = client_for(officer)
    response = walk(client, case, consent={"consent": "refused"})
    # The outcome (a share) is what makes the justification required: the decision goes back
    # to the justification step, whose field carries the P6.8 message.
    assert _current(response) == "justification"
    errors = response.context["form"].errors["significant_harm_justification"]
    assert policy.JUSTIFICATION_REQUIRED in errors
    # The step now refuses its own missing answer.
    again = _post_step(client, case, "justification", {"significant_harm_justification": ""})
    assert _current(again) == "justification"
    assert (
        policy.JUSTIFICATION_REQUIRED
        in again.context["form"].errors["significant_harm_justification"]
    )
    # Given, it goes straight back to the check page, and records.
    check = _post_step(
        client,
        case,
        "justification",
        {"significant_harm_justification": "Asking would alert the abuser."},
    )
    assert _current(check) == "check"
    done = _post_step(client, case, "check", {})
    assert done.status_code == 302
    assert ShareDecision.objects.get().significant_harm_justification == (
        "Asking would alert the abuser."
    )


def test_share_without_method_is_refused_on_the_method_step(client_for, officer, case):
    client = client_for(officer)
    response = walk(client, case, method={"urgency": "", "method": ""})
    assert _current(response) == "method"
    assert policy.METHOD_REQUIRED in response.context["form"].errors["method"]
    again = _post_step(client, case, "method", {"urgency": "", "method": ""})
    assert policy.METHOD_REQUIRED in again.context["form"].errors["method"]
    assert ShareDecision.objects.count() == 0


def test_no_share_needs_no_justification_or_method(client_for, officer, case):
    response = walk(
        client_for(officer),
        case,
        consent={"consent": "refused"},
        method={"urgency": "", "method": ""},
        outcome={"share_outcome": "no_share", "reason": "Not necessary."},
    )
    assert response.status_code == 302
    assert ShareDecision.objects.get().share_outcome == policy.NO_SHARE


def test_back_keeps_what_was_typed(client_for, officer, case):
    client = client_for(officer)
    client.get(_url(case))
    _post_step(client, case, "purpose", ANSWERS["purpose"])
    # Typed on the information step, then Back: the purpose is shown as answered...
    back = _back(client, case, "information", {"information": "Half-typed account"}, "purpose")
    assert _current(back) == "purpose"
    assert ANSWERS["purpose"]["purpose"] in back.content.decode()
    # ...and Next shows the information step with what was typed there, even unfinished.
    forward = _post_step(client, case, "purpose", ANSWERS["purpose"])
    assert _current(forward) == "information"
    assert "Half-typed account" in forward.content.decode()


def test_check_page_has_a_change_link_per_answer_returning_to_check(client_for, officer, case):
    client = client_for(officer)
    answers = {step: data for step, data in ANSWERS.items() if step != "check"}
    check = walk_to_check(client, case, officer, answers)
    assert _current(check) == "check"
    page = check.content.decode()
    rows = check.context["summary"]
    assert page.count('name="change_step"') == len(rows)
    for _label, _value, step in rows:
        assert f'name="change_step" value="{step}"' in page
    # Change the recipient: its step, with its answers; then straight back to the check page.
    change = client.post(_url(case), {"change_step": "recipient"})
    assert _current(change) == "recipient"
    assert "Dana Duty" in change.content.decode()
    changed = _post_step(
        client, case, "recipient", {**ANSWERS["recipient"], "recipient_name": "Dev Duty"}
    )
    assert _current(changed) == "check"
    assert "Dev Duty" in changed.content.decode()
    done = _post_step(client, case, "check", {})
    assert done.status_code == 302
    assert ShareDecision.objects.get().recipient_name == "Dev Duty"


def test_change_of_consent_asks_the_new_step_before_the_check(client_for, officer, case):
    client = client_for(officer)
    answers = {step: data for step, data in ANSWERS.items() if step != "check"}
    walk_to_check(client, case, officer, answers)
    client.post(_url(case), {"change_step": "consent"})
    # Refused now: the justification step applies, and is asked before the check page.
    response = _post_step(client, case, "consent", {"consent": "refused"})
    assert _current(response) == "justification"
    # Answered, it goes back to the check page, which shows the new answer.
    check = _post_step(
        client, case, "justification", {"significant_harm_justification": "Asking alerts them."}
    )
    assert _current(check) == "check"
    assert "Asking alerts them." in check.content.decode()


def walk_to_check(client, case, actor, answers):
    from tests.sharing.conftest import consented_share_fields

    record = consented_share_fields(case, actor)["consent_record"]
    answers = {**answers, "consent": {"consent": "given", "consent_record": str(record.code)}}
    response = None
    for step, data in answers.items():
        if step == "justification":
            continue
        response = _post_step(client, case, step, data)
    return response
