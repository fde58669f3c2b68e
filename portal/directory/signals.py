"""Signal handlers of the directory (connected in ``DirectoryConfig.ready``).

Publishing or unpublishing a profile recomputes its stored open spans, so the
"open now" filter follows the live opening hours without a request parsing
thousands of expressions. Changed categories and market stalls re-index the
businesses whose search entries carry their words.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from .models import Category, MarketPage, MerchantPage


@receiver(page_published, sender=MerchantPage)
@receiver(page_unpublished, sender=MerchantPage)
def update_opening_intervals(sender, instance, **kwargs):
    from .services import refresh_opening_intervals

    refresh_opening_intervals([instance])


@receiver(post_save, sender=Category)
def reindex_category_merchants(sender, instance, created, raw=False, **kwargs):
    """A category's name and other words are part of its businesses' index entries."""
    from .search import clear_category_words, reindex_category

    clear_category_words()
    if not created and not raw:
        reindex_category(instance)


@receiver(post_delete, sender=Category)
def forget_category_words(sender, **kwargs):
    from .search import clear_category_words

    clear_category_words()


@receiver(page_published, sender=MarketPage)
def reindex_stall_holders(sender, instance, **kwargs):
    """The goods of a market's stalls are part of the stall holders' index entries."""
    from .search import reindex_merchants

    reindex_merchants(instance.stalls.values_list("merchant_id", flat=True))
