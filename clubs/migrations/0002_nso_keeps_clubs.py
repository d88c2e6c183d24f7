"""The National Safeguarding Officer keeps the clubs and their welfare officers (admin)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

NSO = "National Safeguarding Officer"
NSO_CLUBS_PERMISSIONS = [
    *(
        f"{verb}_{model}"
        for model in ("region", "league", "club")
        for verb in ("view", "add", "change")
    ),
    *(
        f"{verb}_{model}"
        for model in ("clubwelfareofficer", "regionalwelfareofficer")
        for verb in ("view", "add", "change", "delete")
    ),
]


def add_clubs_permissions(apps, schema_editor):
    # The models' permissions are normally created after migrate; the role needs them now.
    app_config = apps.get_app_config("clubs")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    wanted = Permission.objects.filter(
        content_type__app_label="clubs", codename__in=NSO_CLUBS_PERMISSIONS
    )
    for group in Group.objects.filter(name=NSO):
        group.permissions.add(*wanted)


def remove_clubs_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    wanted = Permission.objects.filter(content_type__app_label="clubs")
    for group in Group.objects.filter(name=NSO):
        group.permissions.remove(*wanted)


class Migration(migrations.Migration):
    dependencies = [
        ("clubs", "0001_initial"),
        ("ttw_safeguarding", "0013_welfare_officers"),
    ]

    operations = [migrations.RunPython(add_clubs_permissions, remove_clubs_permissions)]
