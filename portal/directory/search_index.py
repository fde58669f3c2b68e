"""Indexing many profiles at once for Wagtail's PostgreSQL search (imports, bulk creation).

Wagtail's ``add_bulk`` builds and compiles a tree of Django expressions for
every text of every object: about three seconds per thousand profiles, the
largest part of a 10,000-row import. ``add_bulk`` here writes the very same
index entries (the same texts, weights, SQL functions and upsert, so a
search finds and ranks them exactly as after Wagtail's ``add_bulk``) but
compiles the SQL of a search vector once per *shape* (the weights of an
object's non-empty texts, in order) and then only swaps in the texts.
Other search backends get Wagtail's own ``add_bulk``.
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models.sql.subqueries import InsertQuery
from wagtail.search.backends import get_search_backends
from wagtail.search.backends.database.postgres.postgres import (
    IndexEntry,
    ObjectIndexer,
    PostgresSearchBackend,
)
from wagtail.search.index import AutocompleteField, SearchField

BATCH_SIZE = 1000  # objects per INSERT


@dataclass(frozen=True)
class Text:
    """Where the ``number``-th text of an object goes among a vector's SQL parameters."""

    number: int


def add_bulk(model, objects):
    """Index (or re-index) ``objects`` of ``model`` in every auto-updated search backend.

    ``objects`` may be a generator: it is consumed in batches of ``BATCH_SIZE``.
    """
    backends = list(get_search_backends(with_auto_update=True))
    indexers = [
        BulkIndexer(backend, model) if isinstance(backend, PostgresSearchBackend) else None
        for backend in backends
    ]
    batch = []
    for obj in objects:
        batch.append(obj)
        if len(batch) == BATCH_SIZE:
            _add_batch(model, batch, backends, indexers)
            batch = []
    _add_batch(model, batch, backends, indexers)
    for indexer in indexers:
        if indexer is not None:
            indexer.finish()


def _add_batch(model, batch, backends, indexers):
    if not batch:
        return
    for backend, indexer in zip(backends, indexers, strict=True):
        if indexer is not None:
            indexer.insert(batch)
        else:
            backend.add_bulk(model, batch)


class BulkIndexer:
    """Writes index entries like ``PostgresIndex.add_items``, with SQL compiled per shape."""

    def __init__(self, backend, model):
        self.backend = backend
        self.model = model
        self.index = backend.get_index_for_model(model)
        self.connection = self.index.write_connection
        self.compiler = InsertQuery(IndexEntry).get_compiler(connection=self.connection)
        self.content_type_pk = ContentType.objects.get_for_model(model).pk
        self.shapes = {}
        self.indexer = None

    def finish(self):
        """Set the title norms of the new entries (Wagtail does it after every batch)."""
        if self.indexer is not None:
            self.index._refresh_title_norms()

    def texts(self, obj):
        """``(title, body, autocomplete)`` as ``[(text, weight)]``, in Wagtail's order."""
        if self.indexer is None:
            # Only its helpers are used; they read the search fields of the class.
            self.indexer = ObjectIndexer(obj, self.backend)
        title, body, autocomplete = [], [], []
        for search_field in self.indexer.search_fields:
            for field, weight, value in self.indexer.prepare_field(obj, search_field):
                if isinstance(field, SearchField):
                    (title if field.field_name == "title" else body).append((value, weight))
                elif isinstance(field, AutocompleteField):
                    autocomplete.append((value, weight))
        return title, body, autocomplete

    def vector(self, texts, column):
        """SQL and parameters of the tsvector of ``texts`` (as ``ObjectIndexer.as_vector``)."""
        texts = [(text.strip(), weight) for text, weight in texts]
        texts = [(text, weight) for text, weight in texts if text]
        shape = (column, tuple(weight for _text, weight in texts))
        if shape not in self.shapes:
            self.shapes[shape] = self._compile(column, shape[1])
        sql, params = self.shapes[shape]
        return sql, [
            texts[param.number][0] if isinstance(param, Text) else param for param in params
        ]

    def _compile(self, column, weights):
        # Placeholder texts go through Wagtail's and Django's own compilation;
        # their places among the parameters say where each real text goes.
        placeholders = {f"\x00text-{number}\x00": Text(number) for number in range(len(weights))}
        vector = self.indexer.as_vector(
            list(zip(placeholders, weights, strict=True)),
            for_autocomplete=column == "autocomplete",
        )
        value = self.compiler.prepare_value(IndexEntry._meta.get_field(column), vector)
        sql, params = value.as_sql(self.compiler, self.connection)
        return sql, [
            placeholders.get(param, param) if isinstance(param, str) else param for param in params
        ]

    def insert(self, objects):
        if not self.model.get_search_fields():
            return
        rows, params = [], []
        for obj in objects:
            title, body, autocomplete = self.texts(obj)
            title_sql, title_params = self.vector(title, "title")
            autocomplete_sql, autocomplete_params = self.vector(autocomplete, "autocomplete")
            body_sql, body_params = self.vector(body, "body")
            rows.append(f"(%s, %s, {title_sql}, {autocomplete_sql}, {body_sql}, 1.0, %s, %s)")
            params += [self.content_type_pk, str(obj.pk)]
            params += title_params + autocomplete_params + body_params
            params.append(" ".join(text.strip() for text, _ in title if text.strip()))
            params.append(" ".join(text.strip() for text, _ in body if text.strip()))
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"""
                INSERT INTO {IndexEntry._meta.db_table} (content_type_id, object_id, title,
                    autocomplete, body, title_norm, title_text, body_text)
                (VALUES {", ".join(rows)})
                ON CONFLICT (content_type_id, object_id)
                DO UPDATE SET title = EXCLUDED.title,
                              title_norm = 1.0,
                              autocomplete = EXCLUDED.autocomplete,
                              body = EXCLUDED.body,
                              title_text = EXCLUDED.title_text,
                              body_text = EXCLUDED.body_text
                """,
                params,
            )
