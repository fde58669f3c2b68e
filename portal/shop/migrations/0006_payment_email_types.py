"""The emails of online payment, expiry and refunds as Oscar communication event types."""

from django.db import migrations

EMAIL_TYPES = {
    "ORDER_PAYMENT_REMINDER": "Zahlungserinnerung (Vorkasse)",
    "ORDER_CANCELLED_UNPAID": "Bestellung storniert: nicht bezahlt",
    "MERCHANT_ORDER_CANCELLED": "Bestellung storniert (an den Händler)",
    "ORDER_REFUNDED": "Erstattung",
}


def create_types(apps, schema_editor):
    CommunicationEventType = apps.get_model("communication", "CommunicationEventType")
    for code, name in EMAIL_TYPES.items():
        CommunicationEventType.objects.get_or_create(
            code=code, defaults={"name": name, "category": "Order related"}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("shop", "0005_payments_refunds_offers"),
        ("communication", "0004_auto_20200801_0817"),
    ]

    operations = [migrations.RunPython(create_types, migrations.RunPython.noop)]
