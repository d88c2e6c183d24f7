# Alerts that reach people (issue 17): the ledger that sends each alert once per stage,
# the choice of a daily digest, and an opaque code on notifications so that a page can
# open one or mark it read without showing its integer key.

import uuid

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def give_codes(apps, schema_editor):
    # Existing notifications each get their own code before the column is made unique.
    Notification = apps.get_model("ttw_safeguarding", "Notification")
    for notification in Notification.objects.filter(code__isnull=True).only("pk").iterator():
        Notification.objects.filter(pk=notification.pk).update(code=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [
        ("ttw_safeguarding", "0013_welfare_officers"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="notification",
            options={"ordering": ["-created_at", "-pk"]},
        ),
        migrations.AddField(
            model_name="notification",
            name="code",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(give_codes, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="notification",
            name="code",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
        migrations.CreateModel(
            name="AlertSent",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("key", models.CharField(max_length=200)),
                (
                    "stage",
                    models.CharField(
                        choices=[
                            ("due", "due"),
                            ("overdue", "overdue"),
                            ("digest", "daily digest"),
                        ],
                        max_length=10,
                    ),
                ),
                ("sent_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "recipient",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="alerts_sent",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(fields=["recipient", "sent_at"], name="alert_sent_by_recipient")
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("key", "stage", "recipient"), name="alert_sent_once_per_stage"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="AlertPreference",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "daily_digest",
                    models.BooleanField(
                        default=False,
                        help_text="Alerts still appear on your notifications page as they happen.",
                        verbose_name="Send me one daily digest instead of an e-mail for each alert",
                    ),
                ),
                (
                    "user",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="alert_preference",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
        ),
    ]
