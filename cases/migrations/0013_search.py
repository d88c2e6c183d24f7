# Search across the records (ttw_safeguarding.records.search), on PostgreSQL only:
# trigram indexes for children's names (typos and parts of names) and for the references
# of children and cases (a part of a reference), and a full-text index over officers'
# case notes. The expressions are those the search's queries use, so the planner uses
# them. SQLite finds the same fields with icontains and needs none of this.

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEXES = {
    "child_name_trgm": "cases_child USING gin (name gin_trgm_ops)",
    "child_name_upper_trgm": "cases_child USING gin (UPPER(name) gin_trgm_ops)",
    # References are written in capitals: the search looks for the query in capitals.
    "child_reference_trgm": "cases_child USING gin (reference gin_trgm_ops)",
    "case_reference_trgm": "cases_case USING gin (reference gin_trgm_ops)",
    "casenote_text_search": (
        "cases_casenote USING gin (to_tsvector('english'::regconfig, COALESCE(text, '')))"
    ),
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
        ("cases", "0012_actions"),
    ]

    operations = [
        PostgresOnly(),
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]
