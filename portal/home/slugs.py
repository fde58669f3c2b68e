"""Slugs that read well in German: "Straße der Saison" -> ``strasse-der-saison``.

Django's ``slugify`` drops umlauts to their base letter ("Bürgerbüro" ->
``burgerburo``) and Wagtail keeps them as Unicode by default. Here umlauts
and ß are spelt out first (ä -> ae, ß -> ss), everything else goes through
Django's ASCII ``slugify``. Used by

- Wagtail pages (``BasePage``) when the slug is left empty or is the plain
  slugify of the title on a page never published;
- Wagtail's slug field in the admin, whose script gets the same replacements
  as ``formatters`` (``GermanSlugInput``, registered for every ``SlugField``
  of the admin's model forms in ``HomeConfig.ready``);
- Oscar's products and categories, through ``OSCAR_SLUG_MAP``.
"""

from django.utils.text import slugify
from wagtail.admin.widgets import SlugInput

GERMAN_LETTERS = {
    "Ä": "Ae",
    "Ö": "Oe",
    "Ü": "Ue",
    "ä": "ae",
    "ö": "oe",
    "ü": "ue",
    "ẞ": "SS",
    "ß": "ss",
}


def spell_out_umlauts(value):
    text = str(value)
    for letter, replacement in GERMAN_LETTERS.items():
        text = text.replace(letter, replacement)
    return text


def german_slugify(value):
    """``"Bürgerbüro"`` -> ``"buergerbuero"``; ASCII only."""
    return slugify(spell_out_umlauts(value))


def plain_slugs(value):
    """The slugs Django and Wagtail would make of ``value`` without the German spelling."""
    return {slugify(value), slugify(value, allow_unicode=True)}


class GermanSlugInput(SlugInput):
    """Wagtail's slug input, with the umlauts spelt out before it transliterates."""

    def __init__(self, attrs=None, formatters=None, locale=None):
        formatters = list(formatters or []) + list(GERMAN_LETTERS.items())
        super().__init__(attrs=attrs, formatters=formatters, locale=locale)


def oscar_slugify(value, allow_unicode=False):
    """``OSCAR_SLUG_FUNCTION``: Oscar's products and categories get German slugs too."""
    return german_slugify(value)
