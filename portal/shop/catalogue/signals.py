"""Viewing a product page records nothing about the visitor.

Oscar's product page sends ``product_viewed``, and two Oscar receivers
listen: the customer app's, which stores a "recently viewed" cookie (not
strictly necessary, so not allowed without consent), and the analytics
app's, which writes a counter row (and a row per logged-in visitor) on every
view. Both are disconnected here through Django's signal API, once at start
(``CatalogueConfig.ready``); the signal itself is still sent, so a receiver the
portal adds later works. ``disconnect_product_view_receivers`` raises if a
receiver is no longer where Oscar kept it, so an Oscar upgrade that moves
one fails at start; tests/shop/test_storefront.py checks that a product
view sets no cookie and writes no row.
"""

from django.core.exceptions import ImproperlyConfigured
from oscar.apps.catalogue.signals import product_viewed


def disconnect_product_view_receivers():
    from oscar.apps.analytics import receivers as analytics_receivers
    from oscar.apps.customer import receivers as customer_receivers

    for receiver in (
        customer_receivers.receive_product_view,
        analytics_receivers.receive_product_view,
    ):
        if not product_viewed.disconnect(receiver):
            raise ImproperlyConfigured(
                f"{receiver.__module__}.{receiver.__name__} no longer receives product_viewed"
            )
