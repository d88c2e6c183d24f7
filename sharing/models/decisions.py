"""Consent records, share and no-share decisions, NSO reviews."""

__all__: list[str] = []
