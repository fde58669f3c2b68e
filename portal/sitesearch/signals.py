"""Signal handlers of the search (connected in ``SiteSearchConfig.ready``).

Queries read the synonym groups from the cache; every change clears it, so
an editor's new group applies to the very next search on every app server.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Synonym
from .query import clear_synonym_cache


@receiver(post_save, sender=Synonym)
@receiver(post_delete, sender=Synonym)
def synonyms_changed(sender, **kwargs):
    clear_synonym_cache()
