"""The adults app's records, one module per part of the procedure.

``people``: the person, their roles and merges of two records of one person.
``low_level``: low-level concerns about an adult, their links to a person, pattern alerts.
``dbs_referral``: the DBS referral pack, its sending and the DBS's answer.
``wales``: the Wales Safeguarding Procedures for an allegation (designated officer, strategy
discussion, outcome).
``cmg``: the Case Management Group for a case about an adult, and its decisions.
"""

from adults.models.cmg import (
    CMG_GROUP_KINDS,
    CaseManagementGroup,
    CmgAppeal,
    CmgDeclaration,
    CmgFinalDecision,
    CmgMembership,
    CmgRouteDecision,
    Suspension,
    SuspensionReview,
)
from adults.models.dbs_referral import (
    DbsPackEvidence,
    DbsPackItem,
    DbsReferralOutcome,
    DbsReferralPack,
    DbsReferralSent,
)
from adults.models.low_level import LowLevelConcern, LowLevelConcernLink, LowLevelPatternAlert
from adults.models.people import TTW_ITSELF, Adult, AdultMerge, AdultRole
from adults.models.wales import AllegationOutcome, DesignatedOfficerNotice, StrategyDiscussion

__all__ = [
    "CMG_GROUP_KINDS",
    "TTW_ITSELF",
    "Adult",
    "AdultMerge",
    "AdultRole",
    "LowLevelConcern",
    "LowLevelConcernLink",
    "LowLevelPatternAlert",
    # the DBS referral pack
    "DbsPackEvidence",
    "DbsPackItem",
    "DbsReferralOutcome",
    "DbsReferralPack",
    "DbsReferralSent",
    "AllegationOutcome",
    "DesignatedOfficerNotice",
    "StrategyDiscussion",
    "CaseManagementGroup",
    "CmgAppeal",
    "CmgDeclaration",
    "CmgFinalDecision",
    "CmgMembership",
    "CmgRouteDecision",
    "Suspension",
    "SuspensionReview",
]
