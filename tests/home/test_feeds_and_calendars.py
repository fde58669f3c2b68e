"""The RSS feed and the iCalendar exports, read back by real parsers."""

import datetime

import feedparser
import pytest
from django.utils import timezone
from icalendar import Calendar

from portal.home import factories


@pytest.fixture
def news_items(news_index):
    today = timezone.localdate()
    return [
        factories.NewsPageFactory(
            parent=news_index,
            title=title,
            slug=f"meldung-{days}",
            date=today - datetime.timedelta(days=days),
        )
        for title, days in [("Mittel", 5), ("Neueste", 1), ("Älteste", 30)]
    ]


def test_rss_feed_parses_and_lists_newest_news_first(client, news_items, news_index):
    response = client.get(news_index.url + "feed/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "rss20"
    assert [entry.title for entry in feed.entries] == ["Neueste", "Mittel", "Älteste"]
    assert feed.entries[0].link == "http://localhost/aktuelles/meldung-1/"
    published = [entry.published_parsed for entry in feed.entries]
    assert published == sorted(published, reverse=True)


def test_rss_feed_leaves_out_unpublished_news(client, news_items, news_index):
    draft = news_items[1]
    draft.unpublish()

    feed = feedparser.parse(client.get(news_index.url + "feed/").content)

    assert "Neueste" not in [entry.title for entry in feed.entries]


def test_event_ics_holds_the_event_with_its_times(client, event_index):
    start = timezone.make_aware(datetime.datetime(2031, 6, 5, 18, 30))
    event = factories.EventPageFactory(
        parent=event_index,
        title="Jazz am Markt",
        start=start,
        end=start + datetime.timedelta(hours=2),
        location_name="Marktplatz",
        address="Marktplatz 1, 12345 Musterstadt",
    )

    response = client.get(event.url + "ics/")

    assert response["Content-Type"].startswith("text/calendar")
    assert 'filename="jazz-am-markt.ics"' in response["Content-Disposition"]
    calendar = Calendar.from_ical(response.content)
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Jazz am Markt"
    assert vevent.decoded("DTSTART") == start
    assert vevent.decoded("DTEND") == start + datetime.timedelta(hours=2)
    assert "Marktplatz 1" in str(vevent["LOCATION"])
    assert str(vevent["URL"]).endswith("/veranstaltungen/jazz-am-markt/")


def test_event_list_ics_holds_upcoming_events_only(client, event_index):
    now = timezone.now()
    factories.EventPageFactory(
        parent=event_index, title="Kommt bald", start=now + datetime.timedelta(days=2)
    )
    factories.EventPageFactory(
        parent=event_index,
        title="Läuft gerade",
        start=now - datetime.timedelta(hours=1),
        end=now + datetime.timedelta(hours=1),
    )
    factories.EventPageFactory(
        parent=event_index,
        title="Vorbei",
        start=now - datetime.timedelta(days=3),
        end=now - datetime.timedelta(days=3) + datetime.timedelta(hours=2),
    )

    calendar = Calendar.from_ical(client.get(event_index.url + "ics/").content)

    summaries = [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]
    assert summaries == ["Läuft gerade", "Kommt bald"]
    uids = {str(event["UID"]) for event in calendar.walk("VEVENT")}
    assert len(uids) == 2
