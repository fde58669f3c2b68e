"""A generated town for the search tests and the benchmark, and the table of queries.

``build_town(index)`` creates about fifty realistic businesses (names,
categories, search terms, descriptions, postcodes), shops with products,
a weekly market with stall goods, and ``filler`` neutral businesses spread
over the categories, so that ranking matters: a bakery must beat every
business that is merely in the bakery category.

``QUERIES`` lists what residents type and the business that must be among
the first five results, with the kind of query. ``first_five(client, index, text)``
asks the directory page as a browser would.
"""

import datetime
from dataclasses import dataclass

from django.utils.text import slugify

from portal.directory import factories as directory_factories
from portal.directory.bulk import bulk_create_merchant_pages
from portal.directory.models import Category, MarketDay, MarketPage, MarketStall, PostcodeArea
from portal.shop.factories import product_for, shop_for

POSTCODES = {
    "12345": ("Musterstadt Mitte", 50.9375, 6.9603),
    "12347": ("Musterstadt Nord", 50.9700, 6.9900),
    "12349": ("Musterstadt Süd", 50.9000, 6.9300),
}

# name, category slug, postcode, search terms, short description, products
BUSINESSES = [
    (
        "Bäckerei Korn",
        "baeckerei",
        "12345",
        "Laugenbrezeln, Frühstück",
        "Handwerksbäckerei mit Brot aus Natursauerteig.",
        ["Dinkel-Vollkornbrot", "Roggenmischbrot", "Laugenbrezel"],
    ),
    ("Backstube Müller", "baeckerei", "12347", "Brötchen, Frühstück", "Vom Meister gebacken.", []),
    (
        "Konditorei Zuckerstück",
        "baeckerei",
        "12345",
        "Hochzeitstorte, Pralinen",
        "Feine Torten für jeden Anlass.",
        [],
    ),
    (
        "Metzgerei Schäfer",
        "lebensmittel",
        "12345",
        "Wurst, Aufschnitt, Grillfleisch, Partyservice",
        "Fleisch aus der Region.",
        [],
    ),
    (
        "Hofladen Grünkorb",
        "lebensmittel",
        "12349",
        "regional, Direktvermarktung",
        "Frisches vom Hof.",
        ["Freiland-Eier", "Kartoffeln, festkochend"],
    ),
    (
        "Feinkost Olivenbaum",
        "lebensmittel",
        "12345",
        "Antipasti",
        "Spezialitäten aus Italien.",
        ["Olivenöl nativ extra", "Basilikum-Pesto"],
    ),
    (
        "Weinhandlung Rebstock",
        "lebensmittel",
        "12345",
        "Weinprobe, Spirituosen",
        "Weine von der Mosel und aus aller Welt.",
        ["Riesling trocken 2023", "Spätburgunder 2021"],
    ),
    ("Bioladen Löwenzahn", "lebensmittel", "12347", "Naturkost, vegan", "Bio für alle.", []),
    (
        "Modehaus Lindner",
        "mode",
        "12345",
        "Damenmode, Herrenmode",
        "Mode für Sie und Ihn.",
        ["Strickschal Wolle", "Leinenhemd"],
    ),
    ("Schuhhaus Schritt", "mode", "12345", "Stiefel, Sneaker", "Schuhe für die ganze Familie.", []),
    (
        "Buchhandlung Seitenweise",
        "buecher",
        "12345",
        "Romane, Lesungen",
        "Ihre Buchhandlung am Markt.",
        ["Musterstädter Geschichten", "Kinderbuch: Die kleine Marktmaus"],
    ),
    (
        "Schreibwaren Feder",
        "buecher",
        "12345",
        "Schulbedarf, Hefte",
        "Alles für Schule und Büro.",
        ["Füllfederhalter Schulstart", "Buntstifte, 24 Farben"],
    ),
    (
        "Blumen Blütezeit",
        "geschenke",
        "12345",
        "Blumensträuße, Hochzeitsfloristik",
        "Blumen für jeden Anlass.",
        ["Tulpen, 10 Stiele", "Strauß der Saison"],
    ),
    (
        "Geschenkeladen Schatzkiste",
        "geschenke",
        "12345",
        "Mitbringsel",
        "Schönes zum Verschenken.",
        ["Duftkerze Lavendel", "Tasse Musterstadt"],
    ),
    (
        "Elektro Funke",
        "elektronik",
        "12345",
        "Fernseher, Waschmaschine",
        "Elektrogeräte mit Service.",
        [],
    ),
    (
        "Handyklinik Akku",
        "elektronik",
        "12347",
        "Handyreparatur, Display",
        "Schnelle Hilfe für Ihr Telefon.",
        [],
    ),
    ("Apotheke am Markt", "gesundheit", "12345", "Rezepte", "Ihre Apotheke im Zentrum.", []),
    ("Optik Klarblick", "gesundheit", "12345", "Sehtest", "Gutes Sehen, gutes Aussehen.", []),
    ("Drogerie Sauber", "gesundheit", "12349", "Pflege, Haushalt", "Alles für den Alltag.", []),
    (
        "Radsport Kette",
        "sport",
        "12345",
        "Fahrräder, E-Bikes, Fahrradwerkstatt, Reparatur",
        "Räder, Zubehör und Werkstatt.",
        ["Fahrradschloss Faltschloss", "Flickzeug"],
    ),
    (
        "Spielwaren Kreisel",
        "sport",
        "12345",
        "Brettspiele, Puzzle",
        "Spielzeug für Groß und Klein.",
        [],
    ),
    (
        "Restaurant Zur Linde",
        "restaurant",
        "12345",
        "deutsche Küche, Schnitzel, Biergarten",
        "Gutbürgerlich seit 1890.",
        [],
    ),
    (
        "Trattoria Sole",
        "restaurant",
        "12345",
        "Pizza, Pasta, italienisch",
        "Italienische Küche.",
        [],
    ),
    ("Asia Garten", "restaurant", "12347", "Sushi, chinesisch", "Asiatische Spezialitäten.", []),
    ("Café Kaffeebohne", "cafe", "12345", "Espresso", "Frühstück und Kuchen.", []),
    (
        "Eiscafé Venezia",
        "cafe",
        "12345",
        "Eisbecher, Spaghettieis",
        "Eis aus eigener Herstellung.",
        [],
    ),
    ("Altstadtkneipe Fass", "bar", "12345", "Darts", "Die gemütliche Kneipe.", []),
    (
        "Hotel Zum Marktplatz",
        "hotellerie",
        "12345",
        "Tagungen",
        "Zimmer mit Blick auf den Markt.",
        [],
    ),
    ("Pension Flussblick", "hotellerie", "12349", "Gästezimmer", "Ruhig am Fluss gelegen.", []),
    (
        "Tischlerei Holzwurm",
        "handwerk",
        "12345",
        "Möbel nach Maß, Küchen, Fenster",
        "Meisterbetrieb für Holz.",
        [],
    ),
    (
        "Malerbetrieb Farbenfroh",
        "handwerk",
        "12347",
        "Tapezieren, Fassade",
        "Farbe für Haus und Wohnung.",
        [],
    ),
    (
        "Elektrotechnik Strom",
        "handwerk",
        "12349",
        "Elektroinstallation, Photovoltaik",
        "Installation und Notdienst.",
        [],
    ),
    (
        "Haustechnik Rohrbach",
        "handwerk",
        "12345",
        "Heizung, Bad, Sanitär",
        "Heizung und Bad aus einer Hand.",
        [],
    ),
    (
        "Goldschmiede Glanz",
        "handwerk",
        "12345",
        "Trauringe, Schmuck",
        "Schmuck aus eigener Werkstatt.",
        [],
    ),
    (
        "Autowerkstatt Kolben",
        "handwerk",
        "12349",
        "Inspektion, Reifenwechsel",
        "Freie Werkstatt für alle Marken.",
        [],
    ),
    ("Friseur Schnittpunkt", "friseur", "12345", "Färben", "Ihr Salon in der Innenstadt.", []),
    ("Salon Haarmonie", "friseur", "12349", "Damen, Herren, Kinder", "Schöne Haare im Süden.", []),
    ("Kosmetikstudio Anmut", "friseur", "12345", "Maniküre, Pediküre", "Zeit für Sie.", []),
    (
        "Steuerbüro Rechenschieber",
        "dienstleistung",
        "12345",
        "Steuererklärung, Buchhaltung",
        "Beratung für Betriebe und Privatleute.",
        [],
    ),
    (
        "Reisebüro Fernweh",
        "dienstleistung",
        "12345",
        "Pauschalreisen",
        "Ihr Urlaub beginnt hier.",
        [],
    ),
    ("Pixelwerk Webdesign", "webdesign", "12345", "Onlineshop", "Websites für Händler.", []),
    (
        "Fotostudio Blende",
        "dienstleistung",
        "12345",
        "Passbilder, Bewerbungsfotos",
        "Fotos für jeden Anlass.",
        [],
    ),
    (
        "Textilreinigung Blitzblank",
        "dienstleistung",
        "12347",
        "Hemdenservice, Änderungen",
        "Sauber in 24 Stunden.",
        [],
    ),
    (
        "Imkerei Summsumm",
        "wochenmarktstand",
        "12345",
        "",
        "Von unseren Bienen.",
        ["Sommertracht-Honig", "Waldhonig"],
    ),
    ("Käse Alm", "wochenmarktstand", "12345", "", "Käse von der Alm.", []),
    ("Fischhandel Möwe", "wochenmarktstand", "12345", "", "Frisch von der Küste.", []),
    ("Gärtnerei Sonnenhof", "wochenmarktstand", "12349", "", "Aus eigenem Anbau.", []),
    ("Sportverein Blau-Weiß", "verein", "12345", "Fußball, Turnen", "Sport für alle.", []),
    (
        "Heimatverein Musterstadt",
        "verein",
        "12345",
        "Stadtgeschichte",
        "Wir bewahren Geschichte.",
        [],
    ),
]
STALL_GOODS = {
    "Imkerei Summsumm": "Honig, Bienenwachskerzen",
    "Käse Alm": "Bergkäse, Ziegenkäse",
    "Fischhandel Möwe": "Räucherfisch, Matjes, Lachs",
    "Gärtnerei Sonnenhof": "Tomaten, Salat, Kräuter",
}
FILLER_CATEGORIES = [
    "baeckerei",
    "lebensmittel",
    "mode",
    "gesundheit",
    "restaurant",
    "handwerk",
    "friseur",
    "dienstleistung",
]


