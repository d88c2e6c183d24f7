"""Demo sharing records for ``manage.py seed_demo``, through the sharing services.

Each group is created once: a record already present (found by its demo recipient or
its demo adult) is left as it is, so a second run changes nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from cases.models import AdultSubjectToAllegation, Case
from sharing import policy, services
from sharing.models import (
    ConsentRecord,
    DbsDisclosure,
    PlanningRequest,
    ShareDecision,
    StatutoryAdvice,
)
from sharing.statutory import services as statutory
from ttw_safeguarding.records import roles

DEMO_PARENT = "Demo parent of Alex"
DEMO_SOCIAL_CARE = "Demo Northshire Children's Social Care"
DEMO_POLICE = "Demo Northshire Police Child Protection Unit"
DEMO_CLUB = "Demo Riverside Table Tennis Club"

_JUSTIFICATION = (
    "Demo: the parent refused consent and is the adult Alex named; waiting for consent "
    "would leave Alex at risk of significant harm at home (P6.8)."
)


def seed_demo_shares(*, case: Case, users: dict[str, Any]) -> list[str]:
    """On the demo threshold case: consent refused, a share without consent waiting for the
    NSO's review, and an urgent share by phone waiting for its written report (P6.8, P6.9)."""
    officer = users[roles.OFFICER]
    made: list[str] = []
    consent = ConsentRecord.objects.filter(case=case, person_name=DEMO_PARENT).first()
    if consent is None:
        consent = services.consent_record_record(
            case=case,
            actor=officer,
            whose=ConsentRecord.Whose.PARENT_OR_CARER,
            person_name=DEMO_PARENT,
            was_sought=True,
            answer=policy.Consent.REFUSED,
            occurred_on=timezone.localdate() - dt.timedelta(days=5),
            not_sought_because="",
            not_sought_explanation="",
            facts="Demo: asked by phone whether the concern could be shared with social care; "
            "the parent said no.",
            professional_opinion="Demo: the parent seemed angry that the club had noticed.",
            reason="Demo: consent sought before sharing, as P6.8 expects.",
        )
        made.append("a consent record (refused)")
    common: dict[str, Any] = {
        "case": case,
        "actor": officer,
        "consent": policy.Consent.REFUSED,
        "consent_record": consent,
        "significant_harm_justification": _JUSTIFICATION,
        "lawful_basis": ShareDecision.LawfulBasis.SAFEGUARDING,
        "cited_decision": None,
        "share_outcome": policy.SHARE,
    }
    if not ShareDecision.objects.filter(
        case=case, recipient_organisation=DEMO_SOCIAL_CARE
    ).exists():
        services.share_decision_record(
            **common,
            purpose="Demo: so social care can assess Alex's safety at home.",
            information="Demo: the concern as recorded, the body map and Alex's own words.",
            about_referral_information=True,
            recipient_organisation=DEMO_SOCIAL_CARE,
            recipient_name="Demo Dana Duty",
            recipient_role="Duty social worker",
            recipient_contact="demo.duty@northshire.example",
            basis=policy.Basis.REFERRAL_THRESHOLD,
            urgency=ShareDecision.Urgency.URGENT,
            method=ShareDecision.Method.SECURE_EMAIL,
            facts="Demo: bruise on the left forearm; Alex said his dad grabbed him.",
            professional_opinion="Demo: likely non-accidental injury.",
            reason="Demo: the case meets the referral threshold, so the information is shared "
            "although consent was refused (P6.2, P6.8).",
        )
        made.append("a share decision without consent (waiting for the NSO's review)")
    if not ShareDecision.objects.filter(case=case, recipient_organisation=DEMO_POLICE).exists():
        services.share_decision_record(
            **common,
            purpose="Demo: Alex said he was afraid to go home tonight; the police can act now.",
            information="Demo: Alex's words and the time he is due home.",
            about_referral_information=False,
            recipient_organisation=DEMO_POLICE,
            recipient_name="Demo PC Pat Patrol",
            recipient_role="Child protection officer",
            recipient_contact="0113 496 0000",
            basis=policy.Basis.SAFEGUARDING,
            urgency=ShareDecision.Urgency.IMMEDIATE,
            method=ShareDecision.Method.PHONE,
            facts="Demo: Alex said he did not want to go home after the session.",
            professional_opinion="Demo: Alex may be at risk of harm tonight.",
            reason="Demo: urgent; shared by phone, the written report to follow (P6.9).",
        )
        made.append("an urgent share by phone (waiting for its written report)")
    nso = users.get(roles.NSO)
    if (
        nso is not None
        and not ShareDecision.objects.filter(case=case, recipient_organisation=DEMO_CLUB).exists()
    ):
        # The NSO's own decision: in a one-NSO organisation only the board safeguarding
        # lead can review it.
        services.share_decision_record(
            **{
                **common,
                "actor": nso,
                "share_outcome": policy.NO_SHARE,
                "significant_harm_justification": "",
            },
            purpose="Demo: whether the club needs to know of the concern to keep Alex safe.",
            information="Demo: that social care and the police are involved.",
            about_referral_information=False,
            recipient_organisation=DEMO_CLUB,
            recipient_name="Demo Cara Welfare",
            recipient_role="Club welfare officer",
            recipient_contact="demo.welfare@riverside.example",
            basis=policy.Basis.SAFEGUARDING,
            urgency="",
            method="",
            facts="Demo: Alex trains at the club twice a week; the concern arose at home.",
            professional_opinion="Demo: the club has no part in the safeguarding plan yet.",
            reason="Demo: the club does not need to know to keep Alex safe; sharing would "
            "widen who knows without protecting him (P6.11).",
        )
        made.append("the NSO's decision not to share (waiting for the board lead's review)")
    return made


