"""The marketplace part of the demo town (``build_demo_town`` hook, after the directory's).

Twelve demo businesses open a shop with realistic products and locally drawn
pictures: bakery, farm shop, delicatessen, wine shop, fashion (a T-shirt with
sizes as variants), bookshop, stationer, gift shop (with a gift card),
florist, bike shop and two weekly-market stalls selling by weight.

The businesses are found by their slug below the directory (built by the
directory's own demo step when it runs first) or created here with the
directory's factories, so this step works with and without the directory's
demo data. Everything is looked up by natural keys: a second run creates
nothing new.
"""

from decimal import Decimal

from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model
from wagtail.rich_text import RichText

from portal.directory import factories as directory_factories
from portal.directory import services as directory_services
from portal.directory.models import DirectoryIndexPage, MerchantPage
from portal.home import factories as home_factories
from portal.home.demo import ensure_user, replace_placeholder
from portal.home.slugs import german_slugify as slugify
from portal.shop import product_types
from portal.shop.factories import ProductImage, product_for, shop_for
from portal.shop.images import product_image_file
from portal.shop.models import ShopSettings
from portal.shop.product_types import product_class

Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
StockRecord = get_model("partner", "StockRecord")

PICKUP = {"offers_pickup": True}
MARKET = {"offers_pickup": True, "pickup_hours": "Mi 8–13 Uhr, Sa 7–13 Uhr am Stand"}


def delivery(fee="3.50", free="40.00"):
    return {
        "offers_delivery": True,
        "delivery_postcodes": "12345, 12346, 12347",
        "delivery_window": "Di und Fr 14–18 Uhr, bei Bestellung bis 10 Uhr am Vortag",
        "delivery_fee": Decimal(fee),
        "free_delivery_above": Decimal(free) if free else None,
    }


def shipping(fee="4.95", free="60.00"):
    return {
        "offers_shipping": True,
        "shipping_fee": Decimal(fee),
        "free_shipping_above": Decimal(free) if free else None,
    }


HOURS = "Mo–Fr 9:30–18:30, Sa 10–16 Uhr"


def per(unit, amount=None, measure="g"):
    """Sales unit and, for a base price, the net content per unit (grams or ml)."""
    fields = {"sales_unit": unit}
    if amount:
        fields.update(net_content=Decimal(amount), net_content_unit=measure)
    return fields


