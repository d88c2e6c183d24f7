"""Database-level protection of the record tables.

On PostgreSQL triggers refuse every UPDATE, DELETE and TRUNCATE on a record
table, so neither a queryset update nor raw SQL can change history; a written
report row may still move from pending or failed to ready (the report job) but
never changes once ready. On SQLite a trigger refuses UPDATE; DELETE is refused
by the model and its queryset (a SQLite trigger cannot tell a test database
flush from tampering), and SQLite has no TRUNCATE.

This holds against the application's own database role as long as that role
neither owns the tables nor is a superuser: an owner can drop or disable
triggers (README, "Running on PostgreSQL"). What a superuser could still do is
found by ``manage.py verify_records`` against the signed checkpoints kept
outside the database (``ttw_safeguarding.records.checkpoints``).

The record tables are a registry, not a list: every decision table (found from
the models) and every model marked ``@append_only_record``.
``protect_record_tables`` installs the triggers on all of them; it runs in the
migration that introduced it and again after every ``migrate``, so a record
table added later is protected without anyone copying its name here.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.apps import apps
from django.db import connection, migrations, models

M = TypeVar("M", bound=type[models.Model])

_APPEND_ONLY: set[str] = set()


def append_only_record(model: M) -> M:
    """Mark a model as a record table: insert only, protected by the database."""
    _APPEND_ONLY.add(model._meta.label_lower)
    return model


def record_models() -> list[type[models.Model]]:
    """Every table protected as append-only: each decision table and each marked model.

    Written reports are not here: their rows change until ready (see ``report_model``).
    """
    # By the app registry: the models are built on this module, so it cannot import them.
    decision = apps.get_model("ttw_safeguarding", "Decision")
    found: list[type[models.Model]] = []
    for model in apps.get_models():
        if issubclass(model, decision) or model._meta.label_lower in _APPEND_ONLY:
            found.append(model)
    return sorted(found, key=lambda m: m._meta.db_table)


def report_model() -> type[models.Model]:
    return apps.get_model("ttw_safeguarding", "WrittenReport")


_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION ttw_refuse_decision_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'decision records are append-only: %% on %% refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


class ProtectDecisionTable(migrations.operations.base.Operation):
    """Install the append-only trigger on one decision table."""

    reversible = True
    reduces_to_sql = True

    def __init__(self, table: str) -> None:
        self.table = table

    def state_forwards(self, app_label, state) -> None:
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state) -> None:
        table = schema_editor.quote_name(self.table)
        trigger = f"{self.table}_append_only"
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(_PG_FUNCTION)
            schema_editor.execute(
                f"CREATE TRIGGER {trigger} BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION ttw_refuse_decision_change()"
            )
        elif schema_editor.connection.vendor == "sqlite":
            schema_editor.execute(
                f"CREATE TRIGGER {trigger} BEFORE UPDATE ON {table} "
                "BEGIN SELECT RAISE(ABORT, 'decision records are append-only'); END"
            )

    def database_backwards(self, app_label, schema_editor, from_state, to_state) -> None:
        trigger = f"{self.table}_append_only"
        if schema_editor.connection.vendor == "postgresql":
            table = schema_editor.quote_name(self.table)
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
        elif schema_editor.connection.vendor == "sqlite":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {trigger}")

    def describe(self) -> str:
        return f"Make {self.table} append-only"

    def deconstruct(self):
        return (self.__class__.__name__, [self.table], {})


_PG_READY_REPORT_FUNCTION = """
CREATE OR REPLACE FUNCTION ttw_refuse_ready_report_change() RETURNS trigger AS $$
BEGIN
    -- The report job moves a row from pending or failed to ready; a ready row is final.
    IF TG_OP = 'UPDATE' AND OLD.state <> 'ready' THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'a ready written report is append-only: %% on %% refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def protect_record_tables(connection: Any) -> list[str]:
    """Install (again, harmlessly) the triggers on every record table that exists.

    Returns the tables protected.
    """
    existing = set(connection.introspection.table_names())
    tables = [m._meta.db_table for m in record_models() if m._meta.db_table in existing]
    report_table = report_model()._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_PG_FUNCTION.replace("%%", "%"))
            cursor.execute(_PG_READY_REPORT_FUNCTION.replace("%%", "%"))
            for table in tables:
                quoted = connection.ops.quote_name(table)
                cursor.execute(
                    f"CREATE OR REPLACE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE "
                    f"ON {quoted} FOR EACH ROW EXECUTE FUNCTION ttw_refuse_decision_change()"
                )
                cursor.execute(
                    f"CREATE OR REPLACE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {quoted} "
                    "FOR EACH STATEMENT EXECUTE FUNCTION ttw_refuse_decision_change()"
                )
            if report_table in existing:
                quoted = connection.ops.quote_name(report_table)
                cursor.execute(
                    f"CREATE OR REPLACE TRIGGER {report_table}_ready_final BEFORE UPDATE OR "
                    f"DELETE ON {quoted} FOR EACH ROW "
                    "EXECUTE FUNCTION ttw_refuse_ready_report_change()"
                )
                cursor.execute(
                    f"CREATE OR REPLACE TRIGGER {report_table}_no_truncate BEFORE TRUNCATE ON "
                    f"{quoted} FOR EACH STATEMENT EXECUTE FUNCTION ttw_refuse_decision_change()"
                )
                tables.append(report_table)
        elif connection.vendor == "sqlite":
            for table in tables:
                cursor.execute(
                    f"CREATE TRIGGER IF NOT EXISTS {table}_append_only BEFORE UPDATE ON "
                    f"{connection.ops.quote_name(table)} "
                    "BEGIN SELECT RAISE(ABORT, 'decision records are append-only'); END"
                )
            if report_table in existing:
                cursor.execute(
                    f"CREATE TRIGGER IF NOT EXISTS {report_table}_ready_final BEFORE UPDATE ON "
                    f"{connection.ops.quote_name(report_table)} WHEN OLD.state = 'ready' "
                    "BEGIN SELECT RAISE(ABORT, 'a ready written report is append-only'); END"
                )
                tables.append(report_table)
    return tables


def protect_after_migrate(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """``post_migrate``: every record table, including ones added since, is protected."""
    from django.db import connections

    protect_record_tables(connections[using])


class ProtectRecordTables(migrations.operations.base.Operation):
    """Install the append-only, no-truncate triggers on every registered record table."""

    reversible = True
    reduces_to_sql = False

    def state_forwards(self, app_label, state) -> None:
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state) -> None:
        protect_record_tables(schema_editor.connection)

    def database_backwards(self, app_label, schema_editor, from_state, to_state) -> None:
        # The row triggers belong to the migrations that made each table; only the
        # statement triggers and the ready-report trigger go.
        connection = schema_editor.connection
        if connection.vendor != "postgresql":
            return
        for table in connection.introspection.table_names():
            quoted = connection.ops.quote_name(table)
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {quoted}")
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_ready_final ON {quoted}")

    def describe(self) -> str:
        return "Refuse UPDATE, DELETE and TRUNCATE on every record table"

    def deconstruct(self):
        return (self.__class__.__name__, [], {})


# Any constant: the advisory lock that serialises writers of the chain on PostgreSQL.
_CHAIN_LOCK_KEY = 6_011_0001


def chain_lock() -> None:
    """Serialise writers of the hash chain: decisions, and the seal chain of checkpoints,
    which is written under the same lock."""
    # On PostgreSQL two transactions could read the same chain head and fork the
    # chain; the advisory lock makes the second wait for the first to commit.
    # SQLite transactions here begin IMMEDIATE (settings), which already serialises writers.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])
