"""The public pages meet WCAG 2.1 AA: an axe-core audit of each page in the real Chromium.

axe-core comes from ``axe-playwright-python`` (pinned in requirements.txt), which
ships Deque's ``axe.min.js`` inside the wheel and evaluates it in the page; the
portal itself never serves it. Each page is audited with the WCAG 2.0/2.1 A and
AA rules; a page with violations fails its own subtest, listing rule, impact and
the offending elements.

One data set, one live server and one browser tab serve every page: the
live server makes each test transactional (the database is flushed after it),
so the pages are audited as subtests of a single test instead of rebuilding
the town for each. The visitor goes through the site as a person would: reads,
fills a basket and walks the guest checkout, then signs in as a customer and
finally as a merchant who redeems a city voucher on a phone.
"""

import datetime
import re
import uuid

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from wagtail.models import Collection
from wagtail.rich_text import RichText
from wagtail_factories import DocumentFactory

from portal.concerns import factories as concern_factories
from portal.directory import factories as directory_factories
from portal.directory import services as directory_services
from portal.directory.models import (
    InitiativeIndexPage,
    InitiativePage,
    MarketDay,
    MarketPage,
    MarketStall,
    Region,
)
from portal.home import factories
from portal.home.models import NavigationLink, NavigationSettings
from portal.shop.defaults import create_defaults
from portal.shop.factories import product_for, shop_for
from portal.shop.models import MerchantShop, ShopSettings
from portal.shop.services import placement
from portal.vouchers import factories as voucher_factories
from portal.vouchers.models import VoucherInfoPage
from tests.shop.helpers import basket_with, merchant_page

pytestmark = pytest.mark.browser

PASSWORD = "passwort-für-tests"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
AXE = Axe()
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


# axe-core only asks for a review when aria-describedby or aria-labelledby name a
# missing element; a help text or error that is never read out is a failure here.
BROKEN_ID_REFERENCES = """() => {
    const broken = [];
    for (const element of document.querySelectorAll("[aria-describedby], [aria-labelledby]")) {
        for (const attribute of ["aria-describedby", "aria-labelledby"]) {
            const ids = (element.getAttribute(attribute) || "").split(/\\s+/).filter(Boolean);
            for (const id of ids.filter((id) => !document.getElementById(id))) {
                const name = element.id ? `#${element.id}` : element.tagName.toLowerCase();
                broken.push(`${name}[${attribute}=${id}]`);
            }
        }
    }
    return broken;
}"""


# Leaflet loads after the page; audit the maps once they are built.
MAPS_READY = """() => [...document.querySelectorAll(
    "[data-map]"
)].every((element) => element.classList.contains("leaflet-container"))"""


def violations_on(page):
    """axe-core's WCAG 2.1 AA violations on the page as it is now, plus broken id references."""
    page.wait_for_function(MAPS_READY)
    violations = AXE.run(page, options=AXE_OPTIONS).response["violations"]
    broken = page.evaluate(BROKEN_ID_REFERENCES)
    if broken:
        nodes = [{"target": [reference]} for reference in broken]
        violations.append({"id": "aria-reference-missing", "impact": "serious", "nodes": nodes})
    return violations


def describe(violations):
    lines = []
    for violation in violations:
        targets = ["".join(map(str, node["target"])) for node in violation["nodes"]]
        lines.append(f"{violation['id']} ({violation['impact']}): {', '.join(targets)}")
    return "\n".join(lines)


class Auditor:
    """Audits pages, each viewport of each page as a subtest of its own."""

    def __init__(self, page, subtests):
        self.page = page
        self.subtests = subtests

    def audit(self, name, path=None, *, viewports=(DESKTOP,)):
        """Open ``path`` (or stay on the current page) and audit it at each viewport."""
        if path is not None:
            response = self.page.goto(path)
            assert response.ok, f"{name}: {path} answered {response.status}"
        for viewport in viewports:
            label = f"{name} @ {viewport['width']}x{viewport['height']}"
            self.page.set_viewport_size(viewport)
            with self.subtests.test(msg=label):
                violations = violations_on(self.page)
                assert not violations, f"{label} ({self.page.url}):\n{describe(violations)}"
        self.page.set_viewport_size(DESKTOP)


