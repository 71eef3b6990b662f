"""The PostgreSQL backend's full-text columns and GIN indexes — on PostgreSQL only.

SQLite has no ``text[]``, ``tsvector`` or GIN; the suite migrates there too, and the PostgreSQL
search backend refuses to start on any other database, so on SQLite this migration does nothing.
The model (``SearchDocument``) does not declare these columns: the backend writes them with its
own SQL, so Django's migration state is the same on both databases (``makemigrations --check``).

- ``access text[]`` — access tokens; a query keeps rows sharing one of the user's (``&&``, GIN).
- ``words tsvector`` — word tokens of the title (weight A) and body (weight B), for ranking.
- ``title_chars``, ``body_chars tsvector`` — character tokens with positions, for exact substrings
  (phrase queries with ``<->``).  Built from the search core's analyzer, never by PostgreSQL's
  parser (see xiezhi/nlp/search/analysis.py).
"""

from django.db import migrations

FORWARD = """
ALTER TABLE search_document
    ADD COLUMN access text[] NOT NULL DEFAULT '{}',
    ADD COLUMN words tsvector NOT NULL DEFAULT '',
    ADD COLUMN title_chars tsvector NOT NULL DEFAULT '',
    ADD COLUMN body_chars tsvector NOT NULL DEFAULT '';
CREATE INDEX search_document_access_gin ON search_document USING gin (access);
CREATE INDEX search_document_words_gin ON search_document USING gin (words);
CREATE INDEX search_document_title_chars_gin ON search_document USING gin (title_chars);
CREATE INDEX search_document_body_chars_gin ON search_document USING gin (body_chars);
CREATE INDEX search_document_date_order ON search_document (sort_date DESC NULLS LAST, (doc_id COLLATE "C"));
"""

BACKWARD = """
DROP INDEX IF EXISTS search_document_date_order;
ALTER TABLE search_document
    DROP COLUMN IF EXISTS access,
    DROP COLUMN IF EXISTS words,
    DROP COLUMN IF EXISTS title_chars,
    DROP COLUMN IF EXISTS body_chars;
"""


class RunSQLOnPostgreSQL(migrations.RunSQL):
    """RunSQL that is skipped on every database but PostgreSQL (no change to the model state)."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):  # type: ignore[no-untyped-def]
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):  # type: ignore[no-untyped-def]
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [RunSQLOnPostgreSQL(FORWARD, BACKWARD)]
