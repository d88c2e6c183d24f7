# Actions on a case or another app's record, and their completion: both insert only.

import uuid

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import ttw_safeguarding.records.db


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0011_club_share_back"),
        ("clubs", "0002_nso_keeps_clubs"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Action",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("code", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                (
                    "target_kind",
                    models.CharField(editable=False, max_length=40, verbose_name="kind of record"),
                ),
                ("target_code", models.UUIDField(editable=False)),
                (
                    "target_label",
                    models.CharField(editable=False, max_length=200, verbose_name="record"),
                ),
                ("what", models.TextField(verbose_name="what is to be done")),
                ("due_on", models.DateField(verbose_name="due by")),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False),
                ),
                (
                    "assignee",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="actions_assigned",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "assignee_club",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="actions_assigned",
                        to="clubs.club",
                        verbose_name="club (its welfare officers)",
                    ),
                ),
                (
                    "case",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="actions",
                        to="cases.case",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        editable=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
        ),
        migrations.CreateModel(
            name="ActionDone",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("code", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ("outcome", models.TextField(verbose_name="outcome")),
                (
                    "done_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False),
                ),
                (
                    "action",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="done",
                        to="cases.action",
                    ),
                ),
                (
                    "done_by",
                    models.ForeignKey(
                        editable=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
        ),
        migrations.AddIndex(
            model_name="action",
            index=models.Index(fields=["target_kind", "target_code"], name="action_target"),
        ),
        migrations.AddIndex(
            model_name="action",
            index=models.Index(fields=["due_on"], name="action_due_on"),
        ),
        migrations.AddConstraint(
            model_name="action",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("assignee__isnull", False), ("assignee_club__isnull", True)),
                    models.Q(("assignee__isnull", True), ("assignee_club__isnull", False)),
                    _connector="OR",
                ),
                name="action_one_assignee",
            ),
        ),
        migrations.AddConstraint(
            model_name="actiondone",
            constraint=models.UniqueConstraint(fields=("action",), name="action_done_once"),
        ),
        # Both are records: insert only.
        ttw_safeguarding.records.db.ProtectDecisionTable("cases_action"),
        ttw_safeguarding.records.db.ProtectDecisionTable("cases_actiondone"),
    ]
