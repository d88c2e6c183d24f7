"""The one-time key of the form that recorded each decision: a repeated submit records once."""

import django.db.models.deletion
from django.db import migrations, models

from ttw_safeguarding.records.db import ProtectDecisionTable


class Migration(migrations.Migration):
    dependencies = [
        ("ttw_safeguarding", "0004_written_report_pending_since"),
    ]

    operations = [
        migrations.CreateModel(
            name="Submission",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("key", models.UUIDField(editable=False)),
                (
                    "decision",
                    models.OneToOneField(
                        editable=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="submission",
                        to="ttw_safeguarding.decision",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("key",), name="submission_key_once")
                ],
            },
        ),
        # Part of the record's history: never changed or removed once written.
        ProtectDecisionTable("ttw_safeguarding_submission"),
    ]
