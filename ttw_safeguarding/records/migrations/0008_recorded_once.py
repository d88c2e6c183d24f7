# "Recorded once" keys of follow-ups, checked by decision_record under the chain lock.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("ttw_safeguarding", "0007_report_integrity_failure"),
    ]

    operations = [
        migrations.CreateModel(
            name="RecordedOnce",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("key", models.CharField(max_length=200, unique=True)),
                (
                    "decision",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="once",
                        to="ttw_safeguarding.decision",
                    ),
                ),
            ],
        ),
    ]