def content_body(target_page):
    """One of each ``ContentStreamBlock`` block."""
    document = DocumentFactory(
        title="Parkplan", collection=Collection.get_first_root_node(), file__filename="plan.pdf"
    )
    return [
        ("heading", {"text": "Parken in der Innenstadt", "level": "h2"}),
        ("paragraph", RichText("<p>Das <b>Parkhaus am Markt</b> ist rund um die Uhr offen.</p>")),
        (
            "image",
            {
                "image": factories.ImageFactory(title="Marktplatz"),
                "alt_text": "",
                "caption": "Markt",
            },
        ),
        (
            "call_to_action",
            {
                "title": "Lokal einkaufen",
                "text": "Über 40 Geschäfte liefern nach Hause.",
                "page": target_page,
                "url": "",
                "button_label": "Zu den Händlern",
            },
        ),
        ("quote", {"quote": "Die Innenstadt lebt.", "attribution": "Bürgermeisterin"}),
        (
            "map",
            {
                "title": "Rathaus",
                "address": "Marktplatz 1\n12345 Musterstadt",
                "latitude": 50.9375,
                "longitude": 6.9603,
                "zoom": 16,
            },
        ),
        ("downloads", {"title": "Formulare", "documents": [document]}),
        (
            "faq",
            {
                "title": "Häufige Fragen",
                "items": [
                    {"question": "Kostet es?", "answer": RichText("<p>Zwei Euro.</p>")},
                    {"question": "Nachts?", "answer": RichText("<p>Ja.</p>")},
                ],
            },
        ),
    ]


@pytest.fixture
def town(home_page, news_index, event_index):
    """The demo town in small: one of every public page type, a shop, a voucher, concerns."""
    create_defaults()
    town = {"category": create_from_breadcrumbs("Lebensmittel")}
    town["news"] = factories.NewsPageFactory(
        parent=news_index,
        title="Neue Bänke am Marktplatz",
        intro="Zwölf Bänke aus Eichenholz laden zum Verweilen ein.",
        body=[("paragraph", RichText("<p>Gestiftet vom Heimatverein Quellenbach.</p>"))],
        listing_image=factories.ImageFactory(title="Bänke"),
    )
    town["event"] = factories.EventPageFactory(
        parent=event_index,
        title="Weinfest",
        start=timezone.now().replace(minute=0, second=0, microsecond=0)
        + datetime.timedelta(days=4),
        listing_image=factories.ImageFactory(title="Weinfest"),
    )

    directory = directory_factories.DirectoryIndexPageFactory(parent=home_page)
    retail = directory_factories.CategoryFactory(name="Einzelhandel", slug="einzelhandel")
    bakery_page = merchant_page(directory, "Bäckerei Korn", primary_category=retail)
    bookshop_page = merchant_page(directory, "Buchhandlung Seitenweise", primary_category=retail)
    stall_category = directory_factories.CategoryFactory(
        name="Wochenmarktstand", slug="wochenmarktstand", role="market_stall"
    )
    stall = merchant_page(directory, "Käse Alm", primary_category=stall_category)
    town["merchant"], town["stall"] = bakery_page, stall

    town["content"] = factories.ContentPageFactory(
        parent=home_page, title="Parken", slug="parken", body=content_body(directory)
    )
    market = MarketPage(
        title="Wochenmarkt",
        slug="wochenmarkt",
        location_name="Marktplatz",
        latitude=50.9376,
        longitude=6.9601,
    )
    market.market_days = [
        MarketDay(weekday=3, opens=datetime.time(8), closes=datetime.time(13)),
    ]
    market.stalls = [MarketStall(merchant=stall, place="Stand 4")]
    home_page.add_child(instance=market)
    town["market"] = market

    initiatives = InitiativeIndexPage(title="Initiativen", slug="initiativen")
    home_page.add_child(instance=initiatives)
    north = Region.objects.create(name="Kreis Nord", slug="kreis-nord")
    for title, kind in (("Marktplatz Nord", "marketplace"), ("Gutschein Nord", "voucher")):
        initiatives.add_child(
            instance=InitiativePage(title=title, region=north, kind=kind, short_description=title)
        )
    town["initiatives"] = initiatives

    bakery = shop_for(bakery_page, offers_pickup=True, pickup_hours="Mo–Sa 7–13 Uhr")
    bookshop = shop_for(bookshop_page, offers_pickup=True, offers_shipping=True)
    town["bread"] = product_for(
        bakery, title="Dinkelbrot", price="4.20", vat_rate="7", image_kind="loaf"
    )
    town["bread"].categories.add(town["category"])
    town["novel"] = product_for(bookshop, title="Der Stadtroman", price="22.00", vat_rate="7")

    customer = factories.UserFactory(username="kundin", email="kundin@example.org")
    town["order"] = (
        placement.place(
            basket_with((town["bread"], 2), owner=customer),
            token=uuid.uuid4().hex,
            user=customer,
            email=customer.email,
            choices={str(bakery.pk): MerchantShop.PICKUP},
            address_fields={},
            method_code="pay-on-pickup",
        )
        .orders()
        .get()
    )

    programme = voucher_factories.VoucherProgrammeFactory()
    programme.seller = merchant_page(directory, "Tourist-Information", primary_category=retail)
    programme.save()
    town["voucher_product"] = programme.products.get(value=None).product
    home_page.add_child(
        instance=VoucherInfoPage(
            title="Stadtgutschein", slug="gutscheine", intro="Kaufen, verschenken, einlösen."
        )
    )
    voucher_factories.AcceptingMerchantFactory(merchant=bakery_page)
    baker = factories.UserFactory(username="korn", email="korn@example.org")
    directory_services.add_member(bakery_page, baker)
    town["voucher"] = voucher_factories.VoucherFactory(batch__programme=programme)

    topic = concern_factories.TopicFactory(name="Straßen und Wege", code="strassen")
    concerns = concern_factories.ConcernIndexPageFactory(parent=home_page)
    town["concern"] = concern_factories.ConcernFactory(
        topic=topic, latitude="50.938100", longitude="6.958200", address="Bahnhofstraße 12"
    )
    town["concerns"] = concerns

    shop_settings = ShopSettings.load()
    shop_settings.terms_page = factories.ContentPageFactory(
        parent=home_page, title="AGB", slug="agb", body=[]
    )
    shop_settings.withdrawal_page = factories.ContentPageFactory(
        parent=home_page, title="Widerruf", slug="widerruf", body=[]
    )
    shop_settings.save()

    navigation = NavigationSettings.for_site(home_page.get_site())
    navigation.links = [
        NavigationLink(page=news_index, sort_order=0),
        NavigationLink(page=event_index, sort_order=1),
        NavigationLink(page=directory, sort_order=2),
        NavigationLink(label="Shop", url="/shop/", sort_order=3),
    ]
    navigation.save()
    return town


