"""Personal data: the citizen's e-mail address is deleted a set time after closing."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from portal.concerns.factories import ConcernFactory
from portal.concerns.models import EventAction, Status

pytestmark = pytest.mark.django_db


def closed_concern(topic, days_ago, **fields):
    fields.setdefault("status", Status.PROCESSED)
    return ConcernFactory(
        topic=topic,
        email="erika@example.org",
        closed_at=timezone.now() - datetime.timedelta(days=days_ago),
        **fields,
    )


def purge(**options):
    call_command("purge_concern_emails", stdout=io.StringIO(), **options)


def test_retention_command_deletes_email_only_after_the_set_time(roads, settings):
    settings.CONCERNS_EMAIL_RETENTION_DAYS = 30
    expired = closed_concern(roads, days_ago=31)
    recent = closed_concern(roads, days_ago=29)
    still_open = ConcernFactory(topic=roads, email="offen@example.org")

    purge()

    for concern in (expired, recent, still_open):
        concern.refresh_from_db()
    assert expired.email == ""
    assert recent.email == "erika@example.org"
    assert still_open.email == "offen@example.org"
    event = expired.events.get(action=EventAction.EMAIL_DELETED)
    assert "erika" not in f"{event.detail}{event.public_note}{event.internal_note}"

    # Running it again changes nothing.
    purge()
    assert expired.events.filter(action=EventAction.EMAIL_DELETED).count() == 1


def test_retention_period_can_be_given_on_the_command_line(roads):
    concern = closed_concern(roads, days_ago=8)
    purge(days=7)
    concern.refresh_from_db()
    assert concern.email == ""


def test_merged_duplicates_count_as_closed(roads):
    kept = ConcernFactory(topic=roads)
    duplicate = closed_concern(roads, days_ago=100, status=Status.RECEIVED, merged_into=kept)
    purge()
    duplicate.refresh_from_db()
    assert duplicate.email == ""
