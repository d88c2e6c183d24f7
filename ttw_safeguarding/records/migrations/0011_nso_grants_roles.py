"""The National Safeguarding Officer role grants roles that see case content (grant_roles)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

NSO = "National Safeguarding Officer"


def add_grant_roles(apps, schema_editor):
    # The permission is normally created after migrate; the role needs it now.
    app_config = apps.get_app_config("ttw_safeguarding")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    grant = Permission.objects.get(
        content_type__app_label="ttw_safeguarding", codename="grant_roles"
    )
    for group in Group.objects.filter(name=NSO):
        group.permissions.add(grant)


def remove_grant_roles(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(
        content_type__app_label="ttw_safeguarding", codename="grant_roles"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("ttw_safeguarding", "0010_accounts_role_requests_enrolment_codes")]

    operations = [migrations.RunPython(add_grant_roles, remove_grant_roles)]
