"""Background tasks (django-tasks; Django 6 moves the import to django.tasks)."""

from __future__ import annotations

from django_tasks import task

from ttw_safeguarding.records.models import OutboundEmail, WrittenReport


@task()
def generate_written_report(report_id: int) -> str:
    from ttw_safeguarding.records.reports import report_generate

    report = WrittenReport.objects.select_related("decision").get(pk=report_id)
    if report.state == WrittenReport.State.READY:
        return report.state
    report_generate(report)
    return report.state


@task()
def send_email(email_id: int) -> str:
    from ttw_safeguarding.records.notifications import email_send

    email = OutboundEmail.objects.get(pk=email_id)
    email_send(email)
    return email.state


@task()
def take_checkpoint() -> str:
    """Sign the heads of the chains into the checkpoint log (after a decision or report)."""
    from ttw_safeguarding.records.checkpoints import checkpoint_take

    checkpoint = checkpoint_take()
    return checkpoint.taken_at if checkpoint else "already covered"
