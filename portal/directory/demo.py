"""The directory part of the demo town (called through the ``build_demo_town`` hook).

Idempotent: every object is looked up by its natural key (slug, name,
username) and only created when missing; only the demo merchant's password
is new on each run, as for the other demo logins.
"""

import datetime
import math
from pathlib import Path

from wagtail.rich_text import RichText

from portal.home import factories as home_factories
from portal.home.demo import ensure_user, replace_placeholder
from portal.home.slugs import german_slugify as slugify

from . import factories, search, services
from .management.commands.import_postcodes import load as load_postcodes
from .management.commands.import_postcodes import load_german_postcodes
from .models import Category, InitiativeIndexPage, MarketPage, MerchantPage, PaymentMethod, Region

CENTRE = (50.9375, 6.9603)
# The demo merchant owns two businesses, as a person with two shops would.
OWNED_BY_THE_DEMO_MERCHANT = ("Bäckerei Korn", "Hofladen Grünkorb")
HOURS_SHOP = "Mo-Fr 09:30-18:30; Sa 10:00-16:00; PH off"
HOURS_BAKERY = "Mo-Fr 06:30-18:00; Sa 06:30-13:00; Su 08:00-11:00; PH off"
HOURS_RESTAURANT = "Tu-Su 11:30-14:30,17:30-22:00; PH 11:30-22:00"
HOURS_BAR = "We-Th 18:00-24:00; Fr-Sa 18:00-03:00"
HOURS_SERVICE = 'Mo-Fr 08:00-12:00,13:00-17:00; Sa "nach Vereinbarung"'
HOURS_CRAFT = 'Mo-Fr 07:00-16:00; "Notdienst nach Vereinbarung"'
HOURS_MARKET = "We 08:00-13:00; Sa 07:00-13:00; PH off"

