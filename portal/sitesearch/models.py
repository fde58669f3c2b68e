"""Synonyms that editors maintain: words residents use for the same thing.

A search for any term of a group also finds what the others find
("Frisör" finds "Friseur Schnittpunkt"). They are applied when a query is
built (``query.expand``), never written into the index, so a new group works
at once without re-indexing anything.
"""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

SEPARATOR = re.compile(r"\s*[,;\n]\s*")


def split_terms(text):
    """The terms of a comma-separated list, stripped, without empties and repeats."""
    terms = []
    for term in SEPARATOR.split(text or ""):
        term = " ".join(term.split())
        if term and term.casefold() not in {known.casefold() for known in terms}:
            terms.append(term)
    return terms


class Synonym(models.Model):
    """One group of words that mean the same for someone searching."""

    terms = models.TextField(
        _("words with the same meaning"),
        max_length=500,
        help_text=_(
            "Separated by commas, e.g. “Friseur, Frisör, Coiffeur”. A search for any of "
            "them finds what the others find."
        ),
    )
    note = models.CharField(
        _("note"),
        max_length=200,
        blank=True,
        help_text=_("For editors only, e.g. why this group exists."),
    )
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    panels = [FieldPanel("terms"), FieldPanel("note")]

    class Meta:
        ordering = ["terms"]
        verbose_name = _("synonym group")
        verbose_name_plural = _("synonyms")

    def __str__(self):
        return ", ".join(self.term_list)

    @property
    def term_list(self):
        return split_terms(self.terms)

    def clean(self):
        terms = split_terms(self.terms)
        if len(terms) < 2:
            raise ValidationError(
                {"terms": _("Please enter at least two words, separated by commas.")}
            )
        too_long = [term for term in terms if len(term) > 60]
        if too_long:
            raise ValidationError(
                {
                    "terms": _("A term may have at most 60 characters: %(terms)s")
                    % {"terms": ", ".join(too_long)}
                }
            )
        self.terms = ", ".join(terms)
