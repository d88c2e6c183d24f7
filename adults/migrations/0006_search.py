# Search across the records: adults' names by trigram similarity (typos, parts of names),
# on PostgreSQL only; SQLite finds them with icontains. pg_trgm and the cost of its
# operators are set by the cases' search migration, which this one follows.

from django.db import migrations

INDEXES = {
    "adult_name_trgm": "adults_adult USING gin (name gin_trgm_ops)",
    "adult_name_upper_trgm": "adults_adult USING gin (UPPER(name) gin_trgm_ops)",
}


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
        ("cases", "0013_search"),
    ]

    operations = [
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]
