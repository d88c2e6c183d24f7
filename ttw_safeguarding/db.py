"""Database-level protection of decision tables.

On PostgreSQL a trigger refuses every UPDATE and DELETE on a decision table,
so neither a queryset update nor raw SQL can change history. On SQLite a
trigger refuses UPDATE; DELETE is refused by the model and its queryset
(a SQLite trigger cannot tell a test database flush from tampering).

Every migration that creates a decision table adds ``ProtectDecisionTable``.
"""

from __future__ import annotations

from django.db import migrations

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