# name, category slug in the directory, offer, catalogue category,
# products as (title, gross price, VAT rate, picture kind, unit fields)
SHOPS = [
    (
        "Bäckerei Korn",
        "baeckerei",
        {
            **PICKUP,
            "pickup_hours": "Mo–Fr 6:30–18 Uhr, Sa 6:30–13 Uhr",
            "pickup_payment": "cash_card",
        },
        "Lebensmittel",
        [
            ("Dinkel-Vollkornbrot", "4.60", "7", "loaf", per("Laib", 750)),
            ("Roggenmischbrot", "3.90", "7", "loaf", per("Laib", 1000)),
            ("Laugenbrezel", "0.95", "7", "loaf", per("Stück")),
            ("Apfelkuchen vom Blech", "2.80", "7", "box", per("Stück")),
        ],
    ),
    (
        "Hofladen Grünkorb",
        "lebensmittel",
        {**PICKUP, "pickup_hours": "Mo–Sa 8–19 Uhr", **delivery()},
        "Lebensmittel",
        [
            ("Freiland-Eier", "3.20", "7", "box", per("10 Stück")),
            ("Kartoffeln, festkochend", "2.40", "7", "fruit", per("1 kg", 1000)),
            ("Äpfel Elstar", "1.60", "7", "fruit", per("500 g", 500)),
            ("Apfelsaft naturtrüb", "2.90", "7", "bottle", per("Flasche", 1000, "ml")),
        ],
    ),
    (
        "Feinkost Olivenbaum",
        "lebensmittel",
        {**PICKUP, "pickup_hours": HOURS, **delivery(), **shipping()},
        "Lebensmittel",
        [
            ("Olivenöl nativ extra", "12.90", "7", "bottle", per("Flasche", 500, "ml")),
            ("Basilikum-Pesto", "5.50", "7", "jar", per("Glas", 190)),
            ("Pasta Casarecce", "3.80", "7", "box", per("Packung", 500)),
        ],
    ),
    (
        "Weinhandlung Rebstock",
        "lebensmittel",
        {**PICKUP, "pickup_hours": HOURS, **delivery("4.00", "60.00"), **shipping("6.90", "90.00")},
        "Getränke",
        [
            ("Riesling trocken 2023", "9.50", "19", "bottle", per("Flasche", 750, "ml")),
            ("Spätburgunder 2021", "14.90", "19", "bottle", per("Flasche", 750, "ml")),
            ("Winzersekt brut", "12.50", "19", "bottle", per("Flasche", 750, "ml")),
        ],
    ),
    (
        "Modehaus Lindner",
        "mode",
        {**PICKUP, "pickup_hours": HOURS, **shipping()},
        "Mode",
        [
            ("Strickschal Wolle", "39.90", "19", "box", {}),
            ("Leinenhemd", "59.00", "19", "box", {}),
        ],
    ),
    (
        "Buchhandlung Seitenweise",
        "buecher",
        {**PICKUP, "pickup_hours": HOURS, **delivery("2.50", "20.00"), **shipping("3.00", "30.00")},
        "Bücher & Papier",
        [
            ("Musterstädter Geschichten", "18.00", "7", "book", {}),
            ("Radwandern im Musterland", "14.95", "7", "book", {}),
            ("Kinderbuch: Die kleine Marktmaus", "12.00", "7", "book", {}),
            ("Lesezeichen Stadtwappen", "3.50", "19", "book", {}),
        ],
    ),
    (
        "Schreibwaren Feder",
        "buecher",
        {**PICKUP, "pickup_hours": HOURS},
        "Bücher & Papier",
        [
            ("Notizbuch A5 kariert", "6.90", "19", "book", {}),
            ("Füllfederhalter Schulstart", "14.50", "19", "box", {}),
            ("Buntstifte, 24 Farben", "8.99", "19", "box", {}),
        ],
    ),
    (
        "Geschenkeladen Schatzkiste",
        "geschenke",
        {**PICKUP, "pickup_hours": HOURS, **shipping()},
        "Geschenke",
        [
            ("Duftkerze Lavendel", "11.90", "19", "jar", {}),
            ("Tasse Musterstadt", "12.90", "19", "jar", {}),
        ],
    ),
    (
        "Blumen Blütezeit",
        "geschenke",
        {**PICKUP, "pickup_hours": "Mo–Fr 8–18 Uhr, Sa 8–14 Uhr", **delivery("5.00", "50.00")},
        "Blumen & Garten",
        [
            ("Strauß der Saison", "24.90", "7", "flowers", per("Strauß")),
            ("Tulpen, 10 Stiele", "8.90", "7", "flowers", per("Bund")),
            ("Kräutertopf Basilikum", "3.50", "7", "flowers", per("Topf")),
        ],
    ),
    (
        "Radsport Kette",
        "sport",
        {**PICKUP, "pickup_hours": HOURS, **shipping("5.90", "80.00")},
        "Freizeit",
        [
            ("Fahrradschloss Faltschloss", "49.90", "19", "box", {}),
            ("LED-Leuchtenset", "29.90", "19", "box", {}),
            ("Flickzeug", "4.50", "19", "box", {}),
        ],
    ),
    (
        "Gemüse Gärtnerei Sonnenhof",
        "wochenmarktstand",
        {**MARKET, **delivery("3.00", "25.00")},
        "Lebensmittel",
        [
            ("Tomaten vom Strauch", "2.20", "7", "fruit", per("500 g", 500)),
            ("Kopfsalat", "1.50", "7", "flowers", per("Stück")),
            ("Möhren mit Grün", "1.90", "7", "flowers", per("Bund")),
            ("Zucchini", "1.20", "7", "fruit", per("250 g", 250)),
        ],
    ),
    (
        "Imkerei Summsumm",
        "wochenmarktstand",
        {**MARKET, **shipping("4.50", "40.00")},
        "Lebensmittel",
        [
            ("Sommertracht-Honig", "6.50", "7", "jar", per("Glas", 500)),
            ("Waldhonig", "7.50", "7", "jar", per("Glas", 500)),
            ("Bienenwachskerze", "5.90", "19", "jar", per("Stück")),
        ],
    ),
]
FRESH_CATEGORIES = {"wochenmarktstand", "lebensmittel"}

