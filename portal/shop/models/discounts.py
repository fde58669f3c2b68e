"""Which merchant an Oscar offer belongs to.

Oscar's offers (``offer.ConditionalOffer``) and their voucher codes know no
merchants. An offer with a ``MerchantOffer`` row is the merchant's own: the
marketplace's applicator (``portal.shop.offer.applicator``) lets it see and
discount only that merchant's basket lines, and the merchant bears the
discount. An offer without one is city-wide: it is applied over the whole
basket and the operator bears it (``MerchantOrder.city_discount``).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .shops import MerchantShop


class MerchantOffer(models.Model):
    offer = models.OneToOneField(
        "offer.ConditionalOffer",
        verbose_name=_("offer"),
        on_delete=models.CASCADE,
        related_name="merchant_scope",
    )
    shop = models.ForeignKey(
        MerchantShop,
        verbose_name=_("shop"),
        on_delete=models.CASCADE,
        related_name="offers",
    )

    class Meta:
        verbose_name = _("merchant's offer")
        verbose_name_plural = _("merchant's offers")

    def __str__(self):
        return f"{self.offer} ({self.shop})"
