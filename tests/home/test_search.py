"""Site search finds pages of every type and says so in German when it does not."""

from portal.home import factories


def test_search_finds_pages_of_every_type(client, home_page, news_index, event_index):
    factories.NewsPageFactory(
        parent=news_index, title="Brunnenfest", intro="Der Zunftbrunnen wird hundert Jahre alt."
    )
    factories.EventPageFactory(
        parent=event_index, title="Laternenlauf", intro="Start am Zunftbrunnen um 18 Uhr."
    )
    factories.ContentPageFactory(
        parent=home_page, title="Stadtgeschichte", intro="Der Zunftbrunnen erzählt davon."
    )
    factories.ContentPageFactory(parent=home_page, title="Parken", intro="Parkhaus am Markt.")

    response = client.get("/suche/", {"q": "Zunftbrunnen"})

    content = response.content.decode()
    for title in ("Brunnenfest", "Laternenlauf", "Stadtgeschichte"):
        assert title in content
    assert "Parken" not in content
    assert "3 Treffer" in content


def test_search_without_results_says_so_in_german(client, home_page):
    response = client.get("/suche/", {"q": "Raumschiffwerft"})

    assert response.status_code == 200
    assert "Leider haben wir zu „Raumschiffwerft“ nichts gefunden." in response.content.decode()
    assert "0 Treffer" in response.content.decode()


def test_search_page_without_query_shows_the_form(client, home_page):
    response = client.get("/suche/")

    assert response.status_code == 200
    assert 'name="q"' in response.content.decode()
    assert "nichts gefunden" not in response.content.decode()


def test_search_skips_unpublished_pages(client, news_index):
    page = factories.NewsPageFactory(parent=news_index, title="Geheimprojekt")
    page.unpublish()

    response = client.get("/suche/", {"q": "Geheimprojekt"})

    assert "nichts gefunden" in response.content.decode()
