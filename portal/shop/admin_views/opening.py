"""Opening a shop for a published profile, from the admin.

A merchant finds the action in the admin menu and on its profile page in the
page editor; a confirmation page explains what opening means, its POST
opens the shop (``services.shops.open_shop``) and leads straight to the
shop's settings. Merchants who already have a shop are sent there instead.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal.directory.models import MerchantPage
from portal.directory.services import merchant_pages_for_user
from portal.shop.models import MerchantShop
from portal.shop.services.shops import ShopError, can_open_shop, open_shop


def pages_without_shop(user):
    """Live profiles ``user`` manages that have no shop yet."""
    return merchant_pages_for_user(user).live().filter(shop__isnull=True)


@require_http_methods(["GET", "POST"])
def open_shop_view(request, page_id):
    page = get_object_or_404(MerchantPage, pk=page_id)
    if not can_open_shop(request.user, page):
        raise PermissionDenied
    shop = MerchantShop.objects.filter(page=page).first()
    if shop is not None:
        return redirect("shop_settings:edit", shop.pk)
    if request.method == "POST":
        try:
            shop = open_shop(page, request.user)
        except ShopError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("Your shop is open. Set how customers get their goods, then add products."),
            )
            return redirect("shop_settings:edit", shop.pk)
    return TemplateResponse(request, "shop/admin/open_shop.html", {"page": page})


def choose_view(request):
    """The admin menu's entry: the single profile's page, or a list to choose from."""
    pages = list(pages_without_shop(request.user))
    if len(pages) == 1:
        return redirect("shop_admin:open", page_id=pages[0].pk)
    return TemplateResponse(request, "shop/admin/choose.html", {"pages": pages})
