"""Share and no-share decisions: the guided form, the policy it enforces, record and report.

Olivia (officer) decides; Nadia (NSO) sees everything; Sam (staff) and Carol
(CMG) may not record share decisions at all.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse

from sharing import policy, services
from sharing.models import ShareDecision
from tests.conftest import pdf_text
from tests.sharing.conftest import consented_share_fields, share_fields
from ttw_safeguarding.records.models import Decision, WrittenReport

pytestmark = pytest.mark.django_db

# What an officer types at each step of the guided form (the flowchart's order).
ANSWERS: dict[str, dict[str, str]] = {
    "purpose": {"purpose": "To protect the child from further harm at home."},
    "information": {"information": "The child's account of being hit."},
    "recipient": {
        "recipient_organisation": "Northshire Children's Social Care",
        "recipient_name": "Dana Duty",
        "recipient_role": "Duty social worker",
        "recipient_contact": "0100 000 0000",
    },
    "consent": {"consent": "given"},
    "justification": {"significant_harm_justification": ""},
    "basis": {"lawful_basis": "dpa_safeguarding", "basis": "safeguarding"},
    "method": {"urgency": "urgent", "method": "phone"},
    "facts": {
        "facts": "The child said an adult at home hit them.",
        "professional_opinion": "The child seemed frightened.",
    },
    "outcome": {"share_outcome": "share", "reason": "Necessary to protect the child."},
    "check": {},
}


def _post_step(client, case, step: str, data: dict[str, str]):
    url = reverse("sharing:share_new", args=[case.code])
    payload = {f"share_decision_{case.code}-current_step": step}
    payload.update({f"{step}-{name}": value for name, value in data.items()})
    return client.post(url, payload)


def walk(client, case, **changes: dict[str, str]):
    """Go through the steps with ANSWERS (updated by ``changes``); return the last response.

    "Consent given" with no record named cites the case's given consent, recorded first by the
    signed-in user (P6.8).
    """
    answers = {step: {**data, **changes.get(step, {})} for step, data in ANSWERS.items()}
    if answers["consent"]["consent"] == "given" and "consent_record" not in answers["consent"]:
        actor = get_user_model().objects.get(pk=client.session["_auth_user_id"])
        record = consented_share_fields(case, actor)["consent_record"]
        answers["consent"]["consent_record"] = str(record.code)
    response = None
    for step, data in answers.items():
        if step == "justification" and answers["consent"]["consent"] == "given":
            continue
        response = _post_step(client, case, step, data)
        if response.status_code != 200 or response.context["form"].errors:
            return response
    return response


def test_officer_records_a_share_through_the_steps(client_for, officer, case):
    client = client_for(officer)
    first = client.get(reverse("sharing:share_new", args=[case.code]))
    assert first.status_code == 200
    assert b"<title>Share decision, step 1" in first.content
    response = walk(client, case)
    decision = ShareDecision.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("decisions:detail", args=[decision.code])
    assert decision.share_outcome == policy.SHARE
    assert decision.outcome == "Share with Northshire Children's Social Care"
    assert decision.recorded_by == officer
    assert decision.clauses == ["P6.1", "P6.8", "P6.9", "P6.10", "P6.11"]
    page = client.get(response.url)
    assert b"P6.8" in page.content and b"Awaiting review" in page.content
    # Shared by phone: the written report must follow (P6.9), and the page says so.
    assert b"the written report is due by" in page.content


def test_check_step_shows_the_whole_decision_before_recording(client_for, officer, case):
    client = client_for(officer)
    answers = dict(ANSWERS)
    record = consented_share_fields(case, officer)["consent_record"]
    answers["consent"] = {"consent": "given", "consent_record": str(record.code)}
    for step in list(answers)[:-1]:
        if step == "justification":
            continue
        response = _post_step(client, case, step, answers[step])
    assert response.context["wizard"]["steps"].current == "check"
    assert b"Dana Duty" in response.content
    assert b"Record the decision" in response.content
    assert ShareDecision.objects.count() == 0


def test_share_without_consent_and_without_justification_is_refused_naming_p68(
    client_for, officer, case
):
    client = client_for(officer)
    response = walk(client, case, consent={"consent": "refused"})
    assert response.status_code == 200
    # Refused on the justification step itself, to which the share decision goes back.
    assert response.context["wizard"]["steps"].current == "justification"
    errors = response.context["form"].errors["significant_harm_justification"]
    assert policy.JUSTIFICATION_REQUIRED in errors
    assert "P6.8" in response.content.decode()
    assert ShareDecision.objects.count() == 0
    # The same decision through the service: refused, nothing left behind.
    with pytest.raises(ValidationError) as refused:
        services.share_decision_record(
            case=case, actor=officer, **share_fields(consent=policy.Consent.REFUSED)
        )
    assert policy.JUSTIFICATION_REQUIRED in refused.value.messages
    assert Decision.objects.count() == 0 and WrittenReport.objects.count() == 0


def test_share_without_consent_with_justification_is_recorded(
    client_for, officer, case, record_consent
):
    not_sought = record_consent(
        case, officer, was_sought=False, answer="", not_sought_because="significant_harm"
    )
    client = client_for(officer)
    response = walk(
        client,
        case,
        consent={"consent": "not_sought", "consent_record": str(not_sought.code)},
        justification={"significant_harm_justification": "Asking would alert the abuser."},
    )
    assert response.status_code == 302
    decision = ShareDecision.objects.get()
    assert decision.consent == policy.Consent.NOT_SOUGHT
    assert decision.significant_harm_justification == "Asking would alert the abuser."


def test_no_share_of_threshold_referral_information_is_refused_naming_p62(
    client_for, officer, case
):
    case.meets_referral_threshold = True
    case.threshold_rationale = "Physical harm disclosed."
    case.save()
    client = client_for(officer)
    response = walk(
        client,
        case,
        information={"about_referral_information": "on"},
        outcome={"share_outcome": "no_share"},
    )
    assert response.status_code == 200
    assert policy.NO_SHARE_REFUSED_THRESHOLD in response.context["form"].errors["share_outcome"]
    assert ShareDecision.objects.count() == 0
    # Sharing the same information is allowed, and rests on P6.2.
    response = walk(client, case, information={"about_referral_information": "on"})
    assert response.status_code == 302
    assert "P6.2" in ShareDecision.objects.get().clauses


def _report_text(decision) -> str:
    return pdf_text(WrittenReport.objects.get(decision=decision).pdf.open("rb").read())


def test_no_share_decision_produces_its_record_and_report_exactly_like_a_share(
    officer, case, record_share
):
    shared = record_share(case, officer)
    not_shared = record_share(
        case,
        officer,
        share_outcome=policy.NO_SHARE,
        consent=policy.Consent.REFUSED,
        method="",
        urgency="",
        reason="The family's GP already holds this; sharing adds nothing for the child.",
    )
    for decision in (shared, not_shared):
        report = WrittenReport.objects.get(decision=decision)
        assert report.state == WrittenReport.State.READY
        text = pdf_text(report.pdf.open("rb").read())
        assert decision.reason[:30] in text.replace("\n", " ")
        assert "FACTS" in text and "PROFESSIONAL OPINION" in text
        assert "P6.11" in text and "P6.8" in text
        assert decision.content_hash[:32] in text.replace("\n", "")
    assert "DECISION: SHARE" in _report_text(shared)
    assert "DECISION: DO NOT SHARE" in _report_text(not_shared)
    assert not_shared.outcome.startswith("Do not share with")
    assert not_shared.kind == shared.kind == "share_decision"


def test_reason_is_required_for_a_no_share_too(client_for, officer, case):
    response = walk(client_for(officer), case, outcome={"share_outcome": "no_share", "reason": ""})
    assert policy.REASON_REQUIRED in response.context["form"].errors["reason"]
    assert ShareDecision.objects.count() == 0


def test_report_shows_recipient_method_and_consent(officer, case, record_share):
    decision = record_share(case, officer, method="phone", urgency="immediate")
    text = _report_text(decision)
    assert "Dana Duty" in text
    assert "Phone" in text and "Immediate" in text
    assert "Consent given" in text


@pytest.mark.parametrize(
    ("step", "data", "message"),
    [
        ("purpose", {"purpose": ""}, policy.PURPOSE_REQUIRED),
        ("purpose", {"purpose": "x" * 100_000}, "at most 20000 characters"),
        ("purpose", {"purpose": "Harm\x00"}, "Null characters are not allowed"),
        ("purpose", {"purpose": "Harm\x07"}, "control characters"),
        ("recipient", {"recipient_organisation": ""}, policy.RECIPIENT_REQUIRED),
        ("consent", {"consent": "forged"}, "Select a valid choice"),
        ("facts", {"facts": ""}, policy.FACTS_REQUIRED),
    ],
)
def test_bad_input_gets_a_clear_message_and_no_record(
    client_for, officer, case, step, data, message
):
    response = walk(client_for(officer), case, **{step: data})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert ShareDecision.objects.count() == 0


def test_html_in_answers_is_escaped(client_for, officer, case):
    client = client_for(officer)
    walk(client, case, purpose={"purpose": "<script>alert(1)</script>"})
    page = client.get(reverse("decisions:detail", args=[ShareDecision.objects.get().code]))
    assert b"<script>alert(1)</script>" not in page.content
    assert b"&lt;script&gt;" in page.content


def test_forged_cited_decision_is_a_form_error(client_for, officer, nso, case, child, record_share):
    from cases.models import Case
    from cases.services import reference_next

    other_case = Case.objects.create(
        reference=reference_next(prefix="CASE"), child=child, owner=officer, opened_by=officer
    )
    elsewhere = record_share(other_case, officer)
    client = client_for(officer)
    response = walk(
        client,
        case,
        basis={"basis": "court_direction", "cited_decision": str(elsewhere.code)},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.context["form"].errors["cited_decision"][0]
    assert ShareDecision.objects.count() == 1


def test_citing_basis_without_a_record_is_refused_at_its_step(client_for, officer, case):
    response = walk(client_for(officer), case, basis={"basis": "court_direction"})
    assert policy.COURT_DIRECTION_REQUIRED in response.content.decode()
    assert ShareDecision.objects.count() == 0


def test_service_refuses_a_cited_record_of_another_case(officer, case, child, record_share):
    from cases.models import Case
    from cases.services import reference_next

    other_case = Case.objects.create(
        reference=reference_next(prefix="CASE"), child=child, owner=officer, opened_by=officer
    )
    referral = record_share(other_case, officer)
    with pytest.raises(ValidationError):
        services.share_decision_record(
            case=case,
            actor=officer,
            **consented_share_fields(case, officer, cited_decision=referral),
        )
    assert ShareDecision.objects.count() == 1


def test_consent_record_relied_on_must_match_the_position(
    client_for, officer, case, record_consent
):
    record = record_consent(case, officer, answer=policy.Consent.REFUSED)
    client = client_for(officer)
    response = walk(client, case, consent={"consent": "given", "consent_record": str(record.code)})
    assert "P6.8: the consent position must match" in response.content.decode()
    response = walk(
        client,
        case,
        consent={"consent": "refused", "consent_record": str(record.code)},
        justification={"significant_harm_justification": "Refusal leaves the child at risk."},
    )
    assert response.status_code == 302
    assert ShareDecision.objects.get().consent_record == record


def test_share_decision_is_append_only(officer, case, record_share):
    from ttw_safeguarding.records.models import ImmutableRecordError

    decision = record_share(case, officer)
    decision.reason = "changed"
    with pytest.raises(ImmutableRecordError):
        decision.save()


# --- access -----------------------------------------------------------------------------


def test_share_new_requires_sign_in(client, case):
    url = reverse("sharing:share_new", args=[case.code])
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    response = client.post(url, {})
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize("persona", ["staff", "cmg", "sysadmin", "norole"])
def test_share_new_refuses_other_roles(request, client_for, case, persona):
    client = client_for(request.getfixturevalue(persona))
    url = reverse("sharing:share_new", args=[case.code])
    assert client.get(url).status_code == 403
    assert _post_step(client, case, "purpose", {"purpose": "x"}).status_code == 403
    assert ShareDecision.objects.count() == 0


def test_share_new_for_an_unknown_case_is_404(client_for, officer):
    import uuid

    url = reverse("sharing:share_new", args=[uuid.uuid4()])
    assert client_for(officer).get(url).status_code == 404


def test_case_managers_may_record(client_for, nso, case):
    assert walk(client_for(nso), case).status_code == 302


def test_case_page_links_to_consent_and_share_decision(client_for, officer, case):
    page = client_for(officer).get(reverse("cases:detail", args=[case.code])).content.decode()
    assert reverse("sharing:consent_new", args=[case.code]) in page
    assert reverse("sharing:share_new", args=[case.code]) in page
