# Triages already on record get their "recorded once" key (the one of
# cases.services.triage_once_key), so a second triage of a concern is refused the same way.

from django.db import migrations


def add_keys(apps, schema_editor):
    RecordedOnce = apps.get_model("ttw_safeguarding", "RecordedOnce")
    triages = apps.get_model("cases", "Triage").objects
    RecordedOnce.objects.bulk_create(
        RecordedOnce(key=f"triage:{concern_id}", decision_id=pk)
        for pk, concern_id in triages.values_list("pk", "concern_id")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0005_case_list_index"),
        ("ttw_safeguarding", "0008_recorded_once"),
    ]

    operations = [migrations.RunPython(add_keys, migrations.RunPython.noop)]