LEGAL_PAGES = {
    "agb": (
        "Allgemeine Geschäftsbedingungen",
        "Die Bedingungen für Bestellungen im Stadtshop.",
        "<p>Verkäufer ist jeweils das Geschäft, dessen Waren Sie bestellen; Name und Anschrift "
        "stehen bei jedem Artikel und in Ihrer Bestellbestätigung. Der Vertrag kommt mit der "
        "Bestellbestätigung zustande. Alle Preise enthalten die gesetzliche Umsatzsteuer; "
        "Liefer- und Versandkosten werden vor der Bestellung angezeigt.</p>",
    ),
    "widerruf": (
        "Widerrufsbelehrung",
        "Ihr Recht, eine Bestellung zu widerrufen.",
        "<p>Sie haben das Recht, binnen vierzehn Tagen ohne Angabe von Gründen diesen Vertrag "
        "zu widerrufen. Die Widerrufsfrist beträgt vierzehn Tage ab dem Tag, an dem Sie die "
        "Waren in Besitz genommen haben. Richten Sie den Widerruf an das Geschäft, bei dem Sie "
        "bestellt haben.</p><p>Kein Widerrufsrecht besteht bei schnell verderblichen Waren "
        "und bei Veranstaltungen mit festem Termin.</p>",
    ),
}


def build(home, log):
    index = _directory(home)
    _legal_pages(home)
    made, shops = 0, {}
    for name, category_slug, offer, catalogue_category, products in SHOPS:
        page = _merchant(index, name, category_slug, log)
        shop = shops[name] = shop_for(page, **offer)
        category = create_from_breadcrumbs(catalogue_category)
        for title, price, vat_rate, kind, fields in products:
            made += _product(shop, category, title, price, vat_rate, kind, fields, category_slug)
    made += _variants(shops["Modehaus Lindner"], log)
    made += _gift_card(shops["Geschenkeladen Schatzkiste"])
    _merchant_login(shops["Gemüse Gärtnerei Sonnenhof"])
    _discount_code(shops["Feinkost Olivenbaum"], "OLIVE10", 10, log)
    if made:
        log(f"Shop products created: {made}")


def _discount_code(shop, code, percent, log):
    """A merchant's own discount code: ``percent`` off its goods only (``MerchantOffer``)."""
    import datetime

    from django.utils import timezone
    from oscar.core.loading import get_model

    from portal.shop.models import MerchantOffer

    Voucher = get_model("voucher", "Voucher")
    if Voucher.objects.filter(code=code).exists():
        return
    Range = get_model("offer", "Range")
    Condition = get_model("offer", "Condition")
    Benefit = get_model("offer", "Benefit")
    ConditionalOffer = get_model("offer", "ConditionalOffer")
    everything = Range.objects.create(name=f"Sortiment {shop.name}", includes_all_products=True)
    offer = ConditionalOffer.objects.create(
        name=f"{percent} % bei {shop.name}",
        offer_type=ConditionalOffer.VOUCHER,
        condition=Condition.objects.create(range=everything, type=Condition.COUNT, value=1),
        benefit=Benefit.objects.create(range=everything, type=Benefit.PERCENTAGE, value=percent),
    )
    MerchantOffer.objects.create(offer=offer, shop=shop)
    voucher = Voucher.objects.create(
        name=offer.name,
        code=code,
        usage=Voucher.MULTI_USE,
        start_datetime=timezone.now(),
        end_datetime=timezone.now() + datetime.timedelta(days=365),
    )
    voucher.offers.add(offer)
    log(f"Discount code {code}: {percent} % on the goods of {shop.name}")


