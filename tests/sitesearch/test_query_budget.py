"""Searching costs the same number of queries whatever the size of the town."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.directory.bulk import bulk_create_merchant_pages
from portal.directory.models import Category

from .town import filler_businesses

SEARCHES = ["Bäcker", "Bakerei", "Bäcker 12347", "Honig", "Frisör"]


def count_queries(client, url, params):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params).status_code == 200
    return len(captured)


def counts(client, index):
    directory = [count_queries(client, index.url, {"q": text}) for text in SEARCHES]
    site = [count_queries(client, reverse("search"), {"q": text}) for text in SEARCHES]
    suggestions = [
        count_queries(client, reverse("search_suggestions"), {"q": text[:4]}) for text in SEARCHES
    ]
    return directory, site, suggestions


def test_search_queries_stay_flat_when_the_town_grows_tenfold(client, directory_index, town):
    categories = {category.slug: category for category in Category.objects.all()}
    for text in SEARCHES:  # warm the caches (site root paths, settings, synonyms)
        client.get(directory_index.url, {"q": text})
        client.get(reverse("search"), {"q": text})
    small = counts(client, directory_index)

    bulk_create_merchant_pages(
        directory_index, filler_businesses(len(town) * 9, categories, start=1000)
    )
    large = counts(client, directory_index)

    assert small == large
