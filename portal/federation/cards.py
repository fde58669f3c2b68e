"""Harvested initiatives as cards of the state portal's initiatives map.

The state portal collects cards through the ``state_initiative_cards`` hook;
each card is a dict with exactly the keys of ``CARD_KEYS``.
"""

from django.utils.translation import gettext as _

from .models import HarvestedEntry

CARD_KEYS = {
    "key",
    "name",
    "kind",
    "region",
    "offers",
    "short_description",
    "url",
    "latitude",
    "longitude",
    "logo_url",
    "source",
}
# Words in an initiative's categories (its first one first) -> the kinds of
# ``directory.InitiativePage.KIND_CHOICES``, which the state map filters by.
KIND_WORDS = [
    ("village_shop", ("dorfladen", "village_shop", "village shop", "dorfgemeinschaftsladen")),
    ("farm_shops", ("genossenschaft", "hofladen", "farm_shops", "farm_cooperative", "erzeuger")),
    ("marketplace", ("marktplatz", "marketplace", "plattform", "online-markt")),
    ("delivery", ("lieferdienst", "delivery", "lieferservice")),
    ("voucher", ("gutschein", "voucher")),
    ("association", ("verein", "association", "werbegemeinschaft", "initiative")),
]
DEFAULT_KIND = "association"


def kind_of(categories):
    """The map's kind for an initiative's categories text."""
    text = (categories or "").lower()
    positions = []
    for kind, words in KIND_WORDS:
        found = [text.find(word) for word in words if word in text]
        if found:
            positions.append((min(found), kind))
    return min(positions)[1] if positions else DEFAULT_KIND


def offers_of(entry):
    offers = set()
    for flag, offer in (
        ("online_shop", "online_shop"),
        ("delivery", "delivery"),
        ("pickup", "pickup"),
        ("phone_orders", "phone_orders"),
    ):
        if getattr(entry, flag):
            offers.add(offer)
    return offers


def initiative_cards():
    entries = (
        HarvestedEntry.objects.filter(
            kind=HarvestedEntry.Kind.INITIATIVE, withdrawn_at__isnull=True, source__active=True
        )
        .select_related("source", "region")
        .order_by("name", "pk")
    )
    return [
        {
            "key": f"harvest-{entry.pk}",
            "name": entry.name,
            "kind": kind_of(entry.categories),
            "region": entry.region.name if entry.region_id else "",
            "offers": offers_of(entry),
            "short_description": entry.description[:300],
            "url": entry.url,
            "latitude": entry.latitude,
            "longitude": entry.longitude,
            "logo_url": None,
            "source": _("Taken over from: %(source)s") % {"source": entry.source.name},
        }
        for entry in entries
    ]