# name, category slug, street, hours, flags:
# p=pickup, d=delivery, s=shipping, t=phone orders, v=city voucher, w=wheelchair access
BUSINESSES = [
    ("Bäckerei Korn", "baeckerei", "Marktplatz 3", HOURS_BAKERY, "ptvw"),
    ("Konditorei Zuckerstück", "baeckerei", "Kirchgasse 7", HOURS_BAKERY, "pv"),
    ("Hofladen Grünkorb", "lebensmittel", "Lindenallee 22", "Mo-Sa 08:00-19:00; PH off", "pdtvw"),
    ("Feinkost Olivenbaum", "lebensmittel", "Hauptstraße 41", HOURS_SHOP, "pdsv"),
    ("Weinhandlung Rebstock", "lebensmittel", "Weinbergweg 2", HOURS_SHOP, "pdst"),
    ("Modehaus Lindner", "mode", "Hauptstraße 12", HOURS_SHOP, "psvw"),
    ("Schuhhaus Schritt", "mode", "Hauptstraße 18", HOURS_SHOP, "pvw"),
    ("Kinderladen Wolke", "mode", "Schulstraße 5", HOURS_SHOP, "pdv"),
    ("Buchhandlung Seitenweise", "buecher", "Kirchgasse 2", HOURS_SHOP, "pdstvw"),
    ("Schreibwaren Feder", "buecher", "Bahnhofstraße 9", HOURS_SHOP, "ptv"),
    ("Geschenkeladen Schatzkiste", "geschenke", "Rathausgasse 4", HOURS_SHOP, "psv"),
    ("Wohnen & Leben", "geschenke", "Mühlenweg 11", HOURS_SHOP, "dsw"),
    ("Blumen Blütezeit", "geschenke", "Marktplatz 8", "Mo-Fr 08:00-18:00; Sa 08:00-14:00", "pdtv"),
    ("Elektro Funke", "elektronik", "Industriestraße 3", HOURS_SHOP, "pdsw"),
    (
        "Fotostudio Blende",
        "elektronik",
        "Bahnhofstraße 21",
        'Tu-Fr 10:00-18:00; Sa "nach Vereinbarung"',
        "t",
    ),
    (
        "Apotheke am Markt",
        "gesundheit",
        "Marktplatz 1a",
        "Mo-Fr 08:00-19:00; Sa 08:30-14:00",
        "pdtvw",
    ),
    ("Optik Klarblick", "gesundheit", "Hauptstraße 30", HOURS_SHOP, "vw"),
    ("Drogerie Sauber", "gesundheit", "Hauptstraße 55", "Mo-Sa 08:00-20:00", "pvw"),
    ("Radsport Kette", "sport", "Uferstraße 14", HOURS_SHOP, "pdst"),
    ("Spielwaren Kreisel", "sport", "Schulstraße 12", HOURS_SHOP, "psv"),
    ("Restaurant Zur Linde", "restaurant", "Lindenallee 1", HOURS_RESTAURANT, "ptvw"),
    ("Trattoria Sole", "restaurant", "Uferstraße 3", HOURS_RESTAURANT, "pdt"),
    ("Asia Garten", "restaurant", "Bahnhofstraße 30", "Mo-Su 11:00-22:00", "pdt"),
    ("Café Kaffeebohne", "cafe", "Marktplatz 10", "Mo-Sa 08:00-18:00; Su 10:00-18:00", "pvw"),
    ("Eiscafé Venezia", "cafe", "Uferstraße 8", "Apr-Sep Mo-Su 11:00-21:00", "p"),
    ("Altstadtkneipe Fass", "bar", "Rathausgasse 9", HOURS_BAR, ""),
    ("Cocktailbar Mond", "bar", "Kirchgasse 15", HOURS_BAR, "w"),
    ("Hotel Zum Marktplatz", "hotellerie", "Marktplatz 12", "24/7", "tvw"),
    ("Pension Flussblick", "hotellerie", "Uferstraße 20", "Mo-Su 07:00-21:00", "t"),
    ("Tischlerei Holzwurm", "handwerk", "Werkstraße 4", HOURS_CRAFT, "t"),
    ("Malerbetrieb Farbenfroh", "handwerk", "Werkstraße 9", HOURS_CRAFT, "t"),
    ("Elektrotechnik Strom", "handwerk", "Industriestraße 10", HOURS_CRAFT, "t"),
    ("Goldschmiede Glanz", "handwerk", "Kirchgasse 4", "Tu-Fr 10:00-18:00; Sa 10:00-14:00", "psv"),
    ("Friseur Schnittpunkt", "friseur", "Hauptstraße 7", "Tu-Fr 09:00-18:00; Sa 08:00-13:00", "tv"),
    ("Kosmetikstudio Anmut", "friseur", "Schulstraße 2", HOURS_SERVICE, "tv"),
    ("Steuerbüro Rechenschieber", "dienstleistung", "Rathausgasse 1", HOURS_SERVICE, "t"),
    ("Reisebüro Fernweh", "dienstleistung", "Bahnhofstraße 2", HOURS_SHOP, "tvw"),
    ("Pixelwerk Webdesign", "webdesign", "Mühlenweg 3", HOURS_SERVICE, "t"),
    ("Grafikstudio Linie", "webdesign", "Kirchgasse 20", HOURS_SERVICE, "t"),
    ("Heimatverein Musterstadt", "verein", "Rathausgasse 2", '"nach Vereinbarung"', ""),
    ("Sportverein Blau-Weiß", "verein", "Sportplatzweg 1", "Mo-Fr 17:00-21:00", ""),
    ("Gemüse Gärtnerei Sonnenhof", "wochenmarktstand", "Marktplatz (Stand 1)", HOURS_MARKET, "pd"),
    ("Käse Alm", "wochenmarktstand", "Marktplatz (Stand 4)", HOURS_MARKET, "p"),
    ("Fischhandel Möwe", "wochenmarktstand", "Marktplatz (Stand 7)", HOURS_MARKET, "pt"),
    ("Imkerei Summsumm", "wochenmarktstand", "Marktplatz (Stand 9)", HOURS_MARKET, "ps"),
]

