"""Fill a database with 200 merchants with shops and 20,000 products (for bench/shop_bench.py).

Run inside Django (``python -m bench.shop_data`` with DJANGO_SETTINGS_MODULE
set) after ``build_demo_town``: the demo's shops are kept and further
merchants (live directory profiles with their shops) and products are added
until the figures are reached. Products and stock records are bulk-inserted;
every merchant gets one product with a picture so thumbnails are exercised.
"""

import random
import sys
from decimal import Decimal

MERCHANTS = 200
PRODUCTS = 20_000


def build(merchants=MERCHANTS, products=PRODUCTS, log=print):
    import django

    django.setup()
    from django.db import connection, transaction
    from oscar.apps.catalogue.categories import create_from_breadcrumbs
    from oscar.core.loading import get_model

    from portal.directory import factories as directory_factories
    from portal.directory.models import DirectoryIndexPage
    from portal.shop import product_types
    from portal.shop.factories import product_for, shop_for
    from portal.shop.models import MerchantShop
    from portal.shop.product_types import product_class

    Product = get_model("catalogue", "Product")
    ProductCategory = get_model("catalogue", "ProductCategory")
    StockRecord = get_model("partner", "StockRecord")
    rng = random.Random("bench")

    index = DirectoryIndexPage.objects.first()
    offers = [
        {"offers_pickup": True},
        {
            "offers_pickup": True,
            "offers_delivery": True,
            "delivery_postcodes": "12345, 12346",
            "delivery_fee": Decimal("3.50"),
        },
        {"offers_pickup": True, "offers_shipping": True, "shipping_fee": Decimal("4.95")},
    ]
    with transaction.atomic():
        number = MerchantShop.objects.count()
        while number < merchants:
            page = directory_factories.MerchantPageFactory.build(
                title=f"Geschäft {number:03d}", slug=f"geschaeft-{number:03d}"
            )
            page.primary_category = directory_factories.CategoryFactory(
                slug="einzelhandel", name="Einzelhandel"
            )
            index.add_child(instance=page)
            page.save_revision().publish()
            shop = shop_for(page, **offers[number % len(offers)])
            product_for(shop, title=f"Angebot der Woche {number}", price="9.90", image_kind="box")
            number += 1
        log(f"{number} merchants with shops")

    categories = [create_from_breadcrumbs(name) for name in ("Lebensmittel", "Bücher", "Mode")]
    goods = product_class(product_types.GOODS)
    partners = list(MerchantShop.objects.values_list("partner_id", flat=True))
    missing = products - Product.objects.count()
    batch = 2000
    while missing > 0:
        size = min(batch, missing)
        start = Product.objects.count()
        with transaction.atomic():
            new = Product.objects.bulk_create(
                Product(
                    structure=Product.STANDALONE,
                    title=f"Artikel {start + n}",
                    slug=f"artikel-{start + n}",
                    description="Ein Produkt aus Musterstadt.",
                    product_class=goods,
                    partner_id=partners[(start + n) % len(partners)],
                    vat_rate=rng.choice(["19", "7"]),
                    is_public=True,
                )
                for n in range(size)
            )
            StockRecord.objects.bulk_create(
                StockRecord(
                    product=product,
                    partner_id=product.partner_id,
                    partner_sku=f"SKU-{product.pk}",
                    price=Decimal(rng.randrange(99, 9999)) / 100,
                    price_currency="EUR",
                    num_in_stock=100_000,
                )
                for product in new
            )
            ProductCategory.objects.bulk_create(
                ProductCategory(product=product, category=rng.choice(categories)) for product in new
            )
        missing -= size
    StockRecord.objects.update(num_in_stock=100_000)
    # What autovacuum does soon after a bulk load anyway: fresh planner statistics.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    log(f"{Product.objects.count()} products")


def sample(count=200):
    """JSON for the benchmark: product URLs and one product per fulfilment kind."""
    import json

    import django

    django.setup()
    from oscar.core.loading import get_model

    from portal.shop.models import MerchantShop

    Product = get_model("catalogue", "Product")
    rng = random.Random("sample")
    ids = list(Product.objects.for_sale().values_list("pk", flat=True))
    urls = [
        product.get_absolute_url()
        for product in Product.objects.filter(pk__in=rng.sample(ids, min(count, len(ids))))
    ]
    shops = MerchantShop.objects.selling()
    checkout = []
    for kind, offer in (
        ("pickup", {"offers_delivery": False, "offers_shipping": False}),
        ("delivery", {"offers_delivery": True}),
        ("shipping", {"offers_shipping": True, "offers_delivery": False}),
    ):
        shop = shops.filter(**offer).exclude(pk__in=[c["shop"] for c in checkout]).first()
        product = Product.objects.for_sale().filter(partner_id=shop.partner_id).first()
        checkout.append({"shop": shop.pk, "product": product.pk, "method": kind})
    print(json.dumps({"urls": urls, "checkout": checkout}))


if __name__ == "__main__":
    if sys.argv[1:] == ["sample"]:
        sample()
    else:
        build(*(int(arg) for arg in sys.argv[1:]))
