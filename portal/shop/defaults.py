"""Rows every marketplace needs: product types, Germany as the shipping country,
and the communication event types of the marketplace's emails.

The data migration ``0002_marketplace_defaults`` wrote them with its own copy
of these values. Tests that flush the database (live server, threads) and the
demo call ``create_defaults`` again, as the home app's ``root_page()`` does for
Wagtail's own rows.
"""

from oscar.core.loading import get_model

from portal.shop.product_types import PRODUCT_CLASSES, product_class

EMAIL_TYPES = {
    "ORDER_PLACED": "Bestellbestätigung an Kundinnen und Kunden",
    "MERCHANT_NEW_ORDER": "Neue Bestellung (an den Händler)",
    "ORDER_READY_FOR_PICKUP": "Bestellung abholbereit",
    "ORDER_SHIPPED": "Bestellung versandt",
    "ORDER_PAYMENT_REMINDER": "Zahlungserinnerung (Vorkasse)",
    "ORDER_CANCELLED_UNPAID": "Bestellung storniert: nicht bezahlt",
    "MERCHANT_ORDER_CANCELLED": "Bestellung storniert (an den Händler)",
    "ORDER_REFUNDED": "Erstattung",
}


def create_defaults():
    """Create what is missing."""
    for slug in PRODUCT_CLASSES:
        product_class(slug)
    get_model("address", "Country").objects.get_or_create(
        iso_3166_1_a2="DE",
        defaults={
            "iso_3166_1_a3": "DEU",
            "iso_3166_1_numeric": "276",
            "printable_name": "Deutschland",
            "name": "Bundesrepublik Deutschland",
            "is_shipping_country": True,
        },
    )
    CommunicationEventType = get_model("communication", "CommunicationEventType")
    for code, name in EMAIL_TYPES.items():
        CommunicationEventType.objects.get_or_create(
            code=code, defaults={"name": name, "category": "Order related"}
        )