# What residents search for besides the name and category (the profile's search terms).
KEYWORDS = {
    "Bäckerei Korn": "Brot, Brötchen, Vollkornbrot, Laugenbrezeln, Kuchen, Frühstück",
    "Konditorei Zuckerstück": "Torten, Hochzeitstorte, Pralinen, Kuchen, Gebäck",
    "Hofladen Grünkorb": "Eier, Kartoffeln, Obst, Gemüse, regional, bio",
    "Feinkost Olivenbaum": "Olivenöl, Pesto, Pasta, Antipasti, italienisch",
    "Weinhandlung Rebstock": "Wein, Sekt, Riesling, Weinprobe, Spirituosen",
    "Modehaus Lindner": "Damenmode, Herrenmode, Jacken, Hemden, Kleider",
    "Schuhhaus Schritt": "Schuhe, Stiefel, Sneaker, Hausschuhe",
    "Kinderladen Wolke": "Kindermode, Babykleidung, Spielzeug",
    "Buchhandlung Seitenweise": "Bücher, Romane, Kinderbücher, Lesungen, Hörbücher",
    "Schreibwaren Feder": "Schulbedarf, Hefte, Stifte, Füller, Bürobedarf",
    "Geschenkeladen Schatzkiste": "Geschenke, Kerzen, Tassen, Dekoration, Gutscheine",
    "Wohnen & Leben": "Möbel, Deko, Wohnaccessoires, Kissen, Lampen",
    "Blumen Blütezeit": "Blumensträuße, Hochzeitsfloristik, Trauerfloristik, Zimmerpflanzen",
    "Elektro Funke": "Fernseher, Haushaltsgeräte, Waschmaschine, Reparatur, Lampen",
    "Fotostudio Blende": "Passbilder, Bewerbungsfotos, Hochzeitsfotos, Fotograf",
    "Apotheke am Markt": "Medikamente, Rezepte, Arzneimittel, Notdienst",
    "Optik Klarblick": "Brillen, Kontaktlinsen, Sehtest, Optiker, Sonnenbrillen",
    "Drogerie Sauber": "Kosmetik, Pflege, Haushalt, Drogeriemarkt",
    "Radsport Kette": "Fahrräder, E-Bikes, Fahrradreparatur, Fahrradwerkstatt, Zubehör",
    "Spielwaren Kreisel": "Spielzeug, Brettspiele, Puzzle, Modellbau",
    "Restaurant Zur Linde": "deutsche Küche, Mittagstisch, Biergarten, Schnitzel",
    "Trattoria Sole": "Pizza, Pasta, italienisch, Lieferservice",
    "Asia Garten": "Sushi, chinesisch, thailändisch, Lieferservice",
    "Café Kaffeebohne": "Kaffee, Frühstück, Kuchen, Espresso",
    "Eiscafé Venezia": "Eis, Eisbecher, Spaghettieis, Gelato",
    "Altstadtkneipe Fass": "Bier, Kneipe, Fußball, Darts",
    "Cocktailbar Mond": "Cocktails, Drinks, Longdrinks",
    "Hotel Zum Marktplatz": "Übernachtung, Zimmer, Tagungen, Frühstück",
    "Pension Flussblick": "Übernachtung, Ferienzimmer, Gästezimmer",
    "Tischlerei Holzwurm": "Schreiner, Möbel nach Maß, Küchen, Fenster, Türen",
    "Malerbetrieb Farbenfroh": "Maler, Anstrich, Tapezieren, Fassade, Lackierarbeiten",
    "Elektrotechnik Strom": "Elektriker, Elektroinstallation, Photovoltaik, Notdienst",
    "Goldschmiede Glanz": "Schmuck, Trauringe, Eheringe, Uhren, Reparatur",
    "Friseur Schnittpunkt": "Haarschnitt, Färben, Damen, Herren, Kinder",
    "Kosmetikstudio Anmut": "Gesichtsbehandlung, Maniküre, Pediküre, Wimpern",
    "Steuerbüro Rechenschieber": "Steuerberater, Steuererklärung, Buchhaltung, Lohnabrechnung",
    "Reisebüro Fernweh": "Urlaub, Reisen, Flüge, Kreuzfahrten, Pauschalreisen",
    "Pixelwerk Webdesign": "Website, Homepage, Onlineshop, Programmierung",
    "Grafikstudio Linie": "Logo, Flyer, Grafikdesign, Druck",
    "Heimatverein Musterstadt": "Stadtgeschichte, Führungen, Ehrenamt",
    "Sportverein Blau-Weiß": "Fußball, Turnen, Sport, Kinderturnen",
}
# What the weekly-market stalls sell (their stall's goods).
STALL_GOODS = {
    "Gemüse Gärtnerei Sonnenhof": "Gemüse, Salat, Tomaten, Kräuter, Obst",
    "Käse Alm": "Käse, Bergkäse, Ziegenkäse, Butter",
    "Fischhandel Möwe": "Fisch, Räucherfisch, Lachs, Matjes",
    "Imkerei Summsumm": "Honig, Waldhonig, Bienenwachs, Kerzen",
}

