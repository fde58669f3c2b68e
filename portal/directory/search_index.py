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

import json
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
    """Stands for the ``number``-th text of an object among a vector's SQL parameters."""

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

    def insert(self, objects):
        if not self.model.get_search_fields():
            return
        groups = {}  # shape -> (SQL, its constant parameters, rows)
        for obj in objects:
            title, body, autocomplete = self.texts(obj)
            shape, texts = [], []
            for parts in (title, autocomplete, body):
                parts = [(text.strip(), weight) for text, weight in parts]
                parts = [(text, weight) for text, weight in parts if text]
                shape.append(tuple(weight for _text, weight in parts))
                texts += [text for text, _weight in parts]
            shape = tuple(shape)
            if shape not in groups:
                groups[shape] = (*self._statement(shape), [])
            row = {f"t{number}": text for number, text in enumerate(texts)}
            row["object_id"] = str(obj.pk)
            row["title_text"] = " ".join(text.strip() for text, _ in title if text.strip())
            row["body_text"] = " ".join(text.strip() for text, _ in body if text.strip())
            groups[shape][2].append(row)
        with self.connection.cursor() as cursor:
            for sql, params, rows in groups.values():
                cursor.execute(sql, [*params, json.dumps(rows)])

    def _statement(self, shape):
        """The upsert of all objects of one shape; their texts come as one JSON document.

        The vectors' SQL is compiled by Wagtail and Django from placeholder
        texts, whose parameters are then replaced by columns of the document.
        """
        vectors, params, count = [], [], 0
        for column, weights in zip(("title", "autocomplete", "body"), shape, strict=True):
            placeholders = {
                f"\x00text-{count + n}\x00": Text(count + n) for n in range(len(weights))
            }
            count += len(weights)
            vector = self.indexer.as_vector(
                list(zip(placeholders, weights, strict=True)),
                for_autocomplete=column == "autocomplete",
            )
            value = self.compiler.prepare_value(IndexEntry._meta.get_field(column), vector)
            sql, vector_params = value.as_sql(self.compiler, self.connection)
            sql, vector_params = _texts_from_document(
                sql, [placeholders.get(p, p) if isinstance(p, str) else p for p in vector_params]
            )
            vectors.append(sql)
            params += vector_params
        columns = ", ".join(f"t{number} text" for number in range(count))
        title_sql, autocomplete_sql, body_sql = vectors
        sql = f"""
            INSERT INTO {IndexEntry._meta.db_table} (content_type_id, object_id, title,
                autocomplete, body, title_norm, title_text, body_text)
            SELECT {self.content_type_pk}, document.object_id, {title_sql}, {autocomplete_sql},
                {body_sql}, 1.0, document.title_text, document.body_text
            FROM json_to_recordset(%s::json) AS document (
                object_id text, title_text text, body_text text{", " if columns else ""}{columns}
            )
            ON CONFLICT (content_type_id, object_id)
            DO UPDATE SET title = EXCLUDED.title,
                          title_norm = 1.0,
                          autocomplete = EXCLUDED.autocomplete,
                          body = EXCLUDED.body,
                          title_text = EXCLUDED.title_text,
                          body_text = EXCLUDED.body_text
        """
        return sql, params


def _texts_from_document(sql, params):
    """Put the document's text columns where ``sql`` has the ``Text`` parameters."""
    if "%%" in sql:  # Django escapes a literal % so; splitting on %s would misread it
        raise ValueError(f"Unexpected literal % in search vector SQL: {sql}")
    pieces = sql.split("%s")
    if len(pieces) != len(params) + 1:
        raise ValueError(f"Parameters do not match the search vector SQL: {sql}")
    merged, kept = [pieces[0]], []
    for param, piece in zip(params, pieces[1:], strict=True):
        if isinstance(param, Text):
            merged.append(f"document.t{param.number}")
        else:
            merged.append("%s")
            kept.append(param)
        merged.append(piece)
    return "".join(merged), kept
