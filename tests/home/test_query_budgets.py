"""Key pages cost the same number of queries whatever the amount of content.

Each page is requested once to warm up (image renditions are created on first
use), then counted; the count with ten times more news and events must match.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal.home import factories

BUDGET = 24  # the home page, the most expensive of the four
# The home page with highlights of three page types: each type adds its page
# query and its cards' image and rendition queries (a plain page one more).
HIGHLIGHTS_BUDGET = BUDGET + 7


def add_content(home, news_index, event_index, count, offset=0):
    today = timezone.localdate()
    image = factories.ImageFactory(title="Budget-Bild")
    category = factories.NewsCategoryFactory(name="Handel", slug="handel")
    for n in range(offset, offset + count):
        news = factories.NewsPageFactory(
            parent=news_index,
            title=f"Meldung {n}",
            slug=f"meldung-{n}",
            date=today - datetime.timedelta(days=n),
            listing_image=image,
        )
        news.categories.add(category)
        factories.EventPageFactory(
            parent=event_index,
            title=f"Termin {n}",
            slug=f"termin-{n}",
            start=timezone.now() + datetime.timedelta(days=n + 1),
            listing_image=image,
        )
    home.highlights = [("news", news_index.get_children().first().specific)]
    home.save()


def count_queries(client, url):
    client.get(url)  # warm-up: renditions, site root paths
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "path",
    ["home", "news_index", "news_page", "event_index"],
)
def test_page_query_count_does_not_grow_with_content(
    client, home_page, news_index, event_index, path, django_assert_max_num_queries
):
    def url():
        return {
            "home": home_page.url,
            "news_index": news_index.url,
            "news_page": news_index.get_children().first().url,
            "event_index": event_index.url,
        }[path]

    add_content(home_page, news_index, event_index, 5)
    small = count_queries(client, url())
    add_content(home_page, news_index, event_index, 45, offset=5)
    large = count_queries(client, url())

    assert large == small
    with django_assert_max_num_queries(BUDGET):
        client.get(url())


def test_home_highlights_cost_the_same_for_three_cards_and_nine(
    client, home_page, news_index, event_index, django_assert_max_num_queries
):
    """Nine highlighted news, events and content pages, each with a teaser image,
    cost what three (one of each) do: cards are loaded per page type, not one by one."""
    add_content(home_page, news_index, event_index, 3)
    image = factories.ImageFactory(title="Hervorgehoben")
    content = [
        factories.ContentPageFactory(parent=home_page, title=f"Seite {n}", listing_image=image)
        for n in range(3)
    ]
    news = [page.specific for page in news_index.get_children()]
    events = [page.specific for page in event_index.get_children()]

    home_page.highlights = [("news", news[0]), ("event", events[0]), ("page", content[0])]
    home_page.save()
    three = count_queries(client, home_page.url)

    home_page.highlights = (
        [("news", page) for page in news]
        + [("event", page) for page in events]
        + [("page", page) for page in content]
    )
    home_page.save()
    nine = count_queries(client, home_page.url)
    html = client.get(home_page.url).text
    assert all(page.title in html for page in news + events + content)

    assert nine == three
    with django_assert_max_num_queries(HIGHLIGHTS_BUDGET):
        client.get(home_page.url)
