"""Not even raw SQL changes history: every record table refuses UPDATE, DELETE and TRUNCATE.

The tables come from the registry (``ttw_safeguarding.records.db.record_models``): every
decision table, found from the models, and every model marked
``@append_only_record``. Each is tested on its own.
"""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from ttw_safeguarding.records.db import protect_record_tables, record_models
from ttw_safeguarding.records.decisions import decision_models
from ttw_safeguarding.records.models import Decision, WrittenReport

pytestmark = pytest.mark.django_db

RECORD_TABLES = [model._meta.db_table for model in record_models()]
REPORT_TABLE = WrittenReport._meta.db_table


def _postgresql_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip(
            "SQLite has no TRUNCATE, and refuses DELETE in the model (ttw_safeguarding.records.db)"
        )


def _triggers(table: str) -> dict[str, str]:
    """Trigger name -> the events it fires on, as PostgreSQL or SQLite has them."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT t.tgname, pg_get_triggerdef(t.oid) FROM pg_trigger t "
                "JOIN pg_class c ON c.oid = t.tgrelid WHERE c.relname = %s AND NOT t.tgisinternal",
                [table],
            )
        else:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
                [table],
            )
        return dict(cursor.fetchall())


def test_every_decision_table_and_the_marked_ones_are_in_the_registry():
    tables = set(RECORD_TABLES)
    for model in decision_models().values():
        assert model._meta.db_table in tables
    assert Decision._meta.db_table in tables
    for marked in (
        "ttw_safeguarding_needtoknow",
        "ttw_safeguarding_seal",
        "cases_casenote",
        "sharing_cmgmemberassignment",
    ):
        assert marked in tables


def test_no_table_is_protected_outside_the_registry():
    # Any table a migration made append-only by hand belongs in the registry too.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT DISTINCT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE t.tgname LIKE '%%_append_only'"
            )
        else:
            cursor.execute(
                "SELECT DISTINCT tbl_name FROM sqlite_master "
                "WHERE type = 'trigger' AND name LIKE '%_append_only'"
            )
        protected = {row[0] for row in cursor.fetchall()}
    assert protected == set(RECORD_TABLES)


@pytest.mark.parametrize("table", RECORD_TABLES)
def test_the_record_table_refuses_update_delete_and_truncate(table):
    triggers = _triggers(table)
    assert f"{table}_append_only" in triggers
    if connection.vendor != "postgresql":
        assert "BEFORE UPDATE" in triggers[f"{table}_append_only"].upper()
        return
    row_trigger = triggers[f"{table}_append_only"]
    assert "BEFORE DELETE OR UPDATE" in row_trigger and "FOR EACH ROW" in row_trigger
    assert "ttw_refuse_decision_change" in row_trigger
    # TRUNCATE fires its trigger even on an empty table, so it is tried here for real.
    quoted = connection.ops.quote_name(table)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {quoted} CASCADE")


def test_a_decision_row_refuses_update_delete_and_truncate_by_sql(case, officer, record_referral):
    _postgresql_only()
    decision = record_referral(case, officer)
    for sql in (
        "UPDATE ttw_safeguarding_decision SET reason = 'x' WHERE id = %s",
        "DELETE FROM ttw_safeguarding_seal WHERE decision_id = %s",
        "UPDATE ttw_safeguarding_seal SET subject_hash = subject_hash WHERE decision_id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [decision.pk])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("TRUNCATE ttw_safeguarding_decision CASCADE")
    assert Decision.objects.filter(pk=decision.pk).exists()


def test_a_ready_report_is_final_but_a_pending_one_may_become_ready(
    case, officer, django_capture_on_commit_callbacks
):
    from cases.models import Referral
    from ttw_safeguarding.records.decisions import decision_record

    decision = decision_record(
        Referral(
            case=case,
            outcome="Referred",
            reason="Threshold met",
            agency="police",
            agency_contact="Desk",
            referred_at=case.opened_at,
            method="phone",
            information_shared="Concern",
        ),
        actor=officer,
    )
    report = WrittenReport.objects.get(decision=decision)
    # The report job's own update: pending to failed, and back, is allowed.
    WrittenReport.objects.filter(pk=report.pk).update(state=WrittenReport.State.FAILED)
    from ttw_safeguarding.records.reports import report_generate

    report_generate(report)
    assert report.state == WrittenReport.State.READY
    triggers = _triggers(REPORT_TABLE)
    assert f"{REPORT_TABLE}_ready_final" in triggers
    with pytest.raises(DatabaseError), transaction.atomic():
        WrittenReport.objects.filter(pk=report.pk).update(state=WrittenReport.State.PENDING)
    with pytest.raises(DatabaseError), transaction.atomic():
        WrittenReport.objects.filter(pk=report.pk).update(sha256="0" * 64)
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {REPORT_TABLE} WHERE id = %s", [report.pk])
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {REPORT_TABLE}")
    report.refresh_from_db()
    assert report.state == WrittenReport.State.READY


def test_installing_the_protection_again_changes_nothing():
    # It runs after every migrate; a second run must be harmless.
    assert set(protect_record_tables(connection)) == {*RECORD_TABLES, REPORT_TABLE}


def test_the_application_role_cannot_switch_the_triggers_off():
    """README's assumption: the application's role is neither a superuser nor the owner."""
    _postgresql_only()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("CREATE ROLE ttw_application_probe NOSUPERUSER NOINHERIT")
        cursor.execute(
            "GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA public "
            "TO ttw_application_probe"
        )
        cursor.execute("SET LOCAL ROLE ttw_application_probe")
        for sql in (
            "SET LOCAL session_replication_role = replica",
            "ALTER TABLE ttw_safeguarding_decision DISABLE TRIGGER USER",
            "DROP TRIGGER ttw_safeguarding_decision_append_only ON ttw_safeguarding_decision",
            "TRUNCATE ttw_safeguarding_seal CASCADE",
        ):
            cursor.execute("SAVEPOINT probe")
            with pytest.raises(DatabaseError):
                cursor.execute(sql)
            cursor.execute("ROLLBACK TO SAVEPOINT probe")
        cursor.execute("RESET ROLE")
        transaction.set_rollback(True)
