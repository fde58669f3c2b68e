"""Signal handlers of the directory (connected in ``DirectoryConfig.ready``).

Publishing or unpublishing a profile recomputes its stored open spans, so the
"open now" filter follows the live opening hours without a request parsing
thousands of expressions.
"""

from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from .models import MerchantPage


@receiver(page_published, sender=MerchantPage)
@receiver(page_unpublished, sender=MerchantPage)
def update_opening_intervals(sender, instance, **kwargs):
    from .services import refresh_opening_intervals

    refresh_opening_intervals([instance])
