"""Create the five first roles as groups with their permissions.

The roles are written out as they were when this migration was made: a role added later has
its own migration (its permission does not exist yet at this point of the history).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

_EVERYONE = ["record_concern", "record_media_approach"]
ROLE_PERMISSIONS = {
    "Staff": _EVERYONE,
    "Safeguarding Officer": [*_EVERYONE, "manage_cases"],
    "National Safeguarding Officer": [
        *_EVERYONE,
        "manage_cases",
        "review_decisions",
        "handle_media",
        "view_restricted",
        "view_audit_log",
    ],
    "Case Management Group member": [*_EVERYONE, "record_cmg_decision"],
    "System administrator": [
        *_EVERYONE,
        "manage_accounts",
        "auth.view_user",
        "auth.add_user",
        "auth.change_user",
        "auth.view_group",
    ],
}


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
            # (grant_roles: 0011_nso_grants_roles).
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