INITIATIVES = [
    (
        "Kreis-Marktplatz Online",
        "Landkreis Musterland",
        "marketplace",
        "Ein Online-Marktplatz für alle Händler des Landkreises.",
    ),
    (
        "Musterland-Gutschein",
        "Landkreis Musterland",
        "voucher",
        "Ein Gutschein, der in 12 Städten des Kreises gilt.",
    ),
    (
        "Radkurier Musterstadt",
        "Landkreis Musterland",
        "delivery",
        "Lieferung per Lastenrad am selben Tag.",
    ),
    (
        "Werbegemeinschaft Innenstadt",
        "Landkreis Musterland",
        "association",
        "Der Zusammenschluss der Innenstadthändler.",
    ),
    (
        "Talbote Lieferdienst",
        "Region Oberes Tal",
        "delivery",
        "Regionaler Lieferdienst für Lebensmittel aus dem Tal.",
    ),
    ("Tal-Taler", "Region Oberes Tal", "voucher", "Der Regionalgutschein des Oberen Tals."),
]


def load_demo_postcodes():
    """Every German postcode, then the demo town's own over them.

    The national file is already loaded by migrate, so that step writes
    nothing; the demo file then takes 12347-12353 over from Berlin for the
    fictional Musterstadt (12345 is no real postcode).
    """
    load_german_postcodes()
    load_postcodes((Path(__file__).parent / "data" / "demo_postcodes.csv").read_text("utf-8"))


def build(home, log):
    load_demo_postcodes()
    index = replace_placeholder(home, "haendler", _directory_index)
    services.ensure_moderation_workflow(index)
    pages = _businesses(index, log)
    market = replace_placeholder(home, "wochenmarkt", lambda parent: _market(parent, pages, log))
    replace_placeholder(home, "initiativen", lambda parent: _initiatives(parent, log))
    _navigation(home, [(index, 2), (market, 3)])
    _featured(home, pages)
    _search_terms(pages, market)
    user, _password = ensure_user(
        "haendler",
        email="haendler@musterstadt.example",
        first_name="Hanna",
        last_name="Korn",
        purpose="Händler: owns Bäckerei Korn and Hofladen Grünkorb (profiles, shops, "
        "redemptions and statements, bank details, staff)",
    )
    for name in OWNED_BY_THE_DEMO_MERCHANT:
        services.add_member(pages[name], user)


def _directory_index(home):
    return factories.DirectoryIndexPageFactory(
        parent=home,
        title="Händler",
        slug="haendler",
        intro="Alle Geschäfte, Gastronomie, Handwerker und Dienstleister von Musterstadt: "
        "suchen, filtern und sehen, wer gerade geöffnet hat.",
    )


def _position(number):
    """A spiral around the market square: plausible streets within about 1.5 km."""
    angle = number * 2.4
    radius = 0.0012 * math.sqrt(number + 1) * 3
    return (
        round(CENTRE[0] + radius * math.cos(angle) * 0.65, 6),
        round(CENTRE[1] + radius * math.sin(angle), 6),
    )


def _businesses(index, log):
    categories = {category.slug: category for category in Category.objects.all()}
    payments = list(PaymentMethod.objects.all())
    pages = {}
    for number, (name, category_slug, street, opening_hours, flags) in enumerate(BUSINESSES):
        slug = slugify(name)
        existing = MerchantPage.objects.child_of(index).filter(slug=slug).first()
        if existing is not None:
            pages[name] = existing
            continue
        latitude, longitude = _position(number)
        category = categories[category_slug]
        page = factories.MerchantPageFactory.build(
            title=name,
            slug=slug,
            primary_category=category,
            short_description=f"{category.name} in der Innenstadt von Musterstadt.",
            keywords=KEYWORDS.get(name, ""),
            body=RichText(
                f"<p>{name} gehört seit vielen Jahren zur Innenstadt. "
                "Wir freuen uns auf Ihren Besuch!</p>"
            ),
            street=street,
            postcode="12345",
            city="Musterstadt",
            latitude=latitude,
            longitude=longitude,
            phone=f"+49 1234 {5000 + number * 7}",
            email=f"kontakt@{slug}.example",
            website=f"https://{slug}.example/",
            opening_hours=opening_hours,
            offers_pickup="p" in flags,
            offers_local_delivery="d" in flags,
            offers_shipping="s" in flags,
            offers_phone_orders="t" in flags,
            accepts_city_voucher="v" in flags,
            wheelchair_accessible="w" in flags,
            online_shop_url=f"https://shop.{slug}.example/" if "s" in flags else "",
            legal_name=f"{name} GmbH" if number % 3 == 0 else f"{name}, Inh. Alex Beispiel",
            legal_address=f"{street}\n12345 Musterstadt",
            register_entry="Amtsgericht Musterstadt, HRB " + str(1000 + number)
            if number % 3 == 0
            else "",
            vat_id=f"DE{123456700 + number}",
            logo=home_factories.ImageFactory(title=f"Logo {name}"),
        )
        index.add_child(instance=page)
        page.payment_methods.set(payments[: 2 + number % 4])
        page.save_revision().publish()
        pages[name] = page
        log(f"Business created: {name}")
    return pages


