# The Board safeguarding lead (CPSU: the board-level safeguarding lead): a role of its own,
# with one permission, that reviews share decisions made by a National Safeguarding Officer.

from django.contrib.auth.management import create_permissions
from django.db import migrations

BOARD = "Board safeguarding lead"
BOARD_PERMISSIONS = ["record_concern", "record_media_approach", "review_nso_decisions"]


def create_role(apps, schema_editor):
    # The new permission exists only after post-migrate; the group needs it now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=BOARD)
    group.permissions.set(
        Permission.objects.filter(
            content_type__app_label="ttw_safeguarding", codename__in=BOARD_PERMISSIONS
        )
    )


def remove_role(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=BOARD).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("ttw_safeguarding", "0008_recorded_once"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="decision",
            options={
                "ordering": ["sequence"],
                "permissions": [
                    ("record_concern", "Can record a concern about a child"),
                    ("record_media_approach", "Can record an approach by the media"),
                    ("manage_cases", "Can triage concerns and manage cases and their decisions"),
                    ("review_decisions", "Can review share and no-share decisions (NSO)"),
                    ("handle_media", "Can receive and handle media approaches (NSO)"),
                    ("view_restricted", "Can see restricted records (NSO)"),
                    ("view_audit_log", "Can read the audit log (NSO)"),
                    ("record_cmg_decision", "Can record and see Case Management Group decisions"),
                    ("manage_accounts", "Can manage accounts and roles"),
                    (
                        "review_nso_decisions",
                        "Can review share decisions made by an NSO (board safeguarding lead)",
                    ),
                ],
            },
        ),
        migrations.RunPython(create_role, remove_role),
    ]
