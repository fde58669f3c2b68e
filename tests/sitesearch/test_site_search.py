"""The site search (/suche/): every kind of content, grouped with counts, editors' picks."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from portal.directory.factories import DirectoryIndexPageFactory
from portal.directory.models import InitiativeIndexPage, InitiativePage, Region
from portal.home import factories


def groups(response):
    """``[(title, count, [result titles])]`` as the page shows them, in order."""
    html = BeautifulSoup(response.content, "html.parser")
    found = []
    for section in html.select("section.search-group:not(.search-promotions)"):
        heading = section.find("h2")
        count = heading.find(class_="search-group__count").get_text(strip=True).strip("()")
        title = heading.get_text(" ", strip=True).rsplit("(", 1)[0].strip()
        results = [link.get_text(strip=True) for link in section.select(".result-list li > a")]
        found.append((title, int(count), results))
    return found


@pytest.fixture
def initiative(home_page):
    index = InitiativeIndexPage(title="Initiativen", slug="initiativen")
    home_page.add_child(instance=index)
    region = Region.objects.create(name="Landkreis Musterland", slug="musterland")
    page = InitiativePage(
        title="Brotzeit-Netzwerk",
        slug="brotzeit-netzwerk",
        region=region,
        kind="association",
        short_description="Bäcker und Hofläden der Region liefern gemeinsam Brot.",
    )
    index.add_child(instance=page)
    return page


def test_a_trade_word_lists_the_bakery_first_then_its_bread_then_the_rest(
    client, town, news_index, event_index, initiative
):
    factories.NewsPageFactory(
        parent=news_index, title="Brotmarkt am Sonntag", intro="Brot von zwölf Bäckern."
    )
    factories.EventPageFactory(
        parent=event_index, title="Brot backen für Kinder", intro="Kinder backen Brot."
    )

    response = client.get(reverse("search"), {"q": "Brot"})

    shown = groups(response)
    titles = [title for title, _count, _results in shown]
    assert titles[0] == "Händler", titles
    businesses = shown[0][2]
    assert "Bäckerei Korn" in businesses
    assert {"Händler", "Produkte im Stadtshop", "Veranstaltungen", "Aktuelles"} <= set(titles)
    assert "Regionale Initiativen" in titles
    products = next(results for title, _count, results in shown if title == "Produkte im Stadtshop")
    assert "Roggenmischbrot" in products
    total = sum(count for _title, count, _results in shown)
    assert f"{total} Treffer für „Brot“" in response.text
    assert 'href="#treffer-haendler"' in response.text


def test_a_word_that_is_no_trade_does_not_put_businesses_first(client, town, event_index):
    factories.EventPageFactory(
        parent=event_index,
        title="Stadtfest Musterstadt",
        intro="Musik und Musterstadt-Geschichten auf dem Marktplatz.",
    )

    response = client.get(reverse("search"), {"q": "Stadtfest"})

    titles = [title for title, _count, _results in groups(response)]
    assert titles == ["Veranstaltungen"]


def test_the_businesses_group_links_to_the_directory_with_the_query(client, town):
    response = client.get(reverse("search"), {"q": "Bäcker"})

    html = BeautifulSoup(response.content, "html.parser")
    section = html.select_one("#treffer-haendler")
    link = section.find("a", string=lambda text: text and "im Branchenbuch" in text)
    assert link is not None
    assert link["href"] == "/haendler/?q=B%C3%A4cker"


def test_one_kind_is_listed_on_its_own_with_pages(client, home_page, news_index):
    for number in range(13):
        factories.NewsPageFactory(
            parent=news_index, title=f"Marktbericht {number}", intro="Neues vom Wochenmarkt."
        )

    first = client.get(reverse("search"), {"q": "Marktbericht", "art": "aktuelles"})
    second = client.get(reverse("search"), {"q": "Marktbericht", "art": "aktuelles", "seite": 2})

    assert len(groups(first)[0][2]) == 10 and groups(first)[0][1] == 13
    assert len(groups(second)[0][2]) == 3
    assert "Alle Ergebnisse für „Marktbericht“" in first.text
    assert 'href="?q=Marktbericht&amp;art=aktuelles&amp;seite=2"' in first.text


def test_an_unknown_kind_shows_the_overview(client, home_page, news_index):
    factories.NewsPageFactory(parent=news_index, title="Laternenfest")

    response = client.get(reverse("search"), {"q": "Laternenfest", "art": "<script>"})

    assert response.status_code == 200
    assert [title for title, _count, _results in groups(response)] == ["Aktuelles"]


def test_a_typo_finds_the_business_and_asks_did_you_mean(client, town):
    response = client.get(reverse("search"), {"q": "Bakerei"})

    shown = groups(response)
    assert "Bäckerei Korn" in shown[0][2]
    assert "Meinten Sie" in response.text
    assert "?q=B%C3%A4ckerei" in response.text


def test_editors_picks_come_first(client, home_page):
    page = factories.ContentPageFactory(
        parent=home_page, title="Parken in der Innenstadt", intro="Parkhäuser und Preise."
    )
    SearchPromotion.objects.create(
        query=Query.get("Parkplatz"), page=page, description="Alle Parkhäuser", sort_order=0
    )
    SearchPromotion.objects.create(
        query=Query.get("Parkplatz"),
        external_link_url="https://www.example.org/park",
        external_link_text="Parkleitsystem",
        sort_order=1,
    )

    response = client.get(reverse("search"), {"q": "  parkplatz "})

    html = BeautifulSoup(response.content, "html.parser")
    picks = html.select_one(".search-promotions")
    assert picks.find("h2").get_text(strip=True) == "Empfohlen von der Redaktion"
    assert [a.get_text(strip=True) for a in picks.select("li > a")] == [
        "Parken in der Innenstadt",
        "Parkleitsystem",
    ]
    assert "Alle Parkhäuser" in picks.get_text()


def test_the_site_search_keeps_to_its_own_site(client, home_page, news_index):
    other_home = factories.HomePageFactory(parent=home_page.get_parent(), slug="andere-stadt")
    other_news = factories.NewsIndexPageFactory(parent=other_home, slug="aktuelles-2")
    factories.NewsPageFactory(parent=other_news, title="Kirmes in der Nachbarstadt")
    factories.NewsPageFactory(parent=news_index, title="Kirmes bei uns")
    DirectoryIndexPageFactory(parent=other_home, slug="haendler-2")

    response = client.get(reverse("search"), {"q": "Kirmes"})

    assert [results for _title, _count, results in groups(response)] == [["Kirmes bei uns"]]
