"""The demo town "Musterstadt": the website part of ``build_demo_town``.

Every step looks its objects up by a natural key (slug, title, username) and
creates only what is missing, so running the command again changes nothing.
Other apps add their own demo data through the ``build_demo_town`` hook: a
function ``(home_page, log)`` registered in their ``wagtail_hooks.py``.
Every demo login is made with ``ensure_user``, which notes it in ``LOGINS``;
the command prints them all in one block at its end.
"""

import datetime
import secrets
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sites.models import Site as DjangoSite
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, Site
from wagtail.rich_text import RichText

from portal.home import factories
from portal.home.models import (
    ContentPage,
    HomePage,
    NavigationLink,
    NavigationSettings,
    PortalSettings,
)
from portal.home.slugs import german_slugify as slugify
from portal.roles.services import role_group

TOWN = "Musterstadt"

LEGAL_PAGES = {
    "impressum": (
        "Impressum",
        "Angaben gemäß § 5 DDG.",
        "<p>Stadtmarketing Musterstadt GmbH<br/>Marktplatz 1<br/>12345 Musterstadt</p>"
        "<p>Vertreten durch die Geschäftsführerin Erika Mustermann.<br/>"
        "Registergericht: Amtsgericht Musterstadt, HRB 12345<br/>"
        "Umsatzsteuer-ID: DE123456789</p>"
        "<h3>Verantwortlich für den Inhalt</h3><p>Erika Mustermann, Anschrift wie oben.</p>",
    ),
    "datenschutz": (
        "Datenschutz",
        "Wie wir mit Ihren Daten umgehen.",
        "<p>Dieses Portal setzt nur technisch notwendige Cookies (Sitzung, Warenkorb, "
        "Schutz vor Fälschung von Formularen) und bindet keine Inhalte Dritter ein: "
        "Schriften, Skripte und Kartenbibliotheken liefert das Portal selbst aus.</p>"
        "<h3>Verantwortliche Stelle</h3><p>Stadtmarketing Musterstadt GmbH, Marktplatz 1, "
        "12345 Musterstadt, datenschutz@musterstadt.example</p>"
        "<h3>Ihre Rechte</h3><p>Sie haben das Recht auf Auskunft, Berichtigung, Löschung, "
        "Einschränkung der Verarbeitung, Datenübertragbarkeit und Widerspruch sowie das "
        "Recht auf Beschwerde bei einer Aufsichtsbehörde.</p>",
    ),
    "barrierefreiheit": (
        "Barrierefreiheit",
        "Erklärung zur Barrierefreiheit nach BITV 2.0.",
        "<p>Die Stadtmarketing Musterstadt GmbH ist bemüht, dieses Portal im Einklang "
        "mit der Barrierefreie-Informationstechnik-Verordnung (BITV 2.0) barrierefrei "
        "zugänglich zu machen.</p><h3>Stand der Vereinbarkeit</h3><p>Das Portal ist "
        "weitgehend mit WCAG 2.1 Stufe AA vereinbar.</p><h3>Feedback und Kontakt</h3>"
        "<p>Barrieren melden Sie bitte an barrierefreiheit@musterstadt.example.</p>",
    ),
}

# Pages of the fixed tree (docs/architecture.md, "Fixed public URLs") that later apps give their own
# page types. Until then they are information pages; an app's demo step may
# replace the page at its slug with ``replace_placeholder``.
SECTION_PAGES = {
    "haendler": ("Händler", "Alle Geschäfte, Gastronomie und Dienstleister der Stadt."),
    "wochenmarkt": ("Wochenmarkt", "Frisches aus der Region, jeden Mittwoch und Samstag."),
    "initiativen": ("Initiativen", "Regionale Initiativen für den lokalen Handel."),
    "anliegen": ("Anliegen", "Anregungen und Beschwerden an die Stadtverwaltung."),
    "gutscheine": ("Stadtgutschein", "Der Gutschein, der das Geld in der Stadt hält."),
}

# Main menu: (label, slug of a home page child or an absolute path). An empty
# label shows the page title.
NAVIGATION = [
    ("", "aktuelles"),
    ("", "veranstaltungen"),
    ("", "haendler"),
    ("", "wochenmarkt"),
    ("Gutschein", "gutscheine"),
    ("Shop", "/shop/"),
    ("", "anliegen"),
]

CATEGORIES = ["Rathaus", "Handel", "Kultur", "Verkehr"]

