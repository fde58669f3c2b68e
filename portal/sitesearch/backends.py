"""The portal's search backend: Wagtail's database backend, tuned for German.

This is the one module that knows which database the search runs on. It is
configured as ``WAGTAILSEARCH_BACKENDS["default"]["BACKEND"]`` and, like
Wagtail's ``wagtail.search.backends.database``, picks the implementation
for the default database:

- PostgreSQL: Wagtail's backend with the ``german`` text search
  configuration (``SEARCH_CONFIG``: stemming, stop words, umlauts folded),
  every word of a query also matched as a word prefix ("Bäcker" finds
  "Bäckerei", whose stem ``backerei`` starts with ``back``), autocomplete
  through the accent-free configuration ``portal_autocomplete``, and typo
  tolerance with Wagtail's ``Fuzzy`` query on ``pg_trgm`` word similarity
  over accent-free text, answered from trigram indexes. The extensions,
  the ``f_unaccent`` function, the configuration and the indexes come from
  the migration ``sitesearch.0003``.
- SQLite (the quickstart): Wagtail's FTS5 backend, every word a prefix;
  FTS5 folds umlauts itself. No stemming and no typo tolerance.
- anything else: Wagtail's plain database fallback.

Everything outside this module only uses Wagtail's search API and query
classes, so a town can switch to Elasticsearch or OpenSearch by settings
alone (see docs/search.md); ``supports_fuzzy`` tells callers whether the
configured backend understands ``Fuzzy``.
"""

import functools
import re

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.db import connection, connections
from django.db.models import BooleanField, Count, F, FloatField, Func, Q, TextField, Value, Window
from django.db.models.expressions import Expression
from django.db.models.functions import Greatest, Lower
from wagtail.search.backends import get_search_backend
from wagtail.search.backends.database.fallback import DatabaseSearchBackend
from wagtail.search.backends.database.postgres.postgres import (
    PostgresAutocompleteQueryCompiler,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
    PostgresSearchResults,
)
from wagtail.search.backends.database.postgres.query import Lexeme
from wagtail.search.models import IndexEntry
from wagtail.search.query import And, Boost, Not, Or, PlainText
from wagtail.search.utils import get_descendants_content_types_pks

WORD_SPLIT = re.compile(r"[\s\-]+")
# Titles count more than descriptions and goods when a typo is forgiven.
FUZZY_BODY_FACTOR = 0.8
# How alike a typed text and some word of an entry must be (pg_trgm word
# similarity, 0..1): "Bakerei" and "Bäckerei" are 0.55 alike, "Apoteke" and
# "Apotheke" too, which pg_trgm's default of 0.6 would miss; "Stadtfest" and
# "Stadtgeschichte" are 0.5 alike and should not match.
DEFAULT_FUZZY_WORD_THRESHOLD = 0.52
DEFAULT_AUTOCOMPLETE_CONFIG = "portal_autocomplete"
# Suggestions: the best this many index entries are checked against the queryset.
MAX_SUGGESTION_CANDIDATES = 50


def SearchBackend(params):  # noqa: N802  (Wagtail looks the backend up by this name)
    """The backend for the default database (Wagtail calls this with the settings' params)."""
    if connection.vendor == "postgresql":
        return PortalPostgresSearchBackend(params)
    if connection.vendor == "sqlite":
        from wagtail.search.backends.database import SearchBackend as wagtail_database_backend

        backend = wagtail_database_backend(params)
        if type(backend).__name__ == "SQLiteSearchBackend":
            return PortalSQLiteSearchBackend(params)
        return backend
    return DatabaseSearchBackend(params)


def fetch(results, offset, limit):
    """``(objects, count)``: a slice of Wagtail search results and the number of all results.

    On PostgreSQL in one query (a window count over the very rows that are
    ranked anyway); on other backends a slice and, if needed, a count.
    """
    if isinstance(results, PostgresSearchResults):
        queryset = results.get_queryset().annotate(_search_total=Window(Count("*")))
        objects = list(queryset[offset : offset + limit])
        if objects:
            return objects, objects[0]._search_total
        return [], (results.count() if offset else 0)
    objects = list(results[offset : offset + limit])
    if len(objects) < limit and (objects or not offset):
        return objects, offset + len(objects)
    return objects, results.count()


