"""From what a resident types to a Wagtail search query: words, spellings, synonyms.

``expand("Frisör Hauptstrasse")`` returns a query built from Wagtail's own
query classes (``And``, ``Or``, ``PlainText``), so it runs on every search
backend: each typed word must match, in any of its spellings or synonyms.

- Words are the letter/digit runs of the text (at most ``MAX_WORDS``);
  German stop words ("in", "der", "und") are left out, they would only make
  an otherwise good query fail on backends without a stop-word list.
- Spellings: "ae", "oe", "ue" also stand for "ä", "ö", "ü" ("Baecker"
  finds "Bäcker"); the backends fold umlauts themselves ("Backer" matches).
- Synonyms: a word (or run of words) equal to a term of an editor's synonym
  group, or a longer form of it ("Tischlerei" for "Tischler"), also matches
  every other term of the group; those rank below the typed word
  (``SYNONYM_BOOST``), so "Hotel" lists hotels before guest houses.

Word-prefix matching ("Bäcker" finds "Bäckerei") is the backend's part:
``portal.sitesearch.backends`` makes every word a prefix.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django.core.cache import cache
from wagtail.search.query import And, Boost, Or, PlainText

MAX_WORDS = 8
MAX_LENGTH = 200
WORD = re.compile(r"\w+", re.UNICODE)
POSTCODE = re.compile(r"^\d{5}$")
SYNONYM_CACHE_KEY = "sitesearch:synonyms:v1"
SYNONYM_CACHE_SECONDS = 60 * 60
# A synonym term also matches a typed word that is longer by at most this much
# ("Tischler" -> "Tischlerei", "Bäcker" -> "Bäckers").
SYNONYM_SUFFIX = 3
# Matches of a synonym count this much of a match of the typed word.
SYNONYM_BOOST = 0.5

STOP_WORDS = frozenset(
    [
        "a",
        "am",
        "an",
        "auf",
        "aus",
        "bei",
        "beim",
        "das",
        "dem",
        "den",
        "der",
        "des",
        "die",
        "ein",
        "eine",
        "einem",
        "einen",
        "einer",
        "fuer",
        "für",
        "gibt",
        "im",
        "in",
        "ins",
        "mit",
        "nach",
        "oder",
        "sich",
        "und",
        "vom",
        "von",
        "vor",
        "wo",
        "zu",
        "zum",
        "zur",
    ]
)
UMLAUT_SPELLINGS = (("ae", "ä"), ("oe", "ö"), ("ue", "ü"))


def fold(text):
    """Lower case without accents, ß as ss, and ae/oe/ue as a/o/u: for comparing words.

    "Bäcker", "Baecker" and "Backer" all fold to "backer".
    """
    text = text.casefold().replace("ß", "ss")
    for digraph, umlaut in UMLAUT_SPELLINGS:
        text = text.replace(digraph, umlaut)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def words(text):
    """The searchable words of ``text``: letter/digit runs, stop words left out."""
    found = WORD.findall((text or "")[:MAX_LENGTH])
    return [word for word in found if word.casefold() not in STOP_WORDS][:MAX_WORDS]


def spellings(word):
    """``word`` and, if it has "ae", "oe" or "ue", its spelling with umlauts ("Baecker")."""
    umlauted = word.lower()
    umlauted = umlauted.replace("ae", "ä").replace("oe", "ö")
    umlauted = re.sub(r"(?<![qe])ue", "ü", umlauted)  # not in Quelle, neue, Feuer
    return [word] if umlauted == word.lower() else [word, umlauted]


@dataclass
class SynonymGroups:
    """The editors' synonym groups, folded for matching (loaded once per query)."""

    groups: list = field(default_factory=list)  # [[term, ...], ...]

    @classmethod
    def load(cls):
        """From the cache, else from the database (the cache is cleared on every change)."""
        groups = cache.get(SYNONYM_CACHE_KEY)
        if groups is None:
            from .models import Synonym

            groups = [synonym.term_list for synonym in Synonym.objects.all()]
            cache.set(SYNONYM_CACHE_KEY, groups, SYNONYM_CACHE_SECONDS)
        return cls(groups)

    def matching(self, phrase):
        """Every term of every group one of whose terms ``phrase`` is (or extends)."""
        folded = fold(phrase)
        found = []
        for terms in self.groups:
            for term in terms:
                folded_term = fold(term)
                if folded == folded_term or (
                    len(folded_term) >= 4
                    and folded.startswith(folded_term)
                    and len(folded) - len(folded_term) <= SYNONYM_SUFFIX
                ):
                    found.extend(other for other in terms if other not in found)
                    break
        return found


def clear_synonym_cache():
    cache.delete(SYNONYM_CACHE_KEY)


@dataclass
class Term:
    """One typed word (or a run of words a synonym matched) and what it may match.

    ``alternatives`` are the typed spellings followed by the synonyms.
    """

    typed: str
    alternatives: list
    typed_count: int = 1

    @property
    def is_postcode(self):
        return bool(POSTCODE.match(self.typed))


@dataclass
class ExpandedQuery:
    text: str
    terms: list

    @property
    def search_query(self):
        """The Wagtail query: every term must match, in any of its alternatives."""
        parts = [_any_of(term) for term in self.terms]
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else And(parts)

    @property
    def words(self):
        return [term.typed for term in self.terms]

    def without(self, typed):
        """The same query less one term (e.g. a postcode used for the distance instead)."""
        return ExpandedQuery(self.text, [term for term in self.terms if term.typed != typed])


def _any_of(term):
    queries = [
        PlainText(text, operator="and")
        if position < term.typed_count
        else Boost(PlainText(text, operator="and"), SYNONYM_BOOST)
        for position, text in enumerate(term.alternatives)
    ]
    return queries[0] if len(queries) == 1 else Or(queries)


def expand(text, synonyms=None):
    """``text`` as an ``ExpandedQuery`` (see the module docstring)."""
    synonyms = SynonymGroups.load() if synonyms is None else synonyms
    typed = words(text)
    terms = []
    position = 0
    while position < len(typed):
        # The longest run of up to three words that is a synonym term wins.
        for size in (3, 2, 1):
            if size > len(typed) - position:
                continue
            phrase = " ".join(typed[position : position + size])
            related = synonyms.matching(phrase) if synonyms.groups else []
            if related or size == 1:
                break
        typed_spellings = _unique(spellings(phrase))
        alternatives = typed_spellings + [
            spelling for text in related for spelling in spellings(text)
        ]
        terms.append(Term(phrase, _unique(alternatives), len(typed_spellings)))
        position += size
    return ExpandedQuery(text, terms)


def expand_for(request, text):
    """``expand(text)``, worked out once per request (the suggestions ask three times)."""
    memo = request.__dict__.setdefault("_portal_expanded", {})
    if text not in memo:
        memo[text] = expand(text)
    return memo[text]


def _unique(items):
    seen, result = set(), []
    for item in items:
        if item.casefold() not in seen:
            seen.add(item.casefold())
            result.append(item)
    return result
