"""Statutory records: advice (P6.3), planning requests (P6.4), court directions (P6.5),
disciplinary outcomes (P6.6), DBS disclosures and Case Management Group decisions (P6.7)."""

__all__: list[str] = []
