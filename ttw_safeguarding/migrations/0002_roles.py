"""Create the five roles as groups with their permissions (ttw_safeguarding.roles)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from ttw_safeguarding.roles import ROLE_PERMISSIONS


def create_roles(apps, schema_editor):
    # Permissions are normally created after migrate; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        perms = []
        for full in codenames:
            app_label, codename = full.split(".") if "." in full else ("ttw_safeguarding", full)
            found = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            # A permission declared by a later migration is given to its role there
            # (grant_roles: 0005_nso_grants_roles).
            if found is not None:
                perms.append(found)
        group.permissions.set(perms)


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=list(ROLE_PERMISSIONS)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("ttw_safeguarding", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
