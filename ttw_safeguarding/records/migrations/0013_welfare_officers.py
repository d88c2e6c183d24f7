# CPSU: the club welfare officer and the regional welfare officer, two roles that see the
# concerns of the clubs they cover (which clubs: the clubs app's memberships).

from django.contrib.auth.management import create_permissions
from django.db import migrations

EVERYONE = ["record_concern", "record_media_approach"]
ROLES = {
    "Club Welfare Officer": [*EVERYONE, "see_club_records"],
    "Regional Welfare Officer": [*EVERYONE, "see_region_records"],
}


def create_roles(apps, schema_editor):
    # The new permissions exist only after post-migrate; the groups need them now.
    app_config = apps.get_app_config("ttw_safeguarding")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(
            Permission.objects.filter(
                content_type__app_label="ttw_safeguarding", codename__in=codenames
            )
        )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("ttw_safeguarding", "0012_submission_any_record"),
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
                    (
                        "grant_roles",
                        "Can grant roles that see case content and confirm role requests (NSO)",
                    ),
                    (
                        "see_club_records",
                        "Can record and see the concerns of their clubs (club welfare officer)",
                    ),
                    (
                        "see_region_records",
                        "Can record and see the concerns of their region's clubs (regional)",
                    ),
                ],
            },
        ),
        migrations.RunPython(create_roles, remove_roles),
    ]
