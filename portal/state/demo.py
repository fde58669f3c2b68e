"""The demo's state portal: "Landesportal Mecklenburg-Vorpommern" on land.localhost.

Runs after the towns exist (``build_demo_town`` hook, order 100), so the
state-wide directory lists Musterstadt and Beispielheim next to the
initiatives. Safe to run again: everything is found by its slug or name.
"""

import datetime

from django.utils import timezone
from wagtail.rich_text import RichText

from portal.directory.models import InitiativePage, PostcodeArea, Region
from portal.home import factories
from portal.home.demo import demo_hostname, demo_port, ensure_user
from portal.home.slugs import german_slugify as slugify
from portal.roles.services import STATE_EDITORS

from .models import InitiativeRegistration
from .sites import FUNDING_PAGE_SLUG, add_state_portal

STATE = "Mecklenburg-Vorpommern"
REGIONS = [
    "Landkreis Rostock",
    "Landkreis Vorpommern-Greifswald",
    "Landkreis Mecklenburgische Seenplatte",
    "Landkreis Ludwigslust-Parchim",
]
# (name, region, kind, postcode, description, offer flags)
INITIATIVES = [
    (
        "Dorfladen Groß Lüsewitz",
        "Landkreis Rostock",
        "village_shop",
        "18190",
        "Der genossenschaftliche Dorfladen: Lebensmittel aus der Region, Post und Café.",
        {"offers_pickup": True, "offers_phone_orders": True},
    ),
    (
        "Hofladen-Verbund Seenplatte",
        "Landkreis Mecklenburgische Seenplatte",
        "farm_shops",
        "17192",
        "Zwölf Höfe, ein Online-Shop: Gemüse, Käse und Fleisch direkt vom Erzeuger.",
        {"offers_online_shop": True, "offers_delivery": True, "offers_pickup": True},
    ),
    (
        "Vorpommern liefert",
        "Landkreis Vorpommern-Greifswald",
        "delivery",
        "17489",
        "Lieferdienst der Händler in Greifswald und Umgebung, zweimal die Woche.",
        {"offers_delivery": True, "offers_phone_orders": True},
    ),
]
PENDING = {
    "name": "Dorfladen Kittendorf",
    "region": "Landkreis Mecklenburgische Seenplatte",
    "kind": "village_shop",
    "postcode": "17153",
    "short_description": "Ein Dorfladen mit Backstube, getragen vom Dorfverein.",
    "contact_name": "Karla Kaufmann",
    "contact_email": "dorfladen-kittendorf@example.org",
}


def build(log):
    site = add_state_portal(STATE, demo_hostname("land"), port=demo_port(), log=log)
    home = site.root_page.specific
    children = {page.slug: page.specific for page in home.get_children()}
    regions = {
        name: Region.objects.get_or_create(slug=slugify(name), defaults={"name": name})[0]
        for name in REGIONS
    }
    index = children["initiativen"]
    for name, region, kind, postcode, description, flags in INITIATIVES:
        if InitiativePage.objects.child_of(index).filter(slug=slugify(name)).exists():
            continue
        area = PostcodeArea.objects.filter(postcode=postcode).first()
        page = InitiativePage(
            title=name,
            slug=slugify(name),
            region=regions[region],
            kind=kind,
            short_description=description,
            website=f"https://{slugify(name)}.example/",
            postcode=postcode,
            latitude=area.latitude if area else None,
            longitude=area.longitude if area else None,
            contact_name="Geschäftsstelle",
            contact_email=f"info@{slugify(name)}.example",
            **flags,
        )
        index.add_child(instance=page)
        page.save_revision().publish()
    log("Initiatives of the state portal created")
    InitiativeRegistration.objects.get_or_create(
        index=index,
        name=PENDING["name"],
        defaults={
            **PENDING,
            "region": regions[PENDING["region"]],
            "offers_pickup": True,
            "status": InitiativeRegistration.STATUS_PENDING,
            "confirmed_at": timezone.now(),
        },
    )
    news_slug, news_title = "neues-foerderprogramm-dorflaeden", "Neues Förderprogramm für Dorfläden"
    if not children["aktuelles"].get_children().filter(slug=news_slug).exists():
        factories.NewsPageFactory(
            parent=children["aktuelles"],
            slug=news_slug,
            title=news_title,
            intro="Das Land fördert Dorfläden mit regionalen Produkten mit bis zu 50.000 Euro.",
            listing_image=factories.ImageFactory(title=news_title),
        )
    factories.EventPageFactory(
        parent=children["veranstaltungen"],
        slug="netzwerktreffen-regionaler-handel",
        title="Netzwerktreffen Regionaler Handel",
        start=timezone.now().replace(hour=10, minute=0, second=0, microsecond=0)
        + datetime.timedelta(days=14),
        location_name="Schweriner Schloss",
    )
    funding = children[FUNDING_PAGE_SLUG]
    if "Dorfladen-Förderung" not in str(funding.body):
        funding.body = [
            (
                "paragraph",
                RichText(
                    "<h2>Dorfladen-Förderung</h2><p>Zuschüsse bis 50.000 Euro für Einrichtung "
                    "und Kassensystem von Dorfläden in Orten unter 2.000 Einwohnern.</p>"
                    "<h2>Digitaler Marktplatz</h2><p>Städte und Ämter, die einen "
                    "Online-Marktplatz für ihre Händler starten, erhalten bis zu 80 % der "
                    "Kosten im ersten Jahr.</p>"
                ),
            )
        ]
        funding.save_revision().publish()
    ensure_user(
        "ministerium",
        email="ministerium@land.example",
        groups=[],
        first_name="Maria",
        last_name="Ministerium",
        purpose="Landesredaktion: publishes on the state portal, reviews initiatives' "
        "registrations (Initiativen-Anmeldungen), sees the reports",
    )[0].groups.add(home_group())
    log(f"State portal ready: {site.root_url}/")


def home_group():
    from django.contrib.auth.models import Group

    return Group.objects.get(name=STATE_EDITORS)
