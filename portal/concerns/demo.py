"""The concerns part of the demo town: offices, topics, a dozen concerns, a staff login.

Called through the ``build_demo_town`` hook. Objects are looked up by natural
keys (office and topic names, a concern's text), so a second run adds nothing;
only the staff login gets a fresh password, like every demo login. Demo
concerns are built with factories, so building the town sends no mail.
"""

import datetime
from decimal import Decimal

from django.utils import timezone
from wagtail.rich_text import RichText

from portal.concerns import factories, photos
from portal.concerns.models import (
    CLOSED_STATUSES,
    Concern,
    ConcernEvent,
    EventAction,
    Kind,
    Status,
)
from portal.home.demo import ensure_user, replace_placeholder
from portal.home.images import generated_image_file

OFFICES = {
    "Tiefbauamt": [
        ("Straßen und Wege", "strassen-und-wege"),
        ("Straßenbeleuchtung", "beleuchtung"),
    ],
    "Umwelt- und Grünflächenamt": [
        ("Müll und Sauberkeit", "muell"),
        ("Grünflächen und Spielplätze", "gruenflaechen"),
    ],
    "Stadtmarketing": [
        ("Handel und Innenstadt", "innenstadt"),
        ("Veranstaltungen", "veranstaltungen"),
    ],
    "Bürgerbüro": [("Sonstiges", "sonstiges")],
}

# (kind, topic code, days ago, status, public note, text, address, (lat, lon) offset, photo)
CONCERNS = [
    (
        Kind.PROBLEM,
        "strassen-und-wege",
        2,
        Status.RECEIVED,
        "",
        "Tiefes Schlagloch in der Bahnhofstraße vor Hausnummer 12, Radfahrer weichen auf den "
        "Gehweg aus.",
        "Bahnhofstraße 12",
        (0.0012, -0.0021),
        True,
    ),
    (
        Kind.PROBLEM,
        "beleuchtung",
        4,
        Status.IN_PROCESS,
        "Der Auftrag ist an die Stadtwerke erteilt.",
        "Drei Straßenlaternen am Fußweg zum Bahnhof sind seit einer Woche dunkel.",
        "Fußweg Bahnhof",
        (0.0030, 0.0011),
        False,
    ),
    (
        Kind.PROBLEM,
        "muell",
        6,
        Status.PROCESSED,
        "Der Müll wurde am Dienstag abgeholt.",
        "Am Glascontainer an der Schulstraße liegen Säcke mit Sperrmüll.",
        "Schulstraße",
        (-0.0018, 0.0024),
        True,
    ),
    (
        Kind.IDEA,
        "gruenflaechen",
        9,
        Status.IN_PROCESS,
        "Wir prüfen zwei mögliche Standorte und melden uns bis Monatsende.",
        "Im Schlosspark fehlen Bänke im Schatten. Zwei oder drei weitere Bänke unter den "
        "Linden wären schön.",
        "Schlosspark",
        (0.0041, 0.0035),
        False,
    ),
    (
        Kind.HINT,
        "veranstaltungen",
        11,
        Status.PROCESSED,
        "Danke! Der Termin ist im Kalender korrigiert.",
        "Im Veranstaltungskalender steht für das Herbstfest der falsche Beginn.",
        "",
        None,
        False,
    ),
    (
        Kind.IDEA,
        "innenstadt",
        13,
        Status.RECEIVED,
        "",
        "Ein Wochenmarkt auch am Donnerstagnachmittag wäre für Berufstätige hilfreich.",
        "Marktplatz",
        (0.0001, 0.0002),
        False,
    ),
    (
        Kind.PROBLEM,
        "strassen-und-wege",
        16,
        Status.REJECTED,
        "Die Straße gehört zum Kreis; wir haben Ihren Hinweis an das Kreisstraßenamt "
        "weitergeleitet.",
        "Der Radweg an der Kreisstraße 7 ist von Wurzeln aufgebrochen.",
        "Kreisstraße 7",
        (-0.0052, -0.0040),
        False,
    ),
    (
        Kind.PROBLEM,
        "gruenflaechen",
        18,
        Status.IN_PROCESS,
        "Der Spielplatz ist gesperrt, das Ersatzteil ist bestellt.",
        "Auf dem Spielplatz Lindenallee ist die Schaukel abgerissen.",
        "Lindenallee",
        (0.0022, -0.0047),
        True,
    ),
    (
        Kind.HINT,
        "muell",
        21,
        Status.PROCESSED,
        "Wir haben einen zweiten Papierkorb aufgestellt.",
        "Der Papierkorb an der Bushaltestelle Rathaus quillt jedes Wochenende über.",
        "Bushaltestelle Rathaus",
        (-0.0007, 0.0009),
        False,
    ),
    (
        Kind.IDEA,
        "innenstadt",
        25,
        Status.PROCESSED,
        "Die Händlergemeinschaft plant eine Fahrradabstellanlage am Markt.",
        "Mehr Fahrradbügel vor den Geschäften in der Fußgängerzone.",
        "Fußgängerzone",
        (0.0009, -0.0006),
        False,
    ),
    (
        Kind.PROBLEM,
        "beleuchtung",
        30,
        Status.RECEIVED,
        "",
        "Die Beleuchtung in der Unterführung am Bahnhof flackert abends.",
        "Unterführung Bahnhof",
        (0.0033, 0.0016),
        False,
    ),
    (
        Kind.HINT,
        "sonstiges",
        35,
        Status.REJECTED,
        "Für Fundsachen ist das Fundbüro im Bürgerbüro zuständig.",
        "Wo kann ich eine gefundene Geldbörse abgeben?",
        "",
        None,
        False,
    ),
]


