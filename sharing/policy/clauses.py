"""The clauses of policy P6 in policy order, and where each one is enforced.

P6.1 is the policy's first bullet, P6.12 its media paragraph (DESIGN.md numbers them so). Each
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
    ]
}


def clauses_described(ids: list[str] | tuple[str, ...]) -> list[Clause]:
    """The clauses named by ``ids``, in policy order, unknown ids skipped."""
    wanted = set(ids)
    return [clause for cid, clause in CLAUSES.items() if cid in wanted]
