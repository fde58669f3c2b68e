"""The starting category tree and payment options; editors change them afterwards."""

from django.db import migrations

CATEGORIES = [
    # (slug, name, parent slug, role, schema.org type)
    ("einzelhandel", "Einzelhandel", None, "", "Store"),
    ("lebensmittel", "Lebensmittel", "einzelhandel", "", "GroceryStore"),
    ("baeckerei", "Bäckerei und Konditorei", "einzelhandel", "", "Bakery"),
    ("mode", "Mode und Schuhe", "einzelhandel", "", "ClothingStore"),
    ("buecher", "Bücher und Schreibwaren", "einzelhandel", "", "BookStore"),
    ("geschenke", "Geschenke und Wohnen", "einzelhandel", "", "HomeGoodsStore"),
    ("elektronik", "Elektronik", "einzelhandel", "", "ElectronicsStore"),
    ("gesundheit", "Drogerie, Apotheke, Optik", "einzelhandel", "", "HealthAndBeautyBusiness"),
    ("sport", "Sport und Freizeit", "einzelhandel", "", "SportingGoodsStore"),
    ("gastronomie", "Gastronomie", None, "", "FoodEstablishment"),
    ("restaurant", "Restaurant", "gastronomie", "", "Restaurant"),
    ("cafe", "Café", "gastronomie", "", "CafeOrCoffeeShop"),
    ("bar", "Bar und Kneipe", "gastronomie", "", "BarOrPub"),
    ("hotellerie", "Hotellerie", None, "", "LodgingBusiness"),
    ("handwerk", "Handwerk", None, "", "HomeAndConstructionBusiness"),
    ("dienstleistung", "Dienstleistung", None, "", "ProfessionalService"),
    ("friseur", "Friseur und Kosmetik", "dienstleistung", "", "HairSalon"),
    ("webdesign", "Webdesign und Grafik", "dienstleistung", "web_design", "ProfessionalService"),
    ("verein", "Verein", None, "", "LocalBusiness"),
    ("wochenmarktstand", "Wochenmarktstand", None, "market_stall", "LocalBusiness"),
]

PAYMENT_METHODS = [
    ("bar", "Bargeld", "Cash"),
    ("girocard", "girocard (EC-Karte)", "Debit Card"),
    ("kreditkarte", "Kreditkarte", "Credit Card"),
    ("mobil", "Kontaktlos und mobil", "Mobile Payment"),
    ("paypal", "PayPal", "PayPal"),
    ("rechnung", "Rechnung", "Invoice"),
]


def create_defaults(apps, schema_editor):
    Category = apps.get_model("directory", "Category")
    PaymentMethod = apps.get_model("directory", "PaymentMethod")
    created = {}
    for order, (slug, name, parent, role, schema_type) in enumerate(CATEGORIES):
        category, _ = Category.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "parent": created.get(parent),
                "role": role,
                "schema_type": schema_type,
                "sort_order": order,
            },
        )
        created[slug] = category
    for order, (slug, name, schema_name) in enumerate(PAYMENT_METHODS):
        PaymentMethod.objects.get_or_create(
            slug=slug, defaults={"name": name, "schema_name": schema_name, "sort_order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]

    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
