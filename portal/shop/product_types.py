"""The product types (Oscar product classes) every town's marketplace has.

Created by the data migration ``shop.0002_marketplace_defaults`` (which keeps
its own copy of this table, as migrations must) and again by
``product_class`` whenever one is missing, e.g. after a test flushed the
database. Other apps refer to them by slug, e.g. the voucher app sells the
city voucher as a ``GIFT`` product.

- ``GOODS``: ordinary goods, optionally with variants (sizes, colours).
- ``FRESH``: fresh goods sold by weight or unit (market stalls, beekeepers):
  the price is per sales unit ("250 g", "Bund") and the base price per kg
  or litre is shown from the net content.
- ``GIFT``: gift cards and vouchers: nothing to ship, no stock to count.
"""

GOODS = "ware"
FRESH = "frische-ware"
GIFT = "gutschein"

# slug: (name, requires_shipping, track_stock)
PRODUCT_CLASSES = {
    GOODS: ("Ware", True, True),
    FRESH: ("Frische Ware (nach Gewicht oder Stück)", True, True),
    GIFT: ("Gutschein", False, False),
}


def product_class(slug=GOODS):
    """The product type ``slug`` (a ``ProductClass``), created if it is missing."""
    from oscar.core.loading import get_model

    name, requires_shipping, track_stock = PRODUCT_CLASSES[slug]
    return get_model("catalogue", "ProductClass").objects.get_or_create(
        slug=slug,
        defaults={
            "name": name,
            "requires_shipping": requires_shipping,
            "track_stock": track_stock,
        },
    )[0]
