"""Weekly markets and regional initiatives."""

import datetime

import pytest

from portal.directory import factories, hours
from portal.directory.models import (
    InitiativeIndexPage,
    InitiativePage,
    MarketDay,
    MarketPage,
    MarketStall,
    Region,
)

pytestmark = pytest.mark.django_db


def test_market_lists_next_market_days_skipping_holidays_and_its_stalls(
    client, home_page, directory_index
):
    stall_category = factories.CategoryFactory(
        name="Wochenmarktstand", slug="wochenmarktstand", role="market_stall"
    )
    stall = factories.MerchantPageFactory(
        parent=directory_index, title="Käse Alm", primary_category=stall_category
    )
    market = MarketPage(title="Wochenmarkt", slug="wochenmarkt", location_name="Marktplatz")
    market.market_days = [
        MarketDay(weekday=3, opens=datetime.time(8), closes=datetime.time(13)),  # Thursday
    ]
    market.stalls = [MarketStall(merchant=stall, place="Stand 4")]
    home_page.add_child(instance=market)
    market.save_revision().publish()

    # From Monday 22 Dec 2025: Thursday 25 Dec is Christmas, so 1 Jan is also skipped.
    start = datetime.datetime(2025, 12, 22, 9, 0, tzinfo=hours.BERLIN)
    days = [begin.date().isoformat() for begin, _end in market.next_market_days(3, start)]
    assert days == ["2026-01-08", "2026-01-15", "2026-01-22"]

    response = client.get(market.url)
    text = response.content.decode()
    assert "Käse Alm" in text and "Stand 4" in text
    assert "Die nächsten Markttage" in text


def test_market_names_its_place_once_and_shows_each_stall_number_in_its_card(
    client, home_page, directory_index
):
    stall = factories.MerchantPageFactory(parent=directory_index, title="Käse Alm")
    market = MarketPage(
        title="Wochenmarkt",
        slug="wochenmarkt",
        location_name="Marktplatz",
        street="Marktplatz",
        postcode="12345",
        city="Musterstadt",
    )
    market.stalls = [MarketStall(merchant=stall, place="Stand 4")]
    home_page.add_child(instance=market)
    market.save_revision().publish()

    text = client.get(market.url).content.decode()
    address = text[text.index("<address>") : text.index("</address>")]
    assert address.count("Marktplatz") == 1
    card = text[text.index('<article class="card card--merchant">') :]
    card = card[: card.index("</article>")]
    assert '<span class="card__place">Stand 4</span>' in card
    assert "Käse Alm" in card


def test_initiatives_are_filterable_by_region_and_kind(client, home_page):
    index = InitiativeIndexPage(title="Initiativen", slug="initiativen")
    home_page.add_child(instance=index)
    north = Region.objects.create(name="Kreis Nord", slug="kreis-nord")
    south = Region.objects.create(name="Kreis Süd", slug="kreis-sued")
    for title, region, kind in (
        ("Marktplatz Nord", north, "marketplace"),
        ("Gutschein Nord", north, "voucher"),
        ("Lieferdienst Süd", south, "delivery"),
    ):
        index.add_child(
            instance=InitiativePage(title=title, region=region, kind=kind, short_description=title)
        )

    def titles(params):
        response = client.get(index.url, params)
        return [page.title for page in response.context["initiatives"]]

    assert titles({}) == ["Gutschein Nord", "Lieferdienst Süd", "Marktplatz Nord"]
    assert titles({"region": "kreis-nord"}) == ["Gutschein Nord", "Marktplatz Nord"]
    assert titles({"region": "kreis-nord", "art": "voucher"}) == ["Gutschein Nord"]
    response = client.get(index.url, {"art": "association"})
    assert "Keine Initiative passt zu diesen Filtern." in response.content.decode()
