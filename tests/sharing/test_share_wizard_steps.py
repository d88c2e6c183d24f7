"""The share decision's steps follow the policy: the justification step is asked for exactly
when the policy says the share is without consent (P6.8)."""

from __future__ import annotations

from typing import Any

import pytest

from sharing import policy, views


class _Answers:
    def __init__(self, consent: str | None) -> None:
        self.consent = consent

    def answers_of(self, step: str) -> dict[str, Any]:
        assert step == "consent"
        return {} if self.consent is None else {"consent": self.consent}


@pytest.mark.parametrize(
    "consent",
    [policy.Consent.GIVEN, policy.Consent.REFUSED, policy.Consent.WITHDRAWN, None],
)
def test_the_justification_step_is_shown_when_the_share_is_without_consent(consent):
    shown = views._show_justification(_Answers(consent))  # type: ignore[arg-type]
    assert shown is policy.share_without_consent(consent or "")


def test_the_justification_step_asks_the_policy(monkeypatch):
    # The step follows the rule, not a copy of it: changing the rule changes the step.
    monkeypatch.setattr(policy, "share_without_consent", lambda consent: False)
    assert views._show_justification(_Answers(policy.Consent.REFUSED)) is False  # type: ignore[arg-type]
