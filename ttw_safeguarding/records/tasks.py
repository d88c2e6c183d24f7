"""The background tasks (django-tasks; Django 6 moves the import to django.tasks).

Each is defined beside what it does, and listed here for a reader looking for them:
the written report of a decision, an e-mail, a checkpoint of the chains.
"""

from __future__ import annotations

from ttw_safeguarding.records.checkpoints import take_checkpoint
from ttw_safeguarding.records.notifications import send_email
from ttw_safeguarding.records.reports import generate_written_report

__all__ = ["generate_written_report", "send_email", "take_checkpoint"]
