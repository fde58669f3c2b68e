"""The state-wide initiatives directory on the state portal's initiatives index."""

import pytest
from wagtail import hooks

from portal.directory.models import InitiativeIndexPage
from portal.state.listing import initiative_cards
from tests.state.conftest import STATE_HOST, add_initiative, initiative_index

pytestmark = pytest.mark.django_db


def harvested():
    return [
        {
            "key": "harvest-1",
            "name": "Rügen regional (Fremdportal)",
            "kind": "marketplace",
            "region": "Vorpommern-Rügen",
            "offers": {"online_shop", "delivery"},
            "short_description": "Ein Marktplatz eines anderen Portals.",
            "url": "https://ruegen.example/",
            "latitude": 54.4,
            "longitude": 13.4,
            "logo_url": None,
            "source": "Fremdportal",
        }
    ]


def broken():
    return [{"key": "x", "name": "Ohne Pflichtfelder"}]


@pytest.fixture
def listing(towns, state_index, regions):
    a, b = towns
    rostock, vorpommern = regions["Landkreis Rostock"], regions["Vorpommern-Greifswald"]
    pages = {
        "a": add_initiative(
            initiative_index(a.home),
            "Altstadt liefert",
            region=rostock,
            kind="delivery",
            offers_delivery=True,
            postcode="18055",
        ),
        "b": add_initiative(
            initiative_index(b.home),
            "Hofläden Neustadt",
            region=vorpommern,
            kind="farm_shops",
            offers_online_shop=True,
            offers_pickup=True,
            postcode="17489",
        ),
        "state": add_initiative(
            state_index,
            "Dorfladen Lüsewitz",
            region=rostock,
            kind="village_shop",
            offers_pickup=True,
            offers_phone_orders=True,
            postcode="18190",
        ),
    }
    return pages


def get(client, params=""):
    return client.get(f"/initiativen/{params}", HTTP_HOST=STATE_HOST)


def names(response):
    return [card["name"] for card in response.context["cards"]]


def test_lists_initiatives_of_every_tree_the_towns_and_hook_cards(client, towns, listing):
    a, b = towns
    with (
        hooks.register_temporarily("state_initiative_cards", harvested),
        hooks.register_temporarily("state_initiative_cards", broken),
    ):
        response = get(client)

    assert response.status_code == 200
    assert set(names(response)) == {
        "Altstadt",
        "Neustadt",
        "Altstadt liefert",
        "Hofläden Neustadt",
        "Dorfladen Lüsewitz",
        "Rügen regional (Fremdportal)",
    }
    text = response.content.decode()
    assert "6 Initiativen" in text
    assert "Stadtportal / Marktplatz" in text and "Dorfladen" in text
    assert 'data-map data-markers="initiative-markers"' in text
    cards = {card["name"]: card for card in response.context["cards"]}
    # A town: its site, its address, offers computed from its shops and voucher programme.
    town = cards["Altstadt"]
    assert town["kind"] == "town"
    assert town["url"] == a.site.root_url + "/"
    assert town["offers"] == {"online_shop", "pickup", "city_voucher"}
    assert town["latitude"] is not None and town["longitude"] is not None
    # A town's initiative links to its own town's address.
    assert cards["Altstadt liefert"]["url"].startswith(a.site.root_url)
    assert cards["Hofläden Neustadt"]["url"].startswith(b.site.root_url)
    assert cards["Dorfladen Lüsewitz"]["latitude"] == pytest.approx(54.1, abs=0.2)
    assert "Fremdportal" in text


def test_a_town_portal_keeps_listing_only_its_own_initiatives(client, towns, listing):
    response = client.get("/initiativen/", HTTP_HOST=towns[0].host)

    assert response.status_code == 200
    assert [page.title for page in response.context["initiatives"]] == ["Altstadt liefert"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ("?region=landkreis-rostock", {"Altstadt liefert", "Dorfladen Lüsewitz"}),
        ("?art=village_shop", {"Dorfladen Lüsewitz"}),
        ("?art=town", {"Altstadt", "Neustadt"}),
        ("?angebot=pickup", {"Altstadt", "Neustadt", "Hofläden Neustadt", "Dorfladen Lüsewitz"}),
        ("?angebot=pickup&angebot=phone_orders", {"Dorfladen Lüsewitz"}),
        ("?angebot=delivery&region=landkreis-rostock", {"Altstadt liefert"}),
        ("?region=vorpommern-ruegen", {"Rügen regional (Fremdportal)"}),
        ("?art=unbekannt&region=%3Cscript%3E", None),  # unknown values filter nothing
    ],
)
def test_filters(client, listing, params, expected):
    with hooks.register_temporarily("state_initiative_cards", harvested):
        response = get(client, params)
        everything = len(initiative_cards())

    assert response.status_code == 200
    if expected is None:
        assert len(names(response)) == everything
    else:
        assert set(names(response)) == expected


def test_nothing_found_shows_a_german_empty_state(client, listing):
    response = get(client, "?art=association")

    assert response.status_code == 200
    text = response.content.decode()
    assert "0 Initiativen" in text
    assert "Keine Initiative passt zu diesen Filtern." in text
    assert "Alle Initiativen anzeigen" in text


def test_unpublished_initiatives_are_not_listed(client, listing):
    listing["state"].unpublish()

    assert "Dorfladen Lüsewitz" not in names(get(client))


def test_the_state_list_is_not_kept_in_the_shared_page_cache(client, listing):
    response = get(client)

    assert "private" in response["Cache-Control"]


def _grow(towns, regions, times):
    """``times`` more towns, each with a business, a shop, an initiative and a voucher."""
    from portal.directory import factories as directory_factories
    from portal.shop.factories import product_for, shop_for

    for number in range(times):
        from portal.home.new_town import add_town

        site = add_town(f"Ort {number}", f"ort{number}.test", port=80)
        index = initiative_index(site.root_page)
        for kind in ("delivery", "village_shop"):
            add_initiative(
                index,
                f"Initiative {number} {kind}",
                region=regions["Landkreis Rostock"],
                kind=kind,
                postcode="18055",
            )
        directory_index = (
            site.root_page.get_children()
            .type(directory_factories.DirectoryIndexPageFactory._meta.model)
            .first()
            .specific
        )
        merchant = directory_factories.MerchantPageFactory(
            parent=directory_index, title=f"Laden Ort {number}", latitude=54.0, longitude=12.0
        )
        product_for(shop_for(merchant, offers_delivery=True), title=f"Ware {number}")


def test_the_query_count_stays_flat_when_towns_and_initiatives_grow_tenfold(
    client, django_assert_max_num_queries, towns, listing, regions
):
    get(client)  # renditions, site root paths and settings are cached after the first view
    with django_assert_max_num_queries(1000) as small:
        assert get(client).status_code == 200
    budget = len(small.captured_queries)
    assert budget > 5  # the measurement saw the view's queries
    _grow(towns, regions, 10)
    get(client)

    with django_assert_max_num_queries(budget):
        response = get(client)

    assert len(response.context["cards"]) == len(listing) + 2 + 10 + 20


def test_the_hook_cards_keep_to_their_keys(listing):
    with hooks.register_temporarily("state_initiative_cards", harvested):
        cards = initiative_cards()

    card = next(card for card in cards if card["key"] == "harvest-1")
    assert set(card) == {
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
    assert InitiativeIndexPage.objects.count() == 3
