# Acknowledgements already on record get their "recorded once" key (the one of
# media_contacts.services.media_acknowledgement_once_key), so a second is refused the same way.

from django.db import migrations


def add_keys(apps, schema_editor):
    RecordedOnce = apps.get_model("ttw_safeguarding", "RecordedOnce")
    acknowledgements = apps.get_model("media_contacts", "MediaAcknowledgement").objects
    RecordedOnce.objects.bulk_create(
        RecordedOnce(key=f"media_acknowledgement:{approach_id}", decision_id=pk)
        for pk, approach_id in acknowledgements.values_list("pk", "approach_id")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("media_contacts", "0001_media_approach_acknowledgement_handling"),
        ("ttw_safeguarding", "0008_recorded_once"),
    ]

    operations = [migrations.RunPython(add_keys, migrations.RunPython.noop)]