def seed_demo_statutory(*, adult: AdultSubjectToAllegation, users: dict[str, Any]) -> list[str]:
    """For the demo adult: the statutory advice (P6.3), a planning request not yet due (P6.4)
    and a DBS disclosure put to the demo CMG member (P6.7)."""
    officer = users[roles.OFFICER]
    today = timezone.localdate()
    made: list[str] = []
    if not StatutoryAdvice.objects.filter(adult=adult).exists():
        statutory.statutory_advice_record(
            adult=adult,
            actor=officer,
            agency="lado",
            adviser="Demo Lee, LADO duty officer",
            advised_on=today - dt.timedelta(days=2),
            question="Demo: should the other organisations where the volunteer works with "
            "children be told?",
            advice="Demo: TTW tells Demo Hilltop Scouts; the LADO tells Demo Riverside "
            "Swimming Club.",
            organisations=[
                {"name": "Demo Hilltop Scouts", "told_by": policy.TOLD_BY_TTW},
                {"name": "Demo Riverside Swimming Club", "told_by": policy.TOLD_BY_AGENCY},
            ],
            facts="Demo: the LADO was phoned two days ago.",
            reason="Demo: P6.3 requires the advice of the statutory agencies.",
        )
        made.append("a statutory advice record")
    if not PlanningRequest.objects.filter(adult=adult).exists():
        statutory.planning_request_record(
            adult=adult,
            actor=officer,
            agency="police",
            request_kind=PlanningRequest.RequestKind.STRATEGY_MEETING,
            request="Demo: the volunteer's session rota and attendance for the last three months.",
            received_on=today - dt.timedelta(days=1),
            due_on=today + dt.timedelta(days=7),
            facts="Demo: requested by e-mail for next week's strategy meeting.",
            reason="Demo: the police asked for TTW's contribution to their planning (P6.4).",
        )
        made.append("a planning request (due next week)")
    if not DbsDisclosure.objects.filter(adult=adult).exists():
        statutory.dbs_disclosure_record(
            adult=adult,
            actor=officer,
            certificate_issued_on=today - dt.timedelta(days=20),
            concern="Demo: the volunteer's certificate shows a caution relevant to work with "
            "children.",
            members=[users[roles.CMG]],
            facts="Demo: the certificate was checked at the renewal of the volunteer's role.",
            reason="Demo: the disclosure raises a safeguarding concern for the CMG (P6.7).",
        )
        made.append("a DBS disclosure put to the CMG")
    return made


DEMO_ALERT_WARNING = (
    "Demo: a man calling himself a talent scout has approached juniors at northern clubs "
    "after sessions, offering free private coaching and lifts home."
)


def seed_demo_club_alert(users: dict[str, Any]) -> str:
    """One alert from the NSO to the demo north region's welfare officers (P6.1)."""
    from clubs.demo import REGIONS
    from clubs.models import Region
    from sharing.club_alert_services import club_alert_send
    from sharing.models import ClubAlert

    nso = users.get(roles.NSO)
    region = Region.objects.filter(name=REGIONS[0]).first()
    if nso is None or region is None or ClubAlert.objects.filter(warning=DEMO_ALERT_WARNING):
        return ""
    club_alert_send(
        actor=nso,
        clubs=[],
        regions=[region],
        warning=DEMO_ALERT_WARNING,
        action="Demo: allow no one-to-one sessions or lifts; tell the NSO at once if he "
        "returns, with the date and what he said.",
        reason="Demo: three clubs reported the same approach; children may be at risk (P6.1).",
    )
    return "A safeguarding alert to the north's welfare officers."
