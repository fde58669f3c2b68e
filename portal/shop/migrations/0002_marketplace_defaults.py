"""Rows every marketplace needs: product types, Germany, the marketplace's email types.

The values are copied here on purpose: a migration must not import the live
application, whose code may change or move after this migration ran. The
same rows are kept by ``portal.shop.defaults.create_defaults`` at run time.
"""

from django.db import migrations

# slug: (name, requires_shipping, track_stock)
PRODUCT_CLASSES = {
    "ware": ("Ware", True, True),
    "frische-ware": ("Frische Ware (nach Gewicht oder Stück)", True, True),
    "gutschein": ("Gutschein", False, False),
}
EMAIL_TYPES = {
    "ORDER_PLACED": "Bestellbestätigung an Kundinnen und Kunden",
    "MERCHANT_NEW_ORDER": "Neue Bestellung (an den Händler)",
    "ORDER_READY_FOR_PICKUP": "Bestellung abholbereit",
    "ORDER_SHIPPED": "Bestellung versandt",
}


def create_defaults(apps, schema_editor):
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
    apps.get_model("address", "Country").objects.get_or_create(
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


class Migration(migrations.Migration):
    dependencies = [
        ("shop", "0001_initial"),
        ("catalogue", "0033_marketplace_product_fields"),
        ("address", "0007_useraddress_code"),
        ("communication", "0004_auto_20200801_0817"),
    ]

    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
