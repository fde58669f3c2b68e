"""The ``state_initiative_cards`` hook: harvested initiatives as the state map's cards."""

from wagtail import hooks

from portal.directory.models import InitiativePage
from portal.federation.cards import CARD_KEYS, kind_of
from portal.federation.models import HarvestedEntry, Source

KINDS = set(dict(InitiativePage.KIND_CHOICES))  # the state map drops cards of other kinds
OFFERS = {"online_shop", "delivery", "pickup", "phone_orders", "city_voucher"}


def _entry(source, identifier, **fields):
    values = {"kind": HarvestedEntry.Kind.INITIATIVE, "name": identifier.title()}
    values.update(fields)
    return HarvestedEntry.objects.create(source=source, identifier=identifier, **values)


def test_hook_returns_current_harvested_initiatives_with_exactly_the_agreed_keys(db):
    source = Source.objects.create(name="Genossenschaft Nord", kind=Source.Kind.CSV)
    shop = _entry(
        source,
        "dorfladen",
        categories="Dorfladen, Lebensmittel",
        delivery=True,
        pickup=True,
        latitude=53.5,
        longitude=12.7,
        url="https://dorfladen.example/",
        description="Ein Laden in Bürgerhand.",
    )
    _entry(source, "weg", withdrawn_at="2026-01-01T00:00:00Z")
    _entry(source, "betrieb", kind=HarvestedEntry.Kind.BUSINESS)

    cards = [card for fn in hooks.get_hooks("state_initiative_cards") for card in fn()]

    assert [card["key"] for card in cards] == [f"harvest-{shop.pk}"]
    card = cards[0]
    assert set(card) == CARD_KEYS
    assert card["kind"] == "village_shop" and card["kind"] in KINDS
    assert card["offers"] == {"delivery", "pickup"} and card["offers"] <= OFFERS
    assert card["latitude"] == 53.5 and isinstance(card["longitude"], float)
    assert card["logo_url"] is None
    assert card["source"] == "Übernommen von: Genossenschaft Nord"
    assert card["url"] == "https://dorfladen.example/"


def test_initiative_kinds_map_from_german_category_words():
    assert kind_of("Erzeugergenossenschaft") == "farm_shops"
    assert kind_of("Lieferdienst") == "delivery"
    assert kind_of("Online-Marktplatz der Region") == "marketplace"
    assert kind_of("Regionalgutschein") == "voucher"
    assert kind_of("") == "association"
