"""The clauses of policy P6 in policy order, and where each one is enforced.

P6.1 is the policy's first bullet, P6.12 its media paragraph (DESIGN.md numbers them so). After
them come the outside sources the rules about adults rest on, each under a short id that their
messages name first as P6's do: WSP5 (Wales Safeguarding Procedures, section 5), CPSU (the Case
Management Group), SOA22A (positions of trust) and SVGA35 (the DBS duty to refer). Each
clause names the rules of this package that decide it (``rules``, as ``module.name``), the
database constraints that refuse a row breaking it whatever the code path (``constraints``, by
name; the model's comment on each constraint points back at the rule), and what the access
mechanism does for it (``elsewhere``). tests/sharing/policy/test_clauses.py checks that every
pointer names something that exists.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Clause:
    id: str
    title: str
    text: str
    rules: tuple[str, ...] = ()
    constraints: tuple[str, ...] = ()
    elsewhere: str = ""


CLAUSES: dict[str, Clause] = {
    c.id: c
    for c in [
        Clause(
            "P6.1",
            "Sharing to safeguard children",
            "TTW will share information where they reasonably believe that it is necessary "
            "to share in order to safeguard or protect children.",
            rules=(
                "share.evaluate_share",
                "share.Basis",
                "club_alerts.club_alert_problems",
                "club_alerts.club_alert_recipients_problems",
                "club_share_back.club_share_back_problems",
            ),
        ),
        Clause(
            "P6.2",
            "Referral threshold",
            "Information relating to safeguarding and protecting children which meets the "
            "threshold for referral to external agencies will be shared in all cases.",
            rules=(
                "share.evaluate_share",
                "concerns.triage_problems",
                "concerns.threshold_change_problems",
                "concerns.case_closure_problems",
                "concerns.referral_overdue",
            ),
            constraints=(
                "case_threshold_needs_rationale",
                "triage_threshold_needs_rationale",
            ),
        ),
        Clause(
            "P6.3",
            "Allegations: advice of the statutory agencies",
            "Where the individual against whom the allegation is made may work with children "
            "in other organisations, TTW will seek the advice of the statutory agencies on "
            "whether information should be shared with those organisations and by whom.",
            rules=(
                "share.share_basis_problems",
                "statutory.advice_names_recipient",
                "statutory.advice_organisation_problems",
                "statutory.advice_confirmation_problems",
                "concerns.adult_problems",
                "allegations.strategy_discussion_problems",
            ),
            constraints=("advice_confirmation_once",),
        ),
        Clause(
            "P6.4",
            "Statutory investigation and MAPPA planning",
            "Where there is or has been a statutory investigation, or a person is subject to "
            "MAPPA monitoring, TTW will contribute to the agencies' planning when requested.",
            rules=(
                "share.share_basis_problems",
                "statutory.planning_request_overdue",
            ),
            constraints=("planning_request_due_after_received",),
        ),
        Clause(
            "P6.5",
            "Court direction or permission",
            "Where a court directs or permits sharing about an individual it has found to pose "
            "a significant risk to children, the information will be shared as directed.",
            rules=("share.share_basis_problems",),
        ),
        Clause(
            "P6.6",
            "Internal disciplinary outcomes",
            "Outcomes of TTW internal disciplinary investigations are shared within the "
            "organisation on a strictly need-to-know basis.",
            rules=(
                "share.share_basis_problems",
                "statutory.recipient_is_named_person",
            ),
            constraints=("need_to_know_once",),
            elsewhere=(
                "The access mechanism shows a restricted record only to the people named on "
                "it as needing to know."
            ),
        ),
        Clause(
            "P6.7",
            "DBS disclosures and the Case Management Group",
            "Safeguarding concerns from a DBS disclosure are shared where, after a Case "
            "Management Group decision, restrictions are needed or the individual is not "
            "suitable to work with children.",
            rules=(
                "share.share_basis_problems",
                "statutory.cmg_decision_problems",
                "cmg.cmg_final_decision_problems",
            ),
            constraints=("cmg_member_assignment_once",),
            elsewhere=(
                "The access mechanism shows a Case Management Group member the DBS and CMG "
                "items of the cases put to them, nothing else."
            ),
        ),
        Clause(
            "P6.8",
            "Consent",
            "Consent to share will usually be sought; information is shared without consent "
            "where refusal, or seeking consent, would put a child at risk of significant harm.",
            rules=(
                "consent.share_consent_position_problems",
                "consent.share_without_consent",
                "consent.consent_still_given",
                "consent.consent_record_problems",
                "consent.share_consent_problems",
            ),
            constraints=(
                "consent_answer_or_why_not_sought",
                "consent_other_reason_explained",
            ),
        ),
        Clause(
            "P6.9",
            "Urgency and the written report",
            "The way information is shared fits the urgency, but is always supported by a "
            "written report.",
            rules=(
                "share.evaluate_share",
                "written_reports.written_report_confirmation_due",
                "written_reports.written_report_overdue",
                "written_reports.written_report_sent_problems",
                "calendar.add_working_days",
            ),
            constraints=(
                "share_has_method_and_urgency",
                "written_report_sent_once",
            ),
        ),
        Clause(
            "P6.10",
            "Facts and professional opinion",
            "When sharing, TTW makes clear which information is fact and which is "
            "professional opinion.",
            rules=(
                "share.evaluate_share",
                "concerns.concern_problems",
            ),
        ),
        Clause(
            "P6.11",
            "Record of every decision",
            "Records are always kept of the decision to share, or not to share, information "
            "and the reason for the decision.",
            rules=(
                "share.evaluate_share",
                "concerns.triage_problems",
                "consent.consent_record_problems",
                "media_approaches.media_handling_problems",
                "club_share_back.club_share_back_problems",
                "club_share_back.task_done_problems",
            ),
            constraints=(
                "decision_chain_no_fork",
                "triage_once_per_concern",
                "club_task_done_once",
            ),
            elsewhere=(
                "Decision tables are append-only: a database trigger on each "
                "(<table>_append_only) refuses an update or delete."
            ),
        ),
        Clause(
            "P6.12",
            "Media interest",
            "Anyone approached by the media gives no information, notes the journalist's name, "
            "contact details and what they want, and informs the National Safeguarding Officer.",
            rules=(
                "media_approaches.media_approach_problems",
                "media_approaches.media_handling_problems",
            ),
            elsewhere=(
                "The access mechanism shows a media approach to the NSOs and to whoever "
                "recorded it."
            ),
        ),
        # The sources beyond P6 that the rules for adults rest on, after the policy's clauses.
        Clause(
            "WSP5",
            "Wales Safeguarding Procedures, section 5: allegations about adults",
            "Allegations and concerns about practitioners and people in positions of trust, "
            "volunteers included: the local authority's designated officer for safeguarding is "
            "told within 24 hours (next working day out of office hours) with the risk "
            "assessment and immediate safeguards; a professional strategy discussion; an "
            "outcome on the balance of probabilities.",
            rules=(
                "allegations.designated_officer_due_at",
                "allegations.designated_officer_overdue",
                "allegations.designated_officer_notice_problems",
                "allegations.strategy_discussion_problems",
                "allegations.allegation_outcome_problems",
                "allegations.concern_routes_as_allegation",
                "low_level_concerns.low_level_concern_problems",
                "low_level_concerns.low_level_pattern_reached",
            ),
        ),
        Clause(
            "CPSU",
            "Case Management Group (CPSU case management tool)",
            "A small group with at least one independent child protection expert, its members "
            "declaring any conflict of interest, decides the route of a case about an adult, "
            "issues temporary suspensions and reviews them, and makes the final decision; "
            "appeals are heard apart from it.",
            rules=(
                "cmg.cmg_membership_problems",
                "cmg.cmg_vote_problems",
                "cmg.cmg_quorum_problems",
                "cmg.cmg_route_problems",
                "cmg.cmg_final_decision_problems",
                "cmg.suspension_problems",
                "cmg.suspension_review_overdue",
                "cmg.suspension_review_problems",
                "cmg.suspension_letter_problems",
                "cmg.appeal_problems",
                "cmg.appeal_outcome_problems",
            ),
        ),
        Clause(
            "SOA22A",
            "Positions of trust in sport (Sexual Offences Act 2003 s.22A)",
            "Since 28 June 2022, sexual activity with a 16- or 17-year-old by an adult who "
            "regularly coaches, teaches, trains, supervises or instructs them in a sport is an "
            "offence.",
            rules=(
                "allegations.position_of_trust_applies",
                "allegations.concern_routes_as_allegation",
                "allegations.triage_allegation_problems",
            ),
        ),
        Clause(
            "SVGA35",
            "The duty to refer to the DBS (Safeguarding Vulnerable Groups Act 2006 s.35)",
            "An organisation that removes someone from work with children because they harmed, "
            "or might harm, a child refers them to the Disclosure and Barring Service, with the "
            "information the DBS asks for.",
            rules=(
                "statutory.dbs_referral_duty_applies",
                "dbs_referral.dbs_referral_pack_problems",
                "dbs_referral.dbs_referral_outcome_problems",
            ),
        ),
    ]
}

# The clauses of policy P6 itself; the other ids of ``CLAUSES`` are the sources named above.
P6_CLAUSES = tuple(cid for cid in CLAUSES if cid.startswith("P6."))


def clauses_described(ids: list[str] | tuple[str, ...]) -> list[Clause]:
    """The clauses named by ``ids``, in policy order, unknown ids skipped."""
    wanted = set(ids)
    return [clause for cid, clause in CLAUSES.items() if cid in wanted]