@dataclass(frozen=True)
class Case:
    text: str
    expected: str
    kind: str  # exact, prefix, umlaut, stem, typo, synonym, goods, multi, postcode


QUERIES = [
    Case("Bäckerei Korn", "Bäckerei Korn", "exact"),
    Case("Seitenweise", "Buchhandlung Seitenweise", "exact"),
    Case("Trattoria Sole", "Trattoria Sole", "exact"),
    Case("Apotheke", "Apotheke am Markt", "exact"),
    Case("Goldschmiede", "Goldschmiede Glanz", "exact"),
    Case("Hotel", "Hotel Zum Marktplatz", "exact"),
    Case("Pizza", "Trattoria Sole", "exact"),
    Case("Passbilder", "Fotostudio Blende", "exact"),
    Case("Bäcker", "Bäckerei Korn", "prefix"),
    Case("Buchhand", "Buchhandlung Seitenweise", "prefix"),
    Case("Tischler", "Tischlerei Holzwurm", "prefix"),
    Case("Metzger", "Metzgerei Schäfer", "prefix"),
    Case("Konditor", "Konditorei Zuckerstück", "prefix"),
    Case("Spielwar", "Spielwaren Kreisel", "prefix"),
    Case("Reiseb", "Reisebüro Fernweh", "prefix"),
    Case("Baecker", "Bäckerei Korn", "umlaut"),
    Case("Backer", "Bäckerei Korn", "umlaut"),
    Case("Kaese", "Käse Alm", "umlaut"),
    Case("Muller", "Backstube Müller", "umlaut"),
    Case("Gruenkorb", "Hofladen Grünkorb", "umlaut"),
    Case("Bäckereien", "Bäckerei Korn", "stem"),
    Case("Schuhen", "Schuhhaus Schritt", "stem"),
    Case("Fahrrad", "Radsport Kette", "stem"),
    Case("Bakerei", "Bäckerei Korn", "typo"),
    Case("Buchandlung", "Buchhandlung Seitenweise", "typo"),
    Case("Tischlerai", "Tischlerei Holzwurm", "typo"),
    Case("Apoteke", "Apotheke am Markt", "typo"),
    Case("Restaurnt", "Restaurant Zur Linde", "typo"),
    Case("Kondittorei", "Konditorei Zuckerstück", "typo"),
    Case("Goldschmide", "Goldschmiede Glanz", "typo"),
    Case("Frisör", "Friseur Schnittpunkt", "synonym"),
    Case("Schreiner", "Tischlerei Holzwurm", "synonym"),
    Case("Velo", "Radsport Kette", "synonym"),
    Case("Eisdiele", "Eiscafé Venezia", "synonym"),
    Case("Augenoptiker", "Optik Klarblick", "synonym"),
    Case("Fleischer", "Metzgerei Schäfer", "synonym"),
    Case("Coiffeur", "Friseur Schnittpunkt", "synonym"),
    Case("Honig", "Imkerei Summsumm", "goods"),
    Case("Brot", "Bäckerei Korn", "goods"),
    Case("Olivenöl", "Feinkost Olivenbaum", "goods"),
    Case("Riesling", "Weinhandlung Rebstock", "goods"),
    Case("Bergkäse", "Käse Alm", "goods"),
    Case("Räucherfisch", "Fischhandel Möwe", "goods"),
    Case("Füllfederhalter", "Schreibwaren Feder", "goods"),
    Case("Tomaten", "Gärtnerei Sonnenhof", "goods"),
    Case("Bäckerei Laugenbrezel", "Bäckerei Korn", "multi"),
    Case("italienisch essen", "Trattoria Sole", "multi"),
    Case("Brot und Kuchen", "Bäckerei Korn", "multi"),
    Case("Schuhe Sneaker", "Schuhhaus Schritt", "multi"),
    Case("Fahrrad Reparatur", "Radsport Kette", "multi"),
    Case("Bäcker 12347", "Backstube Müller", "postcode"),
    Case("Friseur 12349", "Salon Haarmonie", "postcode"),
    Case("12345 Apotheke", "Apotheke am Markt", "postcode"),
]
# The kinds every backend must get right, the SQLite quickstart included.
BASIC_KINDS = ("exact", "prefix")


