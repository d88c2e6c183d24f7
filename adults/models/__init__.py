"""The adults app's records, one module per part of the procedure.

``people``: the person, their roles and merges of two records of one person.
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
from adults.models.people import TTW_ITSELF, Adult, AdultMerge, AdultRole

__all__ = [
    "CMG_GROUP_KINDS",
    "TTW_ITSELF",
    "Adult",
    "AdultMerge",
    "AdultRole",
    "CaseManagementGroup",
    "CmgAppeal",
    "CmgDeclaration",
    "CmgFinalDecision",
    "CmgMembership",
    "CmgRouteDecision",
    "Suspension",
    "SuspensionReview",
]