def _directory(home):
    index = home.get_children().type(DirectoryIndexPage).first()
    if index is not None:
        return index.specific
    return replace_placeholder(
        home,
        "haendler",
        lambda parent: directory_factories.DirectoryIndexPageFactory(parent=parent),
    )


def _legal_pages(home):
    pages = {
        slug: home_factories.ContentPageFactory(
            parent=home,
            slug=slug,
            title=title,
            intro=intro,
            body=[("paragraph", RichText(html))],
        )
        for slug, (title, intro, html) in LEGAL_PAGES.items()
    }
    settings = ShopSettings.load()
    settings.terms_page = pages["agb"]
    settings.withdrawal_page = pages["widerruf"]
    settings.account_holder = "Stadtmarketing Musterstadt GmbH"
    settings.iban = "DE02120300000000202051"
    settings.bic = "BYLADEM1001"
    settings.bank_name = "Musterbank"
    settings.save()


def _merchant(index, name, category_slug, log, town="Musterstadt"):
    """The live profile of ``name`` below the directory, created if missing."""
    slug = slugify(name)
    page = MerchantPage.objects.child_of(index).filter(slug=slug).first()
    if page is not None:
        if not page.live:
            page.save_revision().publish()
        return page
    category = directory_factories.CategoryFactory(
        slug=category_slug, name=category_slug.replace("-", " ").title()
    )
    page = directory_factories.MerchantPageFactory.build(
        title=name,
        slug=slug,
        primary_category=category,
        short_description=f"{name} aus der Innenstadt von {town}.",
        legal_name=f"{name} GmbH",
        legal_address=f"Marktplatz 1\n12345 {town}",
        legal_representative="Alex Beispiel",
        vat_id="DE123456789",
        offers_pickup=True,
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    log(f"Business created for the shop: {name}")
    return page


def _product(shop, category, title, price, vat_rate, kind, fields, category_slug):
    if Product.objects.filter(partner=shop.partner, title=title).exists():
        return 0
    fresh = category_slug in FRESH_CATEGORIES and "net_content" in fields
    product = product_for(
        shop,
        title=title,
        price=price,
        stock=40,
        vat_rate=vat_rate,
        image_kind=kind,
        product_class=product_class(product_types.FRESH if fresh else product_types.GOODS),
        description=f"{title} von {shop.name}: aus Musterstadt, mit Sorgfalt ausgewählt.",
        **fields,
    )
    ProductCategory.objects.get_or_create(product=product, category=category)
    return 1


def _variants(shop, log):
    """A T-shirt in four sizes: a parent product with one child per size."""
    title = "T-Shirt „Ich ❤ Musterstadt“"
    if Product.objects.filter(partner=shop.partner, title=title).exists():
        return 0
    parent = Product.objects.create(
        structure=Product.PARENT,
        title=title,
        description="Bio-Baumwolle, fair hergestellt, bedruckt in Musterstadt.",
        product_class=product_class(product_types.GOODS),
        partner=shop.partner,
        vat_rate="19",
    )
    ProductCategory.objects.get_or_create(product=parent, category=create_from_breadcrumbs("Mode"))
    ProductImage.objects.create(
        product=parent, original=product_image_file(title, "box"), caption=title
    )
    for size in ("S", "M", "L", "XL"):
        child = Product.objects.create(
            structure=Product.CHILD, parent=parent, title=f"Größe {size}", partner=shop.partner
        )
        StockRecord.objects.create(
            product=child,
            partner=shop.partner,
            partner_sku=f"TSHIRT-{size}",
            price=Decimal("24.90"),
            price_currency="EUR",
            num_in_stock=15,
        )
    log("T-shirt with sizes created")
    return 1


def _gift_card(shop):
    title = "Geschenkgutschein Schatzkiste 25 €"
    if Product.objects.filter(partner=shop.partner, title=title).exists():
        return 0
    product_for(
        shop,
        title=title,
        price="25.00",
        stock=None,
        vat_rate="0",
        image_kind="box",
        product_class=product_class(product_types.GIFT),
        description="Einzulösen im Geschenkeladen Schatzkiste.",
    )
    return 1


def _merchant_login(shop):
    """A merchant login for the weekly-market stall, to try a shop of one business."""
    user, _password = ensure_user(
        "marktstand",
        email="marktstand@musterstadt.example",
        first_name="Sonja",
        last_name="Sonnenhof",
        purpose="Händler: owns the market stall Gemüse Gärtnerei Sonnenhof and its shop",
    )
    directory_services.add_member(shop.page, user)


# The second demo town ------------------------------------------------------------

SECOND_TOWN = "Beispielheim"
SECOND_TOWN_SHOPS = [
    (
        "Hofladen Lindenhof",
        "hofladen",
        "Lebensmittel",
        [
            ("Apfelsaft naturtrüb", "3.20", "7", "jar", per("Flasche", 1000, measure="ml")),
            ("Honig vom Lindenhof", "6.50", "7", "jar", per("Glas", 500)),
        ],
    ),
    (
        "Buchladen am Brunnen",
        "buchhandlung",
        "Bücher",
        [("Wanderführer Beispielheim", "14.90", "7", "box", {})],
    ),
]


def build_second_town(log):
    """Beispielheim: a second, smaller town on the same installation (``add_town``)."""
    from wagtail.models import Site

    from portal.home.demo import demo_hostname, demo_port
    from portal.home.new_town import add_town
    from portal.roles.definitions import EDITORS
    from portal.roles.services import town_group

    site = Site.objects.filter(site_name=SECOND_TOWN).first()
    if site is None:
        site = add_town(
            SECOND_TOWN,
            demo_hostname("beispielheim"),
            port=demo_port(),
            email="info@beispielheim.example",
            log=log,
        )
    home = site.root_page
    index = home.get_children().type(DirectoryIndexPage).first().specific
    made = 0
    for name, category_slug, catalogue_category, products in SECOND_TOWN_SHOPS:
        page = _merchant(index, name, category_slug, log, town=SECOND_TOWN)
        shop = shop_for(page, **PICKUP)
        category = create_from_breadcrumbs(catalogue_category)
        for title, price, vat_rate, kind, fields in products:
            made += _product(shop, category, title, price, vat_rate, kind, fields, category_slug)
    news_index = home.get_children().filter(slug="aktuelles").first().specific
    if not news_index.get_children().filter(slug="stadtfest").exists():
        home_factories.NewsPageFactory(
            parent=news_index,
            slug="stadtfest",
            title="Stadtfest am Brunnenplatz",
            intro="Am ersten Juliwochenende feiert Beispielheim sein Stadtfest.",
            listing_image=home_factories.ImageFactory(title="Stadtfest Beispielheim"),
        )
    user, _password = ensure_user(
        "redaktion-beispielheim",
        email="redaktion@beispielheim.example",
        first_name="Bea",
        last_name="Beispiel",
        purpose=f"Redaktion nur für {SECOND_TOWN}: sieht und ändert nur dessen Seiten",
        url=site.root_url + "/admin/",
    )
    user.groups.add(town_group(site, EDITORS))
    log(f"{SECOND_TOWN}: {site.root_url}/ ({made} products)")
