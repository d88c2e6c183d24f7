# Search across the records: adults' names by trigram similarity (typos, parts of names),
# on PostgreSQL only; SQLite finds them with icontains.

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEXES = {
    "adult_name_trgm": "adults_adult USING gin (name gin_trgm_ops)",
    "adult_name_upper_trgm": "adults_adult USING gin (UPPER(name) gin_trgm_ops)",
}


class PostgresOnly(TrigramExtension):
    """pg_trgm, on PostgreSQL only (SQLite has nothing to install)."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        pass  # other apps' indexes may use the extension: it stays


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, definition in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {definition}")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("adults", "0005_case_management_group"),
    ]

    operations = [
        PostgresOnly(),
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]
