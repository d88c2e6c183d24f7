# What the NSO's team shares back to a case's club (a decision), and a task's completion.

import uuid

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import ttw_safeguarding.records.db


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0010_adult_person"),
        ("clubs", "0002_nso_keeps_clubs"),
        ("ttw_safeguarding", "0013_welfare_officers"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ClubShareBack",
            fields=[
                (
                    "decision_ptr",
                    models.OneToOneField(
                        auto_created=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        parent_link=True,
                        primary_key=True,
                        serialize=False,
                        to="ttw_safeguarding.decision",
                    ),
                ),
                (
                    "share_kind",
                    models.CharField(
                        choices=[("note", "Note"), ("task", "Task")],
                        max_length=10,
                        verbose_name="note or task",
                    ),
                ),
                (
                    "text",
                    models.TextField(
                        verbose_name="what the club's welfare officer needs to know or do"
                    ),
                ),
                ("due_on", models.DateField(blank=True, null=True, verbose_name="task due by")),
                (
                    "club",
                    models.ForeignKey(
                        editable=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="shared_back",
                        to="clubs.club",
                    ),
                ),
            ],
            bases=("ttw_safeguarding.decision",),
        ),
        migrations.CreateModel(
            name="ClubTaskDone",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("code", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ("outcome", models.TextField(verbose_name="what the club did")),
                (
                    "done_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False),
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
                (
                    "task",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="done",
                        to="cases.clubshareback",
                    ),
                ),
            ],
        ),
        migrations.AddConstraint(
            model_name="clubshareback",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("share_kind", "task"), ("due_on__isnull", False)),
                    models.Q(("share_kind", "note"), ("due_on__isnull", True)),
                    _connector="OR",
                ),
                name="club_share_back_task_due",
            ),
        ),
        migrations.AddConstraint(
            model_name="clubtaskdone",
            constraint=models.UniqueConstraint(fields=("task",), name="club_task_done_once"),
        ),
        # Both are records: insert only.
        ttw_safeguarding.records.db.ProtectDecisionTable("cases_clubshareback"),
        ttw_safeguarding.records.db.ProtectDecisionTable("cases_clubtaskdone"),
    ]