def build(home, log):
    page = replace_placeholder(home, "anliegen", _concerns_page)
    staff_user, _password = ensure_user(
        "sachbearbeitung",
        email="sachbearbeitung@musterstadt.example",
        first_name="Sabine",
        last_name="Sachbearbeiterin",
        purpose="Sachbearbeitung: the concerns of the Tiefbauamt",
    )
    topics = {}
    for office_name, office_topics in OFFICES.items():
        office = factories.OfficeFactory(name=office_name)
        if office_name == "Tiefbauamt":
            office.staff.add(staff_user)
        for order, (name, code) in enumerate(office_topics):
            topics[code] = factories.TopicFactory(
                code=code, name=name, office=office, sort_order=len(topics) * 10 + order
            )
    _concerns(page, topics, staff_user, log)
    key = factories.Open311ApiKeyFactory(name="Mängelmelder-App (Demo)")
    log(f"Open311 API key for the demo app: {key.key}")


def _concerns_page(home):
    return factories.ConcernIndexPageFactory(
        parent=home,
        listing_intro="Anregungen und Beschwerden direkt an das zuständige Amt.",
        privacy_notice=RichText(
            "<p>Wir verwenden Ihre Angaben nur, um Ihr Anliegen zu bearbeiten. Ihre "
            "E-Mail-Adresse sehen nur die zuständigen Mitarbeitenden; sie wird "
            "automatisch gelöscht, nachdem Ihr Anliegen abgeschlossen ist.</p>"
        ),
    )


def _concerns(page, topics, staff_user, log):
    now = timezone.now()
    for kind, code, days, status, note, text, address, offset, with_photo in CONCERNS:
        if Concern.objects.filter(description=text).exists():
            continue
        created = now - datetime.timedelta(days=days, hours=days % 5)
        location = {}
        if offset:
            location = {
                "latitude": page.map_latitude + Decimal(str(offset[0])),
                "longitude": page.map_longitude + Decimal(str(offset[1])),
            }
        photo = None
        if with_photo:
            photo = photos.clean_photo(generated_image_file(f"Anliegen {code} {days}"))
        concern = factories.ConcernFactory(
            kind=kind,
            topic=topics[code],
            description=text,
            address=address,
            created_at=created,
            status=status,
            status_note=note,
            closed_at=created + datetime.timedelta(days=2) if status in CLOSED_STATUSES else None,
            photo=photo,
            **location,
        )
        ConcernEvent.objects.create(
            concern=concern, action=EventAction.CREATED, status=Status.RECEIVED, created_at=created
        )
        if status != Status.RECEIVED:
            ConcernEvent.objects.create(
                concern=concern,
                action=EventAction.STATUS,
                user=staff_user,
                status=status,
                public_note=note,
                internal_note="Vor Ort geprüft." if code != "sonstiges" else "",
                created_at=created + datetime.timedelta(days=1),
            )
        log(f"Concern created: {concern.tracking_number} {concern.topic.name}")
