# The 22 principal local authorities of Wales and "Outside Wales" (cases.local_authorities).
# Run again, it changes nothing: rows are found by code, updated, and none is added twice.

from django.db import migrations

from cases import local_authorities


def load(apps, schema_editor):
    local_authorities.load(apps.get_model("cases", "LocalAuthority"))


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0008_where_it_happened"),
    ]

    # Going back leaves the rows: concerns and referrals may name them.
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
