"""The adults app's records, one module per part of the procedure.

``people``: the person, their roles and merges of two records of one person.
"""

from adults.models.people import TTW_ITSELF, Adult, AdultMerge, AdultRole

__all__ = ["TTW_ITSELF", "Adult", "AdultMerge", "AdultRole"]