NEWS = [
    (
        "Innenstadt lädt zum verkaufsoffenen Sonntag",
        "Handel",
        2,
        "Am ersten Adventssonntag öffnen die Geschäfte der Innenstadt von 13 bis 18 Uhr. "
        "Dazu gibt es Musik auf dem Marktplatz und Glühwein vom Heimatverein.",
    ),
    (
        "Neue Fahrradbügel am Marktplatz",
        "Verkehr",
        6,
        "Vierzig neue Fahrradbügel stehen jetzt rund um den Marktplatz. Wer mit dem Rad "
        "zum Einkaufen kommt, findet damit direkt vor den Geschäften einen Platz.",
    ),
    (
        "Stadtgutschein jetzt auch online erhältlich",
        "Handel",
        11,
        "Der Musterstädter Stadtgutschein kann ab sofort im Stadtportal gekauft und per "
        "E-Mail verschenkt werden. Eingelöst wird er in über 60 Geschäften.",
    ),
    (
        "Bürgersprechstunde im Rathaus",
        "Rathaus",
        15,
        "Die Bürgermeisterin lädt jeden ersten Donnerstag im Monat zur offenen "
        "Sprechstunde ein. Eine Anmeldung ist nicht nötig.",
    ),
    (
        "Sommerkino im Schlosspark",
        "Kultur",
        21,
        "Das Sommerkino war mit über 3.000 Gästen ein voller Erfolg. Im nächsten Jahr "
        "sollen zwei zusätzliche Abende für Familien dazukommen.",
    ),
    (
        "Baustelle Bahnhofstraße: Umleitung ab Montag",
        "Verkehr",
        27,
        "Wegen der Erneuerung der Wasserleitung ist die Bahnhofstraße ab Montag zwischen "
        "Post und Marktplatz gesperrt. Die Geschäfte bleiben zu Fuß erreichbar.",
    ),
    (
        "Zwölf Geschäfte eröffnen ihren Online-Shop",
        "Handel",
        34,
        "Mit Unterstützung des Stadtmarketings verkaufen zwölf weitere Geschäfte ihre "
        "Waren jetzt auch online, mit Abholung im Laden oder Lieferung am selben Tag.",
    ),
    (
        "Stadtbibliothek verlängert Öffnungszeiten",
        "Kultur",
        42,
        "Die Stadtbibliothek hat ab sofort auch samstags bis 16 Uhr geöffnet. Neu ist "
        "außerdem die Rückgabebox am Haupteingang.",
    ),
]

EVENTS = [
    (
        "Wochenmarkt mit Live-Musik",
        3,
        10,
        4,
        "Marktplatz",
        "Frisches aus der Region und dazu Swing und Jazz von der Stadtkapelle.",
    ),
    (
        "Stadtführung: Fachwerk und Geschichte",
        5,
        14,
        2,
        "Treffpunkt Rathaus",
        "Neunzig Minuten durch die Altstadt mit der Stadtführerin Hanna Berger.",
    ),
    (
        "Lange Einkaufsnacht",
        9,
        18,
        5,
        "Innenstadt",
        "Bis 23 Uhr geöffnete Geschäfte, Lichtinstallationen und Straßenmusik.",
    ),
    (
        "Herbstfest im Schlosspark",
        16,
        11,
        8,
        "Schlosspark",
        "Kürbisschnitzen, Kinderprogramm und regionale Küche für die ganze Familie.",
    ),
    (
        "Repair-Café",
        20,
        15,
        3,
        "Bürgerhaus",
        "Ehrenamtliche helfen beim Reparieren von Toastern, Fahrrädern und Kleidung.",
    ),
    (
        "Adventsmarkt-Eröffnung",
        30,
        17,
        4,
        "Marktplatz",
        "Die Bürgermeisterin eröffnet den Adventsmarkt mit dem Anschnitt des Stollens.",
    ),
    (
        "Flohmarkt am Fluss",
        -12,
        8,
        6,
        "Uferpromenade",
        "Über hundert Stände mit Trödel, Büchern und Kinderkleidung.",
    ),
    (
        "Frühjahrsputz-Aktion",
        -25,
        10,
        3,
        "Stadtgebiet",
        "Vereine und Schulklassen sammeln gemeinsam Müll in Parks und Grünanlagen.",
    ),
]

ADDRESSES = {
    "Marktplatz": "Marktplatz, 12345 Musterstadt",
    "Treffpunkt Rathaus": "Marktplatz 1, 12345 Musterstadt",
    "Innenstadt": "Fußgängerzone Lange Straße, 12345 Musterstadt",
    "Schlosspark": "Schlossallee 3, 12345 Musterstadt",
    "Bürgerhaus": "Kirchgasse 12, 12345 Musterstadt",
    "Uferpromenade": "Am Flussufer, 12345 Musterstadt",
    "Stadtgebiet": "Treffpunkt Bauhof, Industriestraße 4, 12345 Musterstadt",
}