def _market(home, pages, log):
    market = MarketPage(
        title="Wochenmarkt",
        slug="wochenmarkt",
        intro="Frisches aus der Region, jeden Mittwoch und Samstag auf dem Marktplatz.",
        location_name="Marktplatz",
        street="Marktplatz",
        postcode="12345",
        city="Musterstadt",
        latitude=CENTRE[0],
        longitude=CENTRE[1],
    )
    market.market_days = [
        _market_day(2, datetime.time(8), datetime.time(13)),
        _market_day(5, datetime.time(7), datetime.time(13)),
    ]
    from .models import MarketStall

    market.stalls = [
        MarketStall(
            merchant=page,
            place=page.street.split("(")[-1].rstrip(")"),
            goods=STALL_GOODS.get(page.title, ""),
        )
        for page in pages.values()
        if page.primary_category.slug == "wochenmarktstand"
    ]
    home.add_child(instance=market)
    market.save_revision().publish()
    log("Weekly market created")
    return market


def _market_day(weekday, opens, closes):
    from .models import MarketDay

    return MarketDay(weekday=weekday, opens=opens, closes=closes)


def _initiatives(home, log):
    from .models import InitiativePage

    index = InitiativeIndexPage(
        title="Initiativen",
        slug="initiativen",
        intro="Regionale Initiativen und Plattformen, die den lokalen Handel online stärken.",
    )
    home.add_child(instance=index)
    index.save_revision().publish()
    for name, region_name, kind, description in INITIATIVES:
        region, _ = Region.objects.get_or_create(
            slug=slugify(region_name), defaults={"name": region_name}
        )
        page = InitiativePage(
            title=name,
            slug=slugify(name),
            region=region,
            kind=kind,
            short_description=description,
            website=f"https://{slugify(name)}.example/",
            offers=f"<p>{description} Teilnahme für Händler kostenlos.</p>",
            contact_name="Geschäftsstelle",
            contact_email=f"info@{slugify(name)}.example",
        )
        index.add_child(instance=page)
        page.save_revision().publish()
    log("Regional initiatives created")
    return index


def _navigation(home, entries):
    """Put the new section pages back into the main menu (replacing a placeholder
    page removed its menu entry with it)."""
    from portal.home.models import NavigationLink, NavigationSettings

    navigation = NavigationSettings.for_site(home.get_site())
    for page, order in entries:
        if not navigation.links.filter(page=page).exists():
            NavigationLink.objects.create(settings=navigation, page=page, sort_order=order)


def _search_terms(pages, market):
    """Search terms and stall goods for a demo town built before they existed."""
    changed = []
    for name, page in pages.items():
        if KEYWORDS.get(name) and MerchantPage.objects.filter(pk=page.pk, keywords="").update(
            keywords=KEYWORDS[name]
        ):
            changed.append(page.pk)
    if isinstance(market, MarketPage):
        for stall in market.stalls.select_related("merchant").filter(goods=""):
            if STALL_GOODS.get(stall.merchant.title):
                stall.goods = STALL_GOODS[stall.merchant.title]
                stall.save(update_fields=["goods"])
                changed.append(stall.merchant_id)
    if changed:
        search.reindex_merchants(changed)


def _featured(home, pages):
    """Show two businesses among the home page's highlights (once)."""
    if any(block.block_type == "page" for block in home.highlights):
        return
    for name in ("Bäckerei Korn", "Buchhandlung Seitenweise"):
        home.highlights.append(("page", pages[name]))
    home.save_revision().publish()
