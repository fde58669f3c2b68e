"""Oscar's basket, loading what a marketplace basket shows in one go.

The basket page, the checkout and the order split all group lines by
merchant and price them by product class and VAT rate. ``all_lines`` loads
each line's product, product class, parent, stock record, partner and shop
with the lines, so the number of queries does not grow with the number of
lines. The fork has its own migrations, copied from Oscar's under the same
names, so a database migrated with Oscar's keeps its history.
"""

from oscar.apps.basket.abstract_models import AbstractBasket


class Basket(AbstractBasket):
    def all_lines(self):
        if self.id is None:
            return self.lines.model.objects.none()
        if self._lines is None:
            self._lines = (
                self.lines.select_related(
                    "product__product_class",
                    "product__parent__product_class",
                    "stockrecord__partner__merchant_shop__page",
                )
                .prefetch_related("attributes", "product__images")
                .order_by(self._meta.pk.name)
            )
        return self._lines


from oscar.apps.basket.models import *  # noqa: E402,F403
