"""The background tasks under the paths an earlier release queued them by.

A job stored in the queue names its task by module path; jobs queued before the record
core became ``ttw_safeguarding.records`` name this module, and still run. New jobs name
the modules the tasks are defined in (``ttw_safeguarding.records.tasks`` lists them).
"""

from __future__ import annotations

from ttw_safeguarding.records.tasks import generate_written_report, send_email, take_checkpoint

__all__ = ["generate_written_report", "send_email", "take_checkpoint"]