def build(log):
    """Build the website part of the demo town; returns the home page."""
    factories.ImageFactory.reset_sequence()
    home = _home_page(log)
    pages = {slug: _content_page(home, slug, *content) for slug, content in LEGAL_PAGES.items()}
    for slug, (title, intro) in SECTION_PAGES.items():
        pages[slug] = _section_page(home, slug, title, intro)
    news_index = _news(home, log)
    event_index = _events(home, log)
    _settings(home, pages)
    _highlights(home, news_index, event_index)
    return home


def finish(home):
    """Link the navigation and the hero button to the final pages.

    Runs after the other apps' demo steps, which may have replaced the
    information pages at their slugs with pages of their own types.
    """
    children = {page.slug: page for page in home.get_children().live()}
    home = home.specific
    if not home.hero_link_page_id and "haendler" in children:
        home.hero_link_page = children["haendler"]
        home.save()
    navigation = NavigationSettings.for_site(home.get_site())
    existing = {link.page_id or link.url for link in navigation.links.all()}
    order = len(existing)
    for label, target in NAVIGATION:
        page = children.get(target)
        key = page.pk if page else target
        if key in existing or (page is None and not target.startswith("/")):
            continue
        navigation.links.add(
            NavigationLink(label=label, page=page, url="" if page else target, sort_order=order)
        )
        order += 1
    navigation.save()


def _home_page(log):
    root = factories.root_page()
    home = HomePage.objects.filter(slug="musterstadt").first()
    if home is None:
        home = factories.HomePageFactory(
            parent=root,
            title=TOWN,
            slug="musterstadt",
            hero_title="Willkommen in Musterstadt",
            hero_text="Einkaufen, erleben, mitreden: die Innenstadt von Musterstadt "
            "mit allen Geschäften, Märkten und Veranstaltungen.",
            hero_image=factories.ImageFactory(title="Musterstadt Marktplatz"),
            hero_link_label="Händler entdecken",
            search_description="Das Stadtportal von Musterstadt: Händler, Wochenmarkt, "
            "Veranstaltungen und der Stadtgutschein.",
        )
        log(f"Home page created: {home.title}")
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site.objects.create(
            hostname=demo_hostname("musterstadt"),
            port=demo_port(),
            root_page=home,
            is_default_site=True,
        )
    if site.root_page_id != home.pk or site.site_name != TOWN or site.port != demo_port():
        old_root = site.root_page
        site.root_page = home
        site.site_name = TOWN
        site.hostname = demo_hostname("musterstadt")
        site.port = demo_port()
        site.save()
        if old_root.pk != home.pk and old_root.specific_class is Page and old_root.depth == 2:
            old_root.delete()  # Wagtail's "Welcome" page from the initial migration
    DjangoSite.objects.update_or_create(pk=1, defaults={"domain": "127.0.0.1:8000", "name": TOWN})
    return home


def demo_port():
    """The port the demo is served on (from ``PORTAL_BASE_URL``, 8000 by default)."""
    return urlsplit(settings.WAGTAILADMIN_BASE_URL).port or 80


def demo_hostname(slug):
    """Each demo town answers on its own name below ``localhost``, which browsers
    resolve to this machine: ``musterstadt.localhost``. Unknown names such as
    ``127.0.0.1`` reach the default town, Musterstadt."""
    return f"{slug}.localhost"


def _content_page(parent, slug, title, intro, html):
    return factories.ContentPageFactory(
        parent=parent,
        slug=slug,
        title=title,
        intro=intro,
        body=[("paragraph", RichText(html))],
    )


def _section_page(home, slug, title, intro):
    existing = home.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    return factories.ContentPageFactory(
        parent=home,
        slug=slug,
        title=title,
        intro=intro,
        body=[("paragraph", RichText(f"<p>{intro}</p>"))],
    )


def replace_placeholder(home, slug, build_page):
    """Swap the information page at ``slug`` for a page of a richer type.

    ``build_page(home)`` creates the new page; it is called only while the slug
    is still held by a plain ``ContentPage``, so repeated runs keep the result.
    """
    existing = home.get_children().filter(slug=slug).first()
    if existing is not None and existing.specific_class is not ContentPage:
        return existing.specific
    if existing is not None:
        existing.delete()
    return build_page(home)


