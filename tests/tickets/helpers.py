"""Helpers of the ticket tests: buying tickets through the shop's real checkout."""

from portal.shop.models import MerchantShop
from tests.shop.helpers import basket_with, place


def category(sale, name):
    return sale.categories.get(name=name)


def buy(sale, *wanted, method="test-provider", email="erika@example.org", **kwargs):
    """Place a basket of ``(category name, quantity)`` of ``sale`` with the organiser's shop."""
    items = [(category(sale, name).product, quantity) for name, quantity in wanted]
    return place(
        basket_with(*items),
        {sale.organiser.shop: MerchantShop.EMAIL},
        method=method,
        email=email,
        **kwargs,
    )
