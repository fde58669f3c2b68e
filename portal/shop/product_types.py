"""The product types (Oscar product classes) every town's marketplace has.

Created by a data migration; other apps refer to them by slug, e.g. the
voucher app sells the city voucher as a ``GIFT`` product.

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