def suggest(queryset, search_query, limit, backend=None):
    """Objects of ``queryset`` whose names start with the words of ``search_query``, best first.

    For the suggestions while typing. Wagtail's autocomplete joins every
    object of the queryset to its index entry (on a text id) before it
    matches; with 20,000 businesses that costs tens of milliseconds. On
    PostgreSQL the matching entries are found first (GIN index on the
    autocomplete vector) and ranked, and only the best
    ``MAX_SUGGESTION_CANDIDATES`` are loaded from ``queryset``.
    """
    backend = backend or get_search_backend()
    if not isinstance(backend, PortalPostgresSearchBackend):
        return list(backend.autocomplete(search_query, queryset)[:limit])
    compiler = backend.autocomplete_query_compiler_class(queryset, search_query)
    tsquery = compiler.build_tsquery(search_query, config=backend.autocomplete_config)
    if tsquery is None:
        return []
    content_types = get_descendants_content_types_pks(queryset.model)
    candidates = (
        IndexEntry.objects.filter(content_type_id__in=content_types, autocomplete=tsquery)
        .annotate(rank=SearchRank(F("autocomplete"), tsquery))
        .order_by("-rank", "object_id")
        .values_list("object_id", flat=True)[:MAX_SUGGESTION_CANDIDATES]
    )
    pk_field = queryset.model._meta.pk
    ids = [pk_field.to_python(object_id) for object_id in candidates]
    found = {obj.pk: obj for obj in queryset.filter(pk__in=ids)} if ids else {}
    return [found[pk] for pk in ids if pk in found][:limit]


def supports_fuzzy(backend):
    """Whether ``backend`` answers Wagtail's ``Fuzzy`` query (typo-tolerant search)."""
    explicit = getattr(backend, "supports_fuzzy", None)
    if explicit is not None:
        return explicit
    # Wagtail's Elasticsearch and OpenSearch backends do (with "fuzziness": "AUTO").
    module = type(backend).__module__
    return "elasticsearch" in module or "opensearch" in module


# PostgreSQL --------------------------------------------------------------------------


class FUnaccent(Func):
    """``f_unaccent(text)``: the immutable wrapper of ``unaccent`` the trigram indexes use."""

    function = "f_unaccent"
    output_field = TextField()


class WordSimilar(Expression):
    """``text %> needle``: some word of ``text`` is similar to ``needle`` (pg_trgm).

    The operator (unlike comparing ``word_similarity`` with a number) can be
    answered from a GIN trigram index on ``text``; its threshold is the
    server's ``pg_trgm.word_similarity_threshold`` (0.6 unless set).
    """

    output_field = BooleanField()
    conditional = True

    def __init__(self, text, needle):
        super().__init__()
        self.text, self.needle = text, needle

    def get_source_expressions(self):
        return [self.text, self.needle]

    def set_source_expressions(self, expressions):
        self.text, self.needle = expressions

    def as_sql(self, compiler, connection):
        text_sql, text_params = compiler.compile(self.text)
        needle_sql, needle_params = compiler.compile(self.needle)
        return f"({text_sql} %%> {needle_sql})", [*text_params, *needle_params]


class PrefixTermsPostgresMixin:
    """Each word of a ``PlainText`` matches as a word prefix (``'brot':*``).

    A prefix of the stem matches the word itself too; an exact-word
    alternative (``'brot' | 'brot':*``) would double the work of every
    match and rank for little difference.
    """

    def build_tsquery_content(self, query, config=None, invert=False):
        if isinstance(query, Boost):
            # Wagtail ranks with the boost but warns while matching; nothing to warn about.
            return self.build_tsquery_content(query.subquery, config=config, invert=invert)
        if not isinstance(query, PlainText):
            return super().build_tsquery_content(query, config=config, invert=invert)
        terms = [term for term in WORD_SPLIT.split(query.query_string) if term]
        if not terms:
            return None
        combined = None
        for term in terms:
            lexeme = Lexeme(term, invert=invert, prefix=True)
            if combined is None:
                combined = lexeme
            elif query.operator == "and":
                combined &= lexeme
            else:
                combined |= lexeme
        return SearchQuery(combined, search_type="raw", config=config)


