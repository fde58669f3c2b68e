"""Which Oscar offers belong to a merchant ("Händler-Rabatte"), for administrators.

Offers and their codes are made in Oscar's dashboard (administrators only);
here an administrator ties an offer to a merchant's shop, so it discounts
only that merchant's goods and the merchant bears it (``MerchantOffer``,
``services.discounts``). Ordinary Django model permissions decide who sees
this: merchants have none.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSet

from portal.shop.models import MerchantOffer


class MerchantOfferViewSet(ModelViewSet):
    model = MerchantOffer
    name = "shop_merchant_offers"
    url_prefix = "shop/haendler-rabatte"
    icon = "tag"
    menu_label = _("Merchants' offers")
    add_to_reference_index = False
    copy_view_enabled = False
    form_fields = ["offer", "shop"]
    list_display = ["offer", "shop"]
