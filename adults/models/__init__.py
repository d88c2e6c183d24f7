"""The adults app's records, one module per part of the procedure.

``people``: the person, their roles and merges of two records of one person.
``wales``: the Wales Safeguarding Procedures for an allegation (designated officer, strategy
discussion, outcome).
"""

from adults.models.people import TTW_ITSELF, Adult, AdultMerge, AdultRole
from adults.models.wales import AllegationOutcome, DesignatedOfficerNotice, StrategyDiscussion

__all__ = [
    "TTW_ITSELF",
    "Adult",
    "AdultMerge",
    "AdultRole",
    "AllegationOutcome",
    "DesignatedOfficerNotice",
    "StrategyDiscussion",
]
