"""A one-time submission key points at whatever its form recorded: a decision, or another
record (a case note, an adult subject to an allegation), with who submitted it and when."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from ttw_safeguarding.records.db import ProtectRecordTables

TABLE = "ttw_safeguarding_submission"
FILL = """
UPDATE ttw_safeguarding_submission SET
    submitted_by_id = (SELECT d.recorded_by_id FROM ttw_safeguarding_decision d
                       WHERE d.id = ttw_safeguarding_submission.decision_id),
    submitted_at = (SELECT d.recorded_at FROM ttw_safeguarding_decision d
                    WHERE d.id = ttw_safeguarding_submission.decision_id)
"""


def fill_who_and_when(apps, schema_editor):
    """Every key stored so far made a decision: it was submitted by who recorded it, then.

    The new columns are filled once from the decision itself (the append-only trigger is
    lifted for this one statement and put back by ``ProtectRecordTables`` below); no
    existing value changes.
    """
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE}")
    elif connection.vendor == "sqlite":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_append_only")
    schema_editor.execute(FILL)
    if connection.vendor == "postgresql":
        # The new foreign keys are checked now, so the table can be altered below.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("ttw_safeguarding", "0011_nso_grants_roles"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="submission",
            name="decision",
            field=models.OneToOneField(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="submission",
                to="ttw_safeguarding.decision",
            ),
        ),
        migrations.AddField(
            model_name="submission",
            name="record_type",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="contenttypes.contenttype",
            ),
        ),
        migrations.AddField(
            model_name="submission",
            name="record_id",
            field=models.PositiveBigIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="submission",
            name="submitted_by",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="submission",
            name="submitted_at",
            field=models.DateTimeField(editable=False, null=True),
        ),
        migrations.RunPython(fill_who_and_when, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="submission",
            name="submitted_by",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="submission",
            name="submitted_at",
            field=models.DateTimeField(default=django.utils.timezone.now, editable=False),
        ),
        migrations.AddConstraint(
            model_name="submission",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("decision__isnull", False),
                        ("record_id__isnull", True),
                        ("record_type__isnull", True),
                    ),
                    models.Q(
                        ("decision__isnull", True),
                        ("record_id__isnull", False),
                        ("record_type__isnull", False),
                    ),
                    _connector="OR",
                ),
                name="submission_made_one_record",
            ),
        ),
        # The append-only trigger again, on the table as it now stands.
        ProtectRecordTables(),
    ]
