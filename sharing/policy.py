"""TTW policy P6 (Confidentiality and Information Sharing) as code.

Every rule of the policy lives here, once, as pure functions over a
decision's facts. Forms call them in ``clean()``, services call them before
recording, and tests call them directly. Clause numbers are DESIGN.md's:
P6.1 is the first bullet of the policy, P6.12 the media paragraph.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Clause:
    id: str
    title: str
    text: str


CLAUSES: dict[str, Clause] = {
    c.id: c
    for c in [
        Clause(
            "P6.1",
            "Sharing to safeguard children",
            "TTW will share information where they reasonably believe that it is necessary "
            "to share in order to safeguard or protect children.",
        ),
        Clause(
            "P6.2",
            "Referral threshold",
            "Information relating to safeguarding and protecting children which meets the "
            "threshold for referral to external agencies will be shared in all cases.",
        ),
        Clause(
            "P6.3",
            "Allegations: advice of the statutory agencies",
            "Where the individual against whom the allegation is made may work with children "
            "in other organisations, TTW will seek the advice of the statutory agencies on "
            "whether information should be shared with those organisations and by whom.",
        ),
        Clause(
            "P6.4",
            "Statutory investigation and MAPPA planning",
            "Where there is or has been a statutory investigation, or a person is subject to "
            "MAPPA monitoring, TTW will contribute to the agencies' planning when requested.",
        ),
        Clause(
            "P6.5",
            "Court direction or permission",
            "Where a court directs or permits sharing about an individual it has found to pose "
            "a significant risk to children, the information will be shared as directed.",
        ),
        Clause(
            "P6.6",
            "Internal disciplinary outcomes",
            "Outcomes of TTW internal disciplinary investigations are shared within the "
            "organisation on a strictly need-to-know basis.",
        ),
        Clause(
            "P6.7",
            "DBS disclosures and the Case Management Group",
            "Safeguarding concerns from a DBS disclosure are shared where, after a Case "
            "Management Group decision, restrictions are needed or the individual is not "
            "suitable to work with children.",
        ),
        Clause(
            "P6.8",
            "Consent",
            "Consent to share will usually be sought; information is shared without consent "
            "where refusal, or seeking consent, would put a child at risk of significant harm.",
        ),
        Clause(
            "P6.9",
            "Urgency and the written report",
            "The way information is shared fits the urgency, but is always supported by a "
            "written report.",
        ),
        Clause(
            "P6.10",
            "Facts and professional opinion",
            "When sharing, TTW makes clear which information is fact and which is "
            "professional opinion.",
        ),
        Clause(
            "P6.11",
            "Record of every decision",
            "Records are always kept of the decision to share, or not to share, information "
            "and the reason for the decision.",
        ),
        Clause(
            "P6.12",
            "Media interest",
            "Anyone approached by the media gives no information, notes the journalist's name, "
            "contact details and what they want, and informs the National Safeguarding Officer.",
        ),
    ]
}


def clauses_described(ids: list[str] | tuple[str, ...]) -> list[Clause]:
    """The clauses named by ``ids``, in policy order, unknown ids skipped."""
    wanted = set(ids)
    return [clause for cid, clause in CLAUSES.items() if cid in wanted]