def _news(home, log):
    index = factories.NewsIndexPageFactory(parent=home)
    categories = {
        name: factories.NewsCategoryFactory(name=name, slug=name.lower()) for name in CATEGORIES
    }
    today = timezone.localdate()
    for title, category, days_ago, intro in NEWS:
        slug = slugify(title)
        if index.get_children().filter(slug=slug).exists():
            continue
        page = factories.NewsPageFactory(
            parent=index,
            title=title,
            slug=slug,
            date=today - datetime.timedelta(days=days_ago),
            intro=intro,
            body=[
                ("paragraph", RichText(f"<p>{intro}</p>")),
                (
                    "paragraph",
                    RichText(
                        "<p>Weitere Auskünfte gibt das Stadtmarketing unter "
                        "info@musterstadt.example oder telefonisch im Bürgerbüro.</p>"
                    ),
                ),
            ],
            listing_image=factories.ImageFactory(title=title),
        )
        page.categories.set([categories[category]])
        page.save()
        log(f"News created: {title}")
    return index


def _events(home, log):
    index = factories.EventIndexPageFactory(parent=home)
    today = timezone.localdate()
    for title, days_ahead, hour, hours, place, intro in EVENTS:
        slug = slugify(title)
        if index.get_children().filter(slug=slug).exists():
            continue
        start = timezone.make_aware(
            datetime.datetime.combine(
                today + datetime.timedelta(days=days_ahead), datetime.time(hour)
            )
        )
        factories.EventPageFactory(
            parent=index,
            title=title,
            slug=slug,
            start=start,
            end=start + datetime.timedelta(hours=hours),
            location_name=place,
            address=ADDRESSES.get(place, "Marktplatz 1, 12345 Musterstadt"),
            intro=intro,
            listing_image=factories.ImageFactory(title=title),
            body=[
                (
                    "paragraph",
                    RichText("<p>Der Eintritt ist frei. Für Barrierefreiheit ist gesorgt.</p>"),
                ),
                (
                    "map",
                    {
                        "title": place,
                        "address": f"{place}\n12345 Musterstadt",
                        "latitude": 50.9375,
                        "longitude": 6.9603,
                        "zoom": 16,
                    },
                ),
            ],
        )
        log(f"Event created: {title}")
    return index


def _settings(home, pages):
    site = home.get_site()
    portal_settings = PortalSettings.for_site(site)
    portal_settings.town_name = TOWN
    portal_settings.operator_name = "Stadtmarketing Musterstadt GmbH"
    portal_settings.street = "Marktplatz 1"
    portal_settings.postcode = "12345"
    portal_settings.city = TOWN
    portal_settings.phone = "+49 1234 56789-0"
    portal_settings.email = "info@musterstadt.example"
    portal_settings.instagram_url = "https://instagram.com/musterstadt"
    portal_settings.mastodon_url = "https://social.example/@musterstadt"
    portal_settings.imprint_page = pages["impressum"]
    portal_settings.privacy_page = pages["datenschutz"]
    portal_settings.accessibility_page = pages["barrierefreiheit"]
    portal_settings.save()


def _highlights(home, news_index, event_index):
    if home.highlights:
        return
    news = news_index.news()[:2]
    events = event_index.events().upcoming()[:1]
    home.highlights = [("news", page) for page in news] + [("event", page) for page in events]
    home.save()


@dataclass
class DemoLogin:
    username: str
    password: str
    url: str
    purpose: str


# The logins made during one run of ``build_demo_town`` (it empties the list first).
LOGINS = []


def ensure_user(
    username,
    *,
    email,
    superuser=False,
    groups=(),
    first_name="",
    last_name="",
    purpose="",
    url=None,
):
    """Create or reset a demo login; returns ``(user, password)``.

    ``groups`` are role names (``portal.roles.definitions``); ``purpose`` and
    ``url`` say what the login is for in the command's closing list.
    """
    User = get_user_model()
    password = secrets.token_urlsafe(9)
    user, _ = User.objects.get_or_create(username=username, defaults={"email": email})
    user.email = email
    user.first_name = first_name
    user.last_name = last_name
    # Only Oscar's dashboard reads ``is_staff``, and it is for administrators.
    user.is_staff = superuser
    user.is_superuser = superuser
    user.is_active = True
    user.set_password(password)
    user.save()
    for name in groups:
        user.groups.add(role_group(name))
    url = url or settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("wagtailadmin_home")
    LOGINS.append(DemoLogin(username, password, url, purpose))
    return user, password
