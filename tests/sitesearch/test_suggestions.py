"""Suggestions while typing (/suche/vorschlaege/): categories, businesses, products, in German."""

from django.urls import reverse


def suggest(client, text):
    response = client.get(reverse("search_suggestions"), {"q": text})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response


def test_suggestions_name_categories_businesses_and_products_in_german(client, town):
    data = suggest(client, "Bäck").json()

    kinds = {(item["kind"], item["label"]) for item in data["suggestions"]}
    assert ("Kategorie", "Bäckerei und Konditorei") in kinds
    assert ("Betrieb", "Bäckerei Korn") in kinds
    korn = next(item for item in data["suggestions"] if item["label"] == "Bäckerei Korn")
    assert korn["url"] == "/haendler/backerei-korn/"
    assert korn["detail"] == "Bäckerei und Konditorei"
    category = next(item for item in data["suggestions"] if item["kind"] == "Kategorie")
    assert category["url"] == "/haendler/?kategorie=baeckerei"
    count = len(data["suggestions"])
    assert data["status"] == (
        f"{count} Vorschläge. Mit den Pfeiltasten nach oben und unten auswählen."
    )


def test_products_are_suggested_by_any_word_of_their_name(client, town):
    data = suggest(client, "honi").json()

    products = [item for item in data["suggestions"] if item["kind"] == "Produkt"]
    assert [item["label"] for item in products] == ["Sommertracht-Honig"]
    assert products[0]["detail"] == "Imkerei Summsumm"
    assert products[0]["url"].startswith("/shop/")


def test_suggestions_ignore_umlauts_and_case(client, town):
    for typed in ("backe", "BAECKEREI K", "Bäckerei k"):
        labels = [item["label"] for item in suggest(client, typed).json()["suggestions"]]
        assert "Bäckerei Korn" in labels, typed


def test_a_category_is_suggested_for_its_other_words(client, town):
    labels = [
        (item["kind"], item["label"]) for item in suggest(client, "Brötch").json()["suggestions"]
    ]
    assert ("Kategorie", "Bäckerei und Konditorei") in labels


def test_one_letter_gives_no_suggestions_and_nothing_found_says_so(client, town):
    assert suggest(client, "B").json() == {"query": "B", "suggestions": [], "status": ""}
    data = suggest(client, "Xylophonwerkstatt").json()
    assert data["suggestions"] == [] and data["status"] == "Keine Vorschläge."


def test_suggestions_are_few_cheap_queries_and_may_be_cached(
    client, town, django_assert_max_num_queries
):
    suggest(client, "Brot")  # warm the caches (site root paths, synonyms, category words)
    # Site, directory, root path, view restrictions; per kind one search and one
    # load (categories come from the cache); the request's savepoint and release.
    with django_assert_max_num_queries(10):
        response = suggest(client, "Honig")
    assert len(response.json()["suggestions"]) <= 10
    assert "max-age=60" in response["Cache-Control"] and "public" in response["Cache-Control"]
