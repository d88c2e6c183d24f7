"""A written report that fails its integrity check is recorded and the NSOs are told, once.

The download page and ``manage.py verify_records`` both find a stored PDF whose SHA-256 no
longer matches the one recorded when it was made (P6.9: the written report supports every
share; a court must be able to rely on it). Whoever finds it, the failure becomes one audit
entry naming the record (never its content) and one notice to every NSO, in-app and by
e-mail, with a link only.
"""

from __future__ import annotations

from typing import Any

from auditlog.models import LogEntry
from django.db import IntegrityError, transaction
from django.urls import reverse

from ttw_safeguarding.records import access, roles
from ttw_safeguarding.records.models import ReportIntegrityFailure, WrittenReport
from ttw_safeguarding.records.notifications import notify

INTEGRITY_FAILURE_TOLD = (
    "The stored written report does not match its recorded SHA-256 and was not served. "
    "The National Safeguarding Officer has been told."
)
INTEGRITY_FAILURE_NOBODY_TO_TELL = (
    "The stored written report does not match its recorded SHA-256 and was not served. "
    "No National Safeguarding Officer account is active: tell the system administrator."
)


def report_integrity_failure_record(*, report: WrittenReport, detected_by: Any | None) -> bool:
    """Record that ``report`` failed its check and tell every NSO; True the first time only.

    A second finder (another click, another server, the scheduled check) changes nothing:
    the unique report on ``ReportIntegrityFailure`` makes the first one win.
    """
    decision = report.decision
    if ReportIntegrityFailure.objects.filter(report=report).exists():
        return False
    try:
        with transaction.atomic():
            failure = ReportIntegrityFailure.objects.create(report=report, detected_by=detected_by)
            LogEntry.objects.log_create(
                failure,
                force_log=True,
                action=LogEntry.Action.CREATE,
                actor=detected_by,
                additional_data={
                    "what": "written report failed its integrity check; not served",
                    "decision": str(decision.code),
                    "record": f"{decision.LABEL} {decision.short_code}",
                },
            )
            # No case detail: what happened and a link. NSOs see every record.
            notify(
                nsos_to_tell(),
                message=(
                    f"The written report of {decision.LABEL.lower()} {decision.short_code} "
                    "failed its integrity check and is not served."
                ),
                path=reverse("decisions:detail", args=[decision.code]),
                email_subject="A written report failed its integrity check",
                topic=f"ttw_safeguarding.WrittenReport:{report.pk}",
            )
    except IntegrityError:
        # Found at the same moment by someone else, who recorded it and told the NSOs.
        return False
    return True


def nsos_to_tell() -> Any:
    """Every active National Safeguarding Officer (those who read the audit log)."""
    return access.users_with_permission(roles.VIEW_AUDIT_LOG)


def integrity_failure_message() -> str:
    """What the person who found it is told: true whether or not there is an NSO to tell."""
    if nsos_to_tell().exists():
        return INTEGRITY_FAILURE_TOLD
    return INTEGRITY_FAILURE_NOBODY_TO_TELL
