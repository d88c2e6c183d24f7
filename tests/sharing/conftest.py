"""Fixtures of the sharing tests: decisions recorded through the real services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from sharing import policy, services


def share_fields(**overrides: Any) -> dict[str, Any]:
    """A complete share decision with consent given, by secure e-mail."""
    fields: dict[str, Any] = {
        "purpose": "To protect the child from further harm at home.",
        "information": "The child's account of being hit, and the dates.",
        "about_referral_information": False,
        "recipient_organisation": "Northshire Children's Social Care",
        "recipient_name": "Dana Duty",
        "recipient_role": "Duty social worker",
        "recipient_contact": "0100 000 0000",
        "consent": policy.Consent.GIVEN,
        "consent_record": None,
        "significant_harm_justification": "",
        "lawful_basis": "dpa_safeguarding",
        "basis": policy.Basis.SAFEGUARDING,
        "cited_decision": None,
        "urgency": "urgent",
        "method": "secure_email",
        "facts": "The child said an adult at home hit them on Monday.",
        "professional_opinion": "The child seemed frightened to go home.",
        "share_outcome": policy.SHARE,
        "reason": "Sharing is necessary to protect the child.",
    }
    fields.update(overrides)
    return fields


def consent_given_record(case: Any, actor: Any, **overrides: Any) -> Any:
    """The parent's consent given, recorded through the service: what "consent given" cites."""
    fields: dict[str, Any] = {
        "whose": "parent_carer",
        "person_name": "Pat Parent",
        "was_sought": True,
        "answer": policy.Consent.GIVEN,
        "occurred_on": timezone.localdate() - dt.timedelta(days=1),
        "not_sought_because": "",
        "not_sought_explanation": "",
        "facts": "Asked by phone; agreed to the referral.",
        "professional_opinion": "",
        "reason": "Consent sought before sharing, as P6.8 expects.",
    }
    fields.update(overrides)
    return services.consent_record_record(case=case, actor=actor, **fields)


def consented_share_fields(case: Any, actor: Any, **overrides: Any) -> dict[str, Any]:
    """``share_fields`` whose "consent given" cites a consent record of ``case`` (P6.8).

    Reuses the case's given consent when there is one, so tests that build many shares
    record the consent once.
    """
    from sharing.models import ConsentRecord

    fields = share_fields(**overrides)
    if fields["consent"] == policy.Consent.GIVEN and fields["consent_record"] is None:
        given = ConsentRecord.objects.filter(case=case, was_sought=True, answer="given").first()
        fields["consent_record"] = given or consent_given_record(case, actor)
    return fields


@pytest.fixture
def record_share(django_capture_on_commit_callbacks) -> Callable[..., Any]:
    """Record a share decision through the service, running after-commit work (the report).

    "Consent given" (the default) cites the case's given consent, recorded first if needed.
    """

    def _record(case, actor, **overrides: Any):
        with django_capture_on_commit_callbacks(execute=True):
            return services.share_decision_record(
                case=case, actor=actor, **consented_share_fields(case, actor, **overrides)
            )

    return _record


@pytest.fixture
def record_consent(django_capture_on_commit_callbacks) -> Callable[..., Any]:
    def _record(case, actor, **overrides: Any):
        fields: dict[str, Any] = {
            "whose": "parent_carer",
            "person_name": "Pat Parent",
            "was_sought": True,
            "answer": policy.Consent.GIVEN,
            "occurred_on": timezone.localdate() - dt.timedelta(days=1),
            "not_sought_because": "",
            "not_sought_explanation": "",
            "facts": "Asked by phone; agreed to the referral.",
            "professional_opinion": "",
            "reason": "Consent sought before sharing, as P6.8 expects.",
        }
        fields.update(overrides)
        with django_capture_on_commit_callbacks(execute=True):
            return services.consent_record_record(case=case, actor=actor, **fields)

    return _record


@pytest.fixture
def record_review(django_capture_on_commit_callbacks) -> Callable[..., Any]:
    def _record(share_decision, actor, **overrides: Any):
        fields: dict[str, Any] = {
            "verdict": policy.REVIEW_ENDORSE,
            "comments": "",
            "action_required": "",
            "reason": "The decision follows the policy.",
        }
        fields.update(overrides)
        with django_capture_on_commit_callbacks(execute=True):
            return services.nso_review_record(share_decision=share_decision, actor=actor, **fields)

    return _record
