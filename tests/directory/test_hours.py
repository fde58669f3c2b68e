"""Opening hours: the "open now / closes at" indicator, holidays, bad syntax (no database)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from portal.directory import hours

BERLIN = hours.BERLIN


def at(*args):
    return datetime.datetime(*args, tzinfo=BERLIN)


@pytest.fixture(autouse=True)
def german():
    with translation.override("de"):
        yield


def test_bar_open_across_midnight_is_open_after_midnight_and_says_when_it_closes():
    expression = "Fr-Sa 20:00-03:00"
    # Saturday 01:30 is still Friday night's opening.
    status = hours.status(expression, at(2025, 6, 14, 1, 30))
    assert status.state == "open"
    assert status.next_change == at(2025, 6, 14, 3, 0)
    assert status.detail == "schließt um 03:00"
    assert hours.status(expression, at(2025, 6, 14, 4, 0)).state == "closed"


def test_closing_after_midnight_reads_as_tomorrow():
    status = hours.status("Fr 20:00-02:00", at(2025, 6, 13, 23, 0))
    assert status.is_open
    assert status.detail == "schließt morgen um 02:00"


def test_public_holiday_rule_closes_the_shop_on_christmas_day():
    expression = "Mo-Sa 09:00-18:00; PH off"
    christmas = hours.status(expression, at(2025, 12, 25, 11, 0))  # a Thursday
    assert christmas.state == "closed"
    assert christmas.detail == "öffnet morgen um 09:00" or christmas.next_change == at(
        2025, 12, 27, 9, 0
    )
    assert hours.status(expression, at(2025, 12, 23, 11, 0)).is_open


def test_week_table_shows_the_holiday_as_closed_and_splits_night_openings():
    days = hours.week("Mo-Sa 09:00-18:00; PH off", at(2025, 12, 22, 8, 0))
    texts = {day.date.isoformat(): day.text for day in days}
    assert texts["2025-12-22"] == "09:00–18:00"
    assert texts["2025-12-25"] == "geschlossen"
    assert texts["2025-12-28"] == "geschlossen"  # Sunday
    night = hours.week("Fr 20:00-03:00", at(2025, 6, 13, 8, 0))
    assert night[0].text == "20:00–24:00"
    assert night[1].text == "00:00–03:00"


def test_by_appointment_comment_does_not_crash_and_is_shown():
    expression = 'Mo-Fr 09:00-12:00; Sa "nach Vereinbarung"'
    saturday = hours.status(expression, at(2025, 6, 14, 10, 0))
    assert saturday.comment == "nach Vereinbarung"
    days = hours.week(expression, at(2025, 6, 14, 8, 0))
    assert "nach Vereinbarung" in days[0].text
    only_appointment = hours.status('"nach Vereinbarung"', at(2025, 6, 14, 10, 0))
    assert only_appointment.label  # rendered, whatever the state


@pytest.mark.parametrize("bad", ["Mo-Fx 9-18", "Montag bis Freitag 9-18 Uhr", "24/24"])
def test_bad_syntax_is_refused_with_a_german_message(bad):
    with pytest.raises(ValidationError) as error:
        hours.validate_opening_hours(bad)
    assert "OpenStreetMap" in error.value.messages[0]


def test_free_text_appointment_gets_a_hint_how_to_write_it():
    with pytest.raises(ValidationError) as error:
        hours.validate_opening_hours("nach Vereinbarung")
    assert "Anführungszeichen" in error.value.messages[0]


def test_invalid_stored_hours_give_a_neutral_status_instead_of_an_error():
    assert hours.status("kaputt", at(2025, 6, 14, 10, 0)).state == "none"
    assert hours.week("kaputt") == []
    assert hours.status("", at(2025, 6, 14, 10, 0)).label == ""


def test_schema_org_specification_lists_the_open_days():
    spec = hours.schema_org_specification("Mo-Fr 09:00-18:00", at(2025, 6, 16, 8, 0))
    assert len(spec) == 5
    assert spec[0] == {
        "@type": "OpeningHoursSpecification",
        "dayOfWeek": "https://schema.org/Monday",
        "opens": "09:00:00",
        "closes": "18:00:00",
    }