def build_town(index, *, filler=40, products=True):
    """The businesses, shops, products and weekly market below ``index`` (a directory)."""
    for postcode, (place, latitude, longitude) in POSTCODES.items():
        PostcodeArea.objects.update_or_create(
            postcode=postcode,
            defaults={"place": place, "latitude": latitude, "longitude": longitude},
        )
    categories = {category.slug: category for category in Category.objects.all()}
    pages = []
    for number, (name, slug, postcode, keywords, description, _products) in enumerate(BUSINESSES):
        _place, latitude, longitude = POSTCODES[postcode]
        pages.append(
            directory_factories.MerchantPageFactory.build(
                title=name,
                slug=slugify(name),
                primary_category=categories[slug],
                keywords=keywords,
                short_description=description,
                street=f"Hauptstraße {number + 1}",
                postcode=postcode,
                city="Musterstadt",
                latitude=latitude + number * 0.0001,
                longitude=longitude,
                offers_pickup=True,
            )
        )
    pages += filler_businesses(filler, categories)
    created = bulk_create_merchant_pages(index, pages)
    by_name = {page.title: page for page in created}
    if products:
        for name, *_rest, product_names in BUSINESSES:
            if product_names:
                shop = shop_for(by_name[name])
                for title in product_names:
                    product_for(shop, title=title, description=f"{title} aus Musterstadt.")
    market = MarketPage(
        title="Wochenmarkt",
        slug="wochenmarkt",
        location_name="Marktplatz",
        postcode="12345",
        city="Musterstadt",
    )
    market.market_days = [MarketDay(weekday=5, opens=datetime.time(7), closes=datetime.time(13))]
    market.stalls = [
        MarketStall(merchant=by_name[name], goods=goods) for name, goods in STALL_GOODS.items()
    ]
    index.get_parent().add_child(instance=market)
    market.save_revision().publish()  # re-indexes the stall holders with their goods
    return by_name