class PortalPostgresQueryCompiler(PrefixTermsPostgresMixin, PostgresSearchQueryCompiler):
    def _build_fuzzy_queryset(self, config, backend):
        """Entries with a word similar to the typed text, most similar titles first.

        Wagtail compares ``word_similarity`` with its threshold for every
        entry; here the ``%>`` operator narrows the entries through the
        trigram indexes on ``f_unaccent(title_text)`` and ``f_unaccent(body_text)``.
        Its threshold is a setting of the database session, set here first.
        """
        # For this transaction only where there is one (a pooler may hand the next
        # transaction another server session), else for the session.
        db = connections[self.queryset.db]
        with db.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('pg_trgm.word_similarity_threshold', %s, %s)",
                [str(backend.fuzzy_word_threshold), db.in_atomic_block],
            )
        needle = FUnaccent(Lower(Value(self.query.query_string, output_field=TextField())))
        title = FUnaccent(F("index_entries__title_text"))
        body = FUnaccent(F("index_entries__body_text"))
        similarity = Greatest(
            TrigramWordSimilarity(needle, title) * F("index_entries__title_norm"),
            TrigramWordSimilarity(needle, body) * FUZZY_BODY_FACTOR,
            output_field=FloatField(),
        )
        queryset = self.queryset.filter(
            Q(WordSimilar(title, needle)) | Q(WordSimilar(body, needle))
        ).annotate(_fuzzy_similarity=similarity)
        return queryset, F("_fuzzy_similarity")


class PortalPostgresAutocompleteCompiler(
    PrefixTermsPostgresMixin, PostgresAutocompleteQueryCompiler
):
    pass


class PortalPostgresSearchBackend(PostgresSearchBackend):
    query_compiler_class = PortalPostgresQueryCompiler
    autocomplete_query_compiler_class = PortalPostgresAutocompleteCompiler
    supports_fuzzy = True

    def __init__(self, params):
        super().__init__(params)
        self.autocomplete_config = params.get("AUTOCOMPLETE_CONFIG", DEFAULT_AUTOCOMPLETE_CONFIG)
        self.fuzzy_word_threshold = float(
            params.get("FUZZY_WORD_THRESHOLD", DEFAULT_FUZZY_WORD_THRESHOLD)
        )


# SQLite ------------------------------------------------------------------------------


def without_boosts(query):
    """``query`` without ``Boost`` wrappers, which Wagtail's SQLite backend cannot read."""
    if isinstance(query, Boost):
        return without_boosts(query.subquery)
    if isinstance(query, And | Or):
        return type(query)([without_boosts(subquery) for subquery in query.subqueries])
    if isinstance(query, Not):
        return Not(without_boosts(query.subquery))
    return query


@functools.cache
def _sqlite_backend_class():
    """Wagtail's SQLite classes import the FTS model, which exists only on SQLite."""
    from wagtail.search.backends.database.sqlite import query as sqlite_query
    from wagtail.search.backends.database.sqlite import sqlite

    class PrefixTermsSQLiteMixin:
        """Each word of a ``PlainText`` matches as a word prefix (``"bäcker"*``)."""

        def build_search_query_content(self, query, config=None):
            if not isinstance(query, PlainText):
                return super().build_search_query_content(query, config=config)
            terms = query.query_string.split()
            if not terms:
                return None
            combined = None
            for term in terms:
                lexeme = sqlite_query.Lexeme(term, prefix=True)
                if combined is None:
                    combined = lexeme
                elif query.operator.upper() == "AND":
                    combined &= lexeme
                else:
                    combined |= lexeme
            return sqlite_query.SearchQueryExpression(combined, config=config)

    class QueryCompiler(PrefixTermsSQLiteMixin, sqlite.SQLiteSearchQueryCompiler):
        def __init__(self, queryset, query, *args, **kwargs):
            super().__init__(queryset, without_boosts(query), *args, **kwargs)

    class AutocompleteCompiler(PrefixTermsSQLiteMixin, sqlite.SQLiteAutocompleteQueryCompiler):
        def __init__(self, queryset, query, *args, **kwargs):
            super().__init__(queryset, without_boosts(query), *args, **kwargs)

    class Backend(sqlite.SQLiteSearchBackend):
        query_compiler_class = QueryCompiler
        autocomplete_query_compiler_class = AutocompleteCompiler
        supports_fuzzy = False

    Backend.__name__ = Backend.__qualname__ = "PortalSQLiteSearchBackend"
    return Backend


def PortalSQLiteSearchBackend(params):  # noqa: N802  (stands for the class built on first use)
    return _sqlite_backend_class()(params)
