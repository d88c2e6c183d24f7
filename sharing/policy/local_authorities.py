"""Where it happened: the local authority a referral goes to.

The Wales Safeguarding Procedures (section C2) send a referral to the local authority where the
concern occurred, not where the child or the reporter lives; TTW, outside the statutory duty,
refers the same way. So a concern records the area where it happened, and the referral form
offers that authority first. Authorities are named here by their codes
(``cases.local_authorities``).
"""

from __future__ import annotations

from collections.abc import Sequence

CONCERN_AREA_REQUIRED = (
    "Choose the local authority area where it happened (or Outside Wales): a referral goes to "
    "the authority where it happened, as the Wales Safeguarding Procedures ask."
)
REFERRAL_AUTHORITY_FIRST = (
    "{authority} is listed first: it is where it happened, as the Wales Safeguarding "
    "Procedures ask (the authority where the concern occurred, not where the child or the "
    "reporter lives). Choose another if the referral goes elsewhere."
)


def referral_authorities(*, where_concerns_happened: Sequence[str | None]) -> list[str]:
    """The authorities a case's referral is offered first, the first of them chosen.

    ``where_concerns_happened``: the area of each of the case's concerns, the latest first;
    ``None`` for a concern recorded before the area was asked. Each area comes once, in that
    order: the latest concern's area first. No area known, nothing is offered first.
    """
    offered: list[str] = []
    for area in where_concerns_happened:
        if area and area not in offered:
            offered.append(area)
    return offered
