"""Admin wiring of the search: the editors' synonyms, next to Wagtail's promoted results.

Both sit in the admin's settings menu; editors get the rights to them by
migration (``0002``). Promoted results ("editors' picks") are Wagtail's own
``search_promotions`` app and show up above the site search's groups.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Synonym


class SynonymViewSet(SnippetViewSet):
    model = Synonym
    icon = "search"
    menu_label = _("Synonyms")
    add_to_settings_menu = True
    menu_order = 610
    list_display = ["__str__", "note", "updated_at"]
    search_fields = ["terms", "note"]
    ordering = ["terms"]


register_snippet(SynonymViewSet)
