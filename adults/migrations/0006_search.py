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


# pg_trgm declares its similarity operators as cheap as an equality, so on a table of a
# few thousand names the planner scans every row, comparing trigrams, rather than use the
# index (150 ms instead of 20 on 20,000 children). Their real cost is much higher.
TRIGRAM_OPERATOR_COST = [
    "ALTER FUNCTION similarity_op(text, text) COST 100",
    "ALTER FUNCTION word_similarity_op(text, text) COST 100",
    "ALTER FUNCTION word_similarity_commutator_op(text, text) COST 100",
]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in TRIGRAM_OPERATOR_COST:
        schema_editor.execute(statement)
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
