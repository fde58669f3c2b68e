"""Rows every marketplace needs: product types, Germany as the shipping country,
and the communication event types of the marketplace's emails.

Written by the data migration ``0002_marketplace_defaults``; tests that flush
the database (live server, threads) call ``create_defaults`` again, as the
home app's ``root_page()`` does for Wagtail's own rows.
"""

from django.apps import apps as global_apps

from portal.shop.product_types import PRODUCT_CLASSES

EMAIL_TYPES = {
    "ORDER_PLACED": "Bestellbestätigung an Kundinnen und Kunden",
    "MERCHANT_NEW_ORDER": "Neue Bestellung (an den Händler)",
    "ORDER_READY_FOR_PICKUP": "Bestellung abholbereit",
    "ORDER_SHIPPED": "Bestellung versandt",
}


def create_defaults(apps=global_apps):
    """Create what is missing; ``apps`` is a migration's app registry or the real one."""
    ProductClass = apps.get_model("catalogue", "ProductClass")
    for slug, (name, requires_shipping, track_stock) in PRODUCT_CLASSES.items():
        ProductClass.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "requires_shipping": requires_shipping,
                "track_stock": track_stock,
            },
        )
    Country = apps.get_model("address", "Country")
    Country.objects.get_or_create(
        iso_3166_1_a2="DE",
        defaults={
            "iso_3166_1_a3": "DEU",
            "iso_3166_1_numeric": "276",
            "printable_name": "Deutschland",
            "name": "Bundesrepublik Deutschland",
            "is_shipping_country": True,
        },
    )
    CommunicationEventType = apps.get_model("communication", "CommunicationEventType")
    for code, name in EMAIL_TYPES.items():
        CommunicationEventType.objects.get_or_create(
            code=code, defaults={"name": name, "category": "Order related"}
        )