FILLER_NAMES = [
    "Handelshaus",
    "Kontor",
    "Service",
    "Partner",
    "Betrieb",
    "Fachgeschäft",
    "Werkstatt",
    "Laden",
]


def filler_businesses(count, categories, start=0, category_slugs=FILLER_CATEGORIES):
    """``count`` unsaved neutral businesses: in a category, but named for nobody's query."""
    pages = []
    for number in range(start, start + count):
        slug = category_slugs[number % len(category_slugs)]
        name = f"{FILLER_NAMES[number % len(FILLER_NAMES)]} Nummer {number:05d}"
        pages.append(
            directory_factories.MerchantPageFactory.build(
                title=name,
                slug=slugify(name),
                primary_category=categories[slug],
                short_description="Ihr Partner in Musterstadt für Qualität und Service.",
                street=f"Nebenstraße {number % 300 + 1}",
                postcode="12345",
                city="Musterstadt",
                latitude=50.93 + (number % 100) * 0.0003,
                longitude=6.95 + (number // 100 % 100) * 0.0003,
            )
        )
    return pages


def first_five(client, index, text):
    """The names of the first five businesses the directory shows for ``text``."""
    response = client.get(index.url, {"q": text})
    assert response.status_code == 200, (text, response.status_code)
    items = response.context["items"] + response.context["similar_items"]
    return [item["page"].title for item in items[:5]]


def run_table(client, index, cases=QUERIES):
    """``[(case, first five, hit)]`` for every case, asked through the directory page."""
    rows = []
    for case in cases:
        found = first_five(client, index, case.text)
        rows.append((case, found, case.expected in found))
    return rows


def report(rows, title):
    """The table as text: one line per query, then the hit rate per kind and overall."""
    lines = [title]
    for case, found, hit in rows:
        mark = "ok " if hit else "MISS"
        lines.append(f"  {mark} {case.kind:<8} {case.text!r:<26} -> {', '.join(found[:3])}")
    kinds = sorted({case.kind for case, _found, _hit in rows})
    for kind in kinds:
        of_kind = [hit for case, _found, hit in rows if case.kind == kind]
        lines.append(f"  {kind:<8} {sum(of_kind)}/{len(of_kind)}")
    hits = sum(hit for _case, _found, hit in rows)
    lines.append(f"  hit rate {hits}/{len(rows)} = {hits / len(rows):.1%}")
    return "\n".join(lines)
