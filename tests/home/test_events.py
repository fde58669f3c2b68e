"""Upcoming and past events are QuerySet methods the pages read like sentences."""

import datetime

from django.utils import timezone

from portal.home import factories
from portal.home.models import EventPage


def test_upcoming_and_past_split_events_by_their_end(event_index):
    now = timezone.now()
    running = factories.EventPageFactory(
        parent=event_index,
        title="Läuft",
        start=now - datetime.timedelta(hours=2),
        end=now + datetime.timedelta(hours=2),
    )
    later = factories.EventPageFactory(
        parent=event_index, title="Später", start=now + datetime.timedelta(days=1)
    )
    over = factories.EventPageFactory(
        parent=event_index,
        title="Vorbei",
        start=now - datetime.timedelta(days=2),
        end=now - datetime.timedelta(days=2, hours=-1),
    )
    today_without_end = factories.EventPageFactory(
        parent=event_index,
        title="Heute ohne Ende",
        start=now - datetime.timedelta(minutes=1),
        end=None,
    )

    upcoming = list(EventPage.objects.upcoming())
    past = list(EventPage.objects.past())

    assert running in upcoming and later in upcoming and today_without_end in upcoming
    assert upcoming.index(running) < upcoming.index(later)
    assert past == [over]


def test_event_index_shows_upcoming_by_default_and_past_on_request(client, event_index):
    now = timezone.now()
    factories.EventPageFactory(
        parent=event_index, title="Zukunftsfest", start=now + datetime.timedelta(days=3)
    )
    factories.EventPageFactory(
        parent=event_index,
        title="Altes Fest",
        start=now - datetime.timedelta(days=9),
        end=now - datetime.timedelta(days=9, hours=-2),
    )

    upcoming = client.get(event_index.url).content.decode()
    past = client.get(event_index.url + "?zeit=vergangen").content.decode()

    assert "Zukunftsfest" in upcoming and "Altes Fest" not in upcoming
    assert "Altes Fest" in past and "Zukunftsfest" not in past


def test_empty_event_calendar_says_so_in_german(client, event_index):
    response = client.get(event_index.url)

    assert "Derzeit sind keine Veranstaltungen geplant." in response.content.decode()
