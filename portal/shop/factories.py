"""Seeded factories for the marketplace, used by the demo town, the tests and the benchmark.

Runtime code never imports this module (it needs factory_boy and Faker, which
a production install leaves out); product types live in ``product_types``.

``shop_for(page, ...)`` opens the shop of a (live) directory profile and sets
its fulfilment offer; ``product_for(shop, ...)`` creates a product owned by
the shop with its stock record (gross price) and, if asked, a locally drawn
picture.
"""

from decimal import Decimal

import factory
from factory.django import DjangoModelFactory
from oscar.core.loading import get_model

from portal.shop.images import product_image_file
from portal.shop.product_types import product_class
from portal.shop.services.shops import create_shop

Product = get_model("catalogue", "Product")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")


def shop_for(page, **offer):
    """The shop of ``page`` (opened if needed) with the fulfilment fields in ``offer``."""
    shop = create_shop(page)
    if offer:
        for field, value in offer.items():
            setattr(shop, field, value)
        shop.save()
    return shop


class ProductFactory(DjangoModelFactory):
    """A bare product; ``product_for`` adds its shop, stock record and picture."""

    class Meta:
        model = Product

    title = factory.Sequence(lambda n: f"Artikel {n}")
    description = factory.Faker("paragraph", nb_sentences=3, locale="de_DE")
    product_class = factory.LazyFunction(product_class)
    vat_rate = "19"


def product_for(shop, *, price="9.90", stock=20, image_kind=None, **fields):
    """A stand-alone product of ``shop`` at the gross ``price`` with ``stock`` in stock.

    ``image_kind`` (see ``portal.shop.images``) draws a picture for it.
    """
    product = ProductFactory(partner=shop.partner, **fields)
    StockRecord.objects.create(
        product=product,
        partner=shop.partner,
        partner_sku=f"{shop.partner_id}-{product.pk}",
        price=Decimal(str(price)),
        price_currency="EUR",
        num_in_stock=stock,
    )
    if image_kind:
        ProductImage.objects.create(
            product=product,
            original=product_image_file(product.title, image_kind),
            caption=product.title,
            display_order=0,
        )
    return product
