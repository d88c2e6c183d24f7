"""When each written report was queued, so a report whose job died is found as stuck."""

import django.utils.timezone
from django.db import migrations, models


def _from_the_decision(apps, schema_editor) -> None:
    # A report row is created with its decision: a report already pending has been
    # pending since the decision was recorded (so an old one is stuck at once).
    WrittenReport = apps.get_model("ttw_safeguarding", "WrittenReport")
    Decision = apps.get_model("ttw_safeguarding", "Decision")
    recorded_at = Decision.objects.filter(pk=models.OuterRef("decision_id")).values("recorded_at")[
        :1
    ]
    WrittenReport.objects.update(pending_since=models.Subquery(recorded_at))


class Migration(migrations.Migration):
    dependencies = [
        ("ttw_safeguarding", "0003_decision_kind_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="writtenreport",
            name="pending_since",
            field=models.DateTimeField(default=django.utils.timezone.now),
        ),
        migrations.RunPython(_from_the_decision, migrations.RunPython.noop),
    ]
