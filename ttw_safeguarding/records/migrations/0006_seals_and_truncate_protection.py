"""Seals tie each decision's audit entry and written report to it; TRUNCATE is refused.

Records already stored are sealed as they stand when this migration runs: each
decision's creation audit entry, in sequence order, then each ready report.
The triggers then refuse UPDATE, DELETE and TRUNCATE on every record table
(``ttw_safeguarding.records.db``), and a ready written report can no longer change.
"""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

import ttw_safeguarding.records.db

_GENESIS = "0" * 64


def seal_existing(apps, schema_editor):
    from auditlog.models import LogEntry as LiveLogEntry

    from ttw_safeguarding.records.checkpoints import audit_entry_hash, seal_hash
    from ttw_safeguarding.records.decisions import decision_models

    Decision = apps.get_model("ttw_safeguarding", "Decision")
    WrittenReport = apps.get_model("ttw_safeguarding", "WrittenReport")
    Seal = apps.get_model("ttw_safeguarding", "Seal")
    ContentType = apps.get_model("contenttypes", "ContentType")
    LogEntry = apps.get_model("auditlog", "LogEntry")
    content_types = {
        kind: ContentType.objects.filter(
            app_label=model._meta.app_label, model=model._meta.model_name
        ).first()
        for kind, model in decision_models().items()
    }
    state = {"sequence": 0, "previous": _GENESIS}

    def seal(kind, decision_id, subject_id, subject_hash):
        state["sequence"] += 1
        row = Seal(
            sequence=state["sequence"],
            previous_hash=state["previous"],
            kind=kind,
            decision_id=decision_id,
            subject_id=subject_id,
            subject_hash=subject_hash,
            sealed_at=django.utils.timezone.now(),
        )
        row.seal_hash = seal_hash(row)
        row.save(force_insert=True)
        state["previous"] = row.seal_hash

    for decision in Decision.objects.order_by("sequence").iterator(500):
        content_type = content_types.get(decision.kind)
        entry = (
            LogEntry.objects.filter(
                content_type=content_type,
                object_pk=str(decision.pk),
                action=LiveLogEntry.Action.CREATE,
            )
            .order_by("pk")
            .first()
            if content_type
            else None
        )
        if entry is not None:
            seal("audit_entry", decision.pk, entry.pk, audit_entry_hash(entry))
    ready = WrittenReport.objects.filter(state="ready").order_by("decision__sequence")
    for report in ready.iterator(500):
        seal("written_report", report.decision_id, report.pk, report.sha256)


class Migration(migrations.Migration):
    dependencies = [
        ("ttw_safeguarding", "0005_submission_key"),
        ("auditlog", "0017_add_actor_email"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.CreateModel(
            name="Seal",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("sequence", models.PositiveBigIntegerField(editable=False, unique=True)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("audit_entry", "Audit entry"),
                            ("written_report", "Written report"),
                        ],
                        editable=False,
                        max_length=20,
                    ),
                ),
                ("subject_id", models.PositiveBigIntegerField(editable=False)),
                ("subject_hash", models.CharField(editable=False, max_length=64)),
                (
                    "sealed_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False),
                ),
                ("previous_hash", models.CharField(editable=False, max_length=64)),
                ("seal_hash", models.CharField(editable=False, max_length=64, unique=True)),
                (
                    "decision",
                    models.ForeignKey(
                        editable=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="seals",
                        to="ttw_safeguarding.decision",
                    ),
                ),
            ],
            options={
                "ordering": ["sequence"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("kind", "decision"), name="seal_once_per_decision"
                    ),
                    models.UniqueConstraint(fields=("previous_hash",), name="seal_chain_no_fork"),
                ],
            },
        ),
        migrations.RunPython(seal_existing, migrations.RunPython.noop, elidable=False),
        ttw_safeguarding.records.db.ProtectRecordTables(),
    ]
