"""What the German search needs in PostgreSQL (nothing on other databases).

- the extensions ``pg_trgm`` (word similarity for typos) and ``unaccent``;
  both are "trusted" since PostgreSQL 13, so the database owner may create them;
- ``f_unaccent(text)``, an immutable wrapper of ``unaccent`` that indexes can use
  (the same function Wagtail's ``enable_unaccent`` command creates);
- the text search configuration ``portal_autocomplete``: like ``simple`` (no
  stemming, as autocomplete needs) but without accents, so "Backe" suggests
  "Bäckerei";
- GIN trigram indexes on the accent-free plain texts of Wagtail's index
  entries (the names Wagtail's ``enable_trigram`` command uses), which the
  typo-tolerant search reads instead of scanning every entry.

Entries indexed before this migration keep their old autocomplete vectors
until the index is rebuilt (``manage.py wagtail_update_index``).
"""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

TABLE = "wagtailsearch_indexentry"
FORWARD = [
    """
    CREATE OR REPLACE FUNCTION f_unaccent(text) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS
    $func$ SELECT public.unaccent('public.unaccent', $1) $func$
    """,
    """
    DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'portal_autocomplete') THEN
            CREATE TEXT SEARCH CONFIGURATION portal_autocomplete (COPY = simple);
            ALTER TEXT SEARCH CONFIGURATION portal_autocomplete
                ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;
        END IF;
    END $$
    """,
    f"CREATE INDEX IF NOT EXISTS modelsearch_title_text_unaccent_trgm "
    f"ON {TABLE} USING gin (f_unaccent(title_text) gin_trgm_ops)",
    f"CREATE INDEX IF NOT EXISTS modelsearch_body_text_unaccent_trgm "
    f"ON {TABLE} USING gin (f_unaccent(body_text) gin_trgm_ops)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS modelsearch_body_text_unaccent_trgm",
    "DROP INDEX IF EXISTS modelsearch_title_text_unaccent_trgm",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS portal_autocomplete",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("sitesearch", "0002_starter_synonyms_and_editor_permissions"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [
        TrigramExtension(),
        UnaccentExtension(),
        migrations.RunPython(forward, backward),
    ]