def submit_unchecked(button):
    """Submit ``button``'s form past the browser's own checks, to show the server's errors."""
    button.evaluate("button => { button.form.noValidate = true; }")
    button.click()
    button.page.wait_for_load_state()


def log_in(page, email, password=PASSWORD):
    page.context.clear_cookies()
    page.goto("/shop/accounts/login/")
    page.locator("#id_login-username").fill(email)
    page.locator("#id_login-password").fill(password)
    page.locator("button[name=login_submit]").click()
    page.wait_for_load_state()


def test_public_pages_have_no_wcag_21_aa_violations(town, browser_page, live_fake_mollie, subtests):
    page = browser_page
    audit = Auditor(page, subtests).audit

    # Reading
    audit("home", "/", viewports=(DESKTOP, PHONE))
    audit("news index", "/aktuelles/")
    audit("news page", town["news"].url)
    audit("event index", "/veranstaltungen/")
    audit("event page", town["event"].url)
    audit("content page with every block", town["content"].url)
    audit("site search with results", "/suche/?q=Bänke")
    audit("site search without results", "/suche/?q=Gibtesnicht")
    audit("directory index", "/haendler/", viewports=(DESKTOP, PHONE))
    audit("directory empty state", "/haendler/?q=Gibtesnicht")
    audit("merchant page", town["merchant"].url)
    audit("merchant registration", "/haendler/registrieren/")
    audit("claim a profile", town["stall"].url + "beanspruchen/")
    audit("market page", town["market"].url)
    audit("initiatives index", town["initiatives"].url)
    audit("city voucher page", "/gutscheine/", viewports=(DESKTOP, PHONE))
    audit("voucher check form", "/gutschein/")
    audit("voucher check with an error", "/gutschein/?code=ABC")
    audit("voucher status (anonymous)", f"/g/{town['voucher'].code}/", viewports=(PHONE,))

    # Concerns
    concerns = town["concerns"]
    audit("concerns form", concerns.url)
    submit_unchecked(page.get_by_role("button", name="Anliegen absenden"))
    audit("concerns form with errors")
    audit("concerns list", concerns.url + concerns.reverse_subpage("list"))
    audit(
        "concern page",
        concerns.url + concerns.reverse_subpage("status", args=[town["concern"].private_token]),
    )

    # Shopping as a guest
    audit("shop catalogue", "/shop/catalogue/")
    audit("shop category", town["category"].get_absolute_url())
    audit("shop search", "/shop/search/?q=Brot")
    audit("merchant shop", "/shop/haendler/baeckerei-korn/")
    audit("product with variants", town["voucher_product"].get_absolute_url())
    audit("product page", town["bread"].get_absolute_url(), viewports=(DESKTOP, PHONE))
    page.get_by_role("button", name="In den Warenkorb").click()
    page.goto(town["novel"].get_absolute_url())
    page.get_by_role("button", name="In den Warenkorb").click()
    audit("basket with lines", "/shop/basket/")
    page.get_by_role("link", name="Zur Kasse").click()
    audit("checkout: guest email", viewports=(DESKTOP, PHONE))
    page.get_by_label("E-Mail-Adresse").fill("anna")
    submit_unchecked(page.get_by_role("button", name="Weiter"))
    audit("checkout: guest email with an error")
    page.get_by_label("E-Mail-Adresse").fill("anna@example.org")
    page.get_by_role("button", name="Weiter").click()
    audit("checkout: delivery or pickup", viewports=(DESKTOP, PHONE))
    page.get_by_role(
        "group", name="Wie bekommen Sie die Waren von Buchhandlung Seitenweise?"
    ).get_by_label(re.compile("Paketversand")).check()
    page.get_by_role("button", name="Weiter").click()
    page.wait_for_url("**/checkout/adresse/")
    audit("checkout: shipping address", viewports=(DESKTOP, PHONE))
    for label, value in (
        ("Vorname", "Anna"),
        ("Nachname", "Muster"),
        ("Straße und Hausnummer", "Lindenallee 5"),
        ("Postleitzahl", "12345"),
        ("Ort", "Musterstadt"),
    ):
        page.get_by_label(re.compile(rf"^{label}\b")).fill(value)
    page.get_by_role("button", name="Weiter").click()
    page.wait_for_url("**/checkout/zahlung/")
    audit("checkout: payment", viewports=(DESKTOP, PHONE))
    submit_unchecked(page.get_by_role("button", name="Weiter"))
    audit("checkout: payment without a choice")
    page.get_by_label(re.compile("Online bezahlen")).check()
    page.get_by_role("button", name="Weiter").click()
    page.wait_for_url("**/checkout/bestellen/")
    audit("checkout: preview with terms and withdrawal links", viewports=(DESKTOP, PHONE))
    live_fake_mollie.webhooks = "hold"  # back from the provider before its webhook
    page.get_by_role("button", name="zahlungspflichtig bestellen").click()
    page.get_by_role("button", name="Bezahlen").click()
    page.wait_for_url("**/zahlung/")
    audit("payment return: being checked", viewports=(DESKTOP, PHONE))
    for url, payment_id in live_fake_mollie.take_held():
        live_fake_mollie.deliver(url, payment_id)
    page.get_by_text("Ihr Abholcode").wait_for(timeout=20_000)
    audit("payment return: paid (thank you)", viewports=(DESKTOP, PHONE))

    # A second order, partly with a city voucher, whose payment fails
    live_fake_mollie.webhooks = "send"
    page.goto(town["bread"].get_absolute_url())
    page.get_by_role("button", name="In den Warenkorb").click()
    page.goto("/shop/basket/")
    page.get_by_role("link", name="Zur Kasse").click()
    page.get_by_label("E-Mail-Adresse").fill("anna@example.org")
    page.get_by_role("button", name="Weiter").click()
    page.get_by_role("button", name="Weiter").click()  # pickup, the bakery's only way
    page.wait_for_url("**/checkout/zahlung/")
    audit("checkout: payment with city vouchers", viewports=(DESKTOP, PHONE))
    page.get_by_label(re.compile("Online bezahlen")).check()
    page.get_by_label("Stadtgutscheine (optional)").fill("kein Gutschein")
    submit_unchecked(page.get_by_role("button", name="Weiter"))
    audit("checkout: payment with a wrong voucher link")
    page.get_by_label("Stadtgutscheine (optional)").fill("")
    page.get_by_role("button", name="Weiter").click()
    page.get_by_role("button", name="zahlungspflichtig bestellen").click()
    page.get_by_role("button", name="Zahlung scheitern lassen").click()
    page.wait_for_url("**/zahlung/")
    audit("payment return: failed", viewports=(DESKTOP, PHONE))

    # Shop account
    page.context.clear_cookies()
    audit("shop login and registration", "/shop/accounts/login/")
    audit("shop registration", "/shop/accounts/register/")
    audit("till login", "/gutschein/anmelden/", viewports=(PHONE,))
    log_in(page, "kundin@example.org", password="falsch")
    audit("shop login with errors")
    log_in(page, "kundin@example.org")
    audit("account: profile", "/shop/accounts/profile/")
    audit("account: edit profile", "/shop/accounts/profile/edit/")
    audit("account: order history", "/shop/accounts/orders/")
    audit("account: an order", f"/shop/accounts/orders/{town['order'].number}/")

    # A merchant of the voucher network redeems on a phone
    log_in(page, "korn@example.org")
    audit("voucher redemption", "/gutschein/einloesen/", viewports=(PHONE,))
    audit("voucher confirmation", f"/g/{town['voucher'].code}/", viewports=(PHONE,))
