# Evidence files attached to records (issue 17): a decision type, so each file's SHA-256
# is in the hash chain. Its table is made append-only by post_migrate (records.db).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("ttw_safeguarding", "0014_alerts"),
    ]

    operations = [
        migrations.CreateModel(
            name="EvidenceFile",
            fields=[
                (
                    "decision_ptr",
                    models.OneToOneField(
                        auto_created=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        parent_link=True,
                        primary_key=True,
                        serialize=False,
                        to="ttw_safeguarding.decision",
                    ),
                ),
                (
                    "target_kind",
                    models.CharField(
                        editable=False, max_length=40, verbose_name="attached to (kind)"
                    ),
                ),
                (
                    "target_code",
                    models.UUIDField(editable=False, verbose_name="attached to (code)"),
                ),
                ("file_name", models.CharField(max_length=200, verbose_name="file name")),
                ("content_type", models.CharField(max_length=100, verbose_name="type")),
                ("size", models.PositiveBigIntegerField(verbose_name="size in bytes")),
                ("sha256", models.CharField(max_length=64, verbose_name="SHA-256")),
                ("storage_name", models.CharField(editable=False, max_length=200, unique=True)),
                (
                    "replaces",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="corrections",
                        to="ttw_safeguarding.evidencefile",
                        verbose_name="replaces",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(fields=["target_kind", "target_code"], name="evidence_file_target")
                ],
            },
            bases=("ttw_safeguarding.decision",),
        ),
    ]
