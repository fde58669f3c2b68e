"""The opening-hours editor: rows <-> OSM syntax, German input and messages, the admin form."""

import datetime

import pytest
from django.utils import translation
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from portal.directory import hours, services
from portal.directory.admin_forms import MerchantPageForm, OpeningHoursField, OpeningHoursWidget
from portal.directory.models import MerchantPage, OpeningInterval
from portal.directory.weekly_hours import Closure, Span, WeeklyHours, from_german
from portal.home.factories import UserFactory

BERLIN = hours.BERLIN


def at(*args):
    return datetime.datetime(*args, tzinfo=BERLIN)


@pytest.fixture(autouse=True)
def german():
    with translation.override("de"):
        yield


def split_week():
    """A baker: split days, short Saturday, special holiday hours, summer holidays."""
    morning_afternoon = (Span("09:00", "12:30"), Span("14:30", "18:00"))
    return WeeklyHours(
        days=[
            morning_afternoon,
            morning_afternoon,
            (Span("09:00", "13:00"),),
            morning_afternoon,
            morning_afternoon,
            (Span("08:00", "14:00"),),
            (),
        ],
        holidays="special",
        holiday_spans=(Span("10:00", "12:00"),),
        closures=[
            Closure(datetime.date(2027, 8, 2), datetime.date(2027, 8, 15), "Betriebsferien"),
            Closure(datetime.date(2027, 12, 24), datetime.date(2027, 12, 24)),
        ],
    )


# ---------------------------------------------------------------------------
# Round trip


def test_split_days_holidays_and_closure_round_trip_through_osm_syntax():
    weekly = split_week()
    expression = weekly.to_osm()
    assert expression == (
        "Mo-Tu,Th-Fr 09:00-12:30,14:30-18:00; We 09:00-13:00; Sa 08:00-14:00; "
        'PH 10:00-12:00; 2027 Aug 02-2027 Aug 15 off "Betriebsferien"; 2027 Dec 24 off'
    )
    assert WeeklyHours.from_osm(expression) == weekly
    hours.validate_opening_hours(expression)  # the OSM parser accepts it


@pytest.mark.parametrize(
    "weekly",
    [
        WeeklyHours(),
        WeeklyHours(days=[(Span("10:00", "24:00"),)] * 7, holidays="closed"),
        WeeklyHours(
            days=[(), (Span("10:00", "18:00"),), (), (), (), (), (Span("11:00", "17:00"),)],
            closures=[Closure(datetime.date(2027, 12, 27), datetime.date(2028, 1, 2), "Inventur")],
        ),
    ],
)
def test_more_week_shapes_round_trip(weekly):
    assert WeeklyHours.from_osm(weekly.to_osm()) == weekly


def test_the_written_syntax_means_what_the_rows_say():
    expression = split_week().to_osm()
    # Monday 2027-08-23: split day
    assert hours.status(expression, at(2027, 8, 23, 10, 0)).is_open
    assert not hours.status(expression, at(2027, 8, 23, 13, 0)).is_open
    assert hours.status(expression, at(2027, 8, 23, 15, 0)).is_open
    # Sunday closed, company holidays closed on a Tuesday
    assert not hours.status(expression, at(2027, 8, 22, 10, 0)).is_open
    assert not hours.status(expression, at(2027, 8, 10, 10, 0)).is_open
    # Whit Monday 2027-05-17: the special holiday hours, not Monday's
    assert hours.status(expression, at(2027, 5, 17, 11, 0)).is_open
    assert not hours.status(expression, at(2027, 5, 17, 15, 0)).is_open
    # Christmas Eve (a Friday) closed by the one-day closure
    assert not hours.status(expression, at(2027, 12, 24, 10, 0)).is_open


@pytest.mark.parametrize(
    "expression",
    [
        "Fr-Sa 20:00-03:00",  # past midnight
        "Apr-Oct Mo-Fr 09:00-18:00",  # seasons
        'Mo-Fr 09:00-12:00; Sa "nach Vereinbarung"',  # comments
        "Mo-Fr 08:00-10:00,11:00-13:00,15:00-18:00",  # three spans
        "PH off; Mo-Fr 09:00-18:00",  # the weekday rule overrides PH here
        "24/7",
    ],
)
def test_expressions_the_rows_cannot_hold_are_left_to_the_expert_field(expression):
    assert WeeklyHours.from_osm(expression) is None
    editor = OpeningHoursWidget().get_context("opening_hours", expression, {})["editor"]
    assert editor["mode"] == "expert"
    assert editor["expert"] == expression


# ---------------------------------------------------------------------------
# German input in the expert field


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Di-So 10:00-18:00", "Tu-Su 10:00-18:00"),
        ("Montag bis Freitag 9-18 Uhr", "Mo-Fr 09:00-18:00"),
        ("Mo-Fr 9-12, 14-18 Uhr, Sa 10-14 Uhr", "Mo-Fr 09:00-12:00,14:00-18:00; Sa 10:00-14:00"),
        ("Mo-Sa 9.30-18 Uhr\nFeiertage geschlossen", "Mo-Sa 09:30-18:00; PH off"),
        ("täglich 8-20; 24.12.2027 geschlossen", "Mo-Su 08:00-20:00; 2027 Dec 24 off"),
        ("Mo-Fr 09:00-18:00", "Mo-Fr 09:00-18:00"),  # valid OSM stays as typed
    ],
)
def test_expert_field_understands_german_days_and_times(typed, stored):
    field = OpeningHoursField()
    assert field.clean({"mode": "expert", "expert": typed}) == stored
    assert from_german(typed) == stored or typed == stored


def test_wrong_expert_entry_gets_a_german_message_naming_the_rule():
    field = OpeningHoursField()
    with pytest.raises(Exception) as error:
        field.clean({"mode": "expert", "expert": "Mo-Fr 09:00-18:00; Sa 10:00-1400"})
    message = error.value.messages[0]
    assert "entsprechen nicht dem OpenStreetMap-Format" in message
    assert "„Sa 10:00-1400“" in message


def test_model_validator_suggests_the_osm_spelling_of_german_input():
    with pytest.raises(Exception) as error:
        hours.validate_opening_hours("Di-So 10:00-18:00")
    assert "Meinten Sie „Tu-Su 10:00-18:00“?" in error.value.messages[0]


# ---------------------------------------------------------------------------
# The rows as posted by the form


def rows_post(**values):
    """A posted editor: every day closed unless given, holidays as on weekdays."""
    data = {"mode": "rows", "ph": "regular"}
    for day in range(7):
        data[f"d{day}-closed"] = "1"
    data.update(values)
    return data


def test_posted_rows_become_osm_syntax():
    data = rows_post(
        **{
            "d0-closed": "",
            "d0-s0-start": "09:00",
            "d0-s0-end": "12:30",
            "d0-s1-start": "14:30",
            "d0-s1-end": "18:00",
            "d5-closed": "",
            "d5-s0-start": "8",
            "d5-s0-end": "14",
            "ph": "closed",
            "c0-first": "2027-08-02",
            "c0-last": "15.08.2027",
            "c0-note": 'Urlaub "Sommer"',
        }
    )
    assert OpeningHoursField().clean(data) == (
        "Mo 09:00-12:30,14:30-18:00; Sa 08:00-14:00; PH off; "
        "2027 Aug 02-2027 Aug 15 off \"Urlaub 'Sommer'\""
    )


def test_a_closed_day_ignores_times_left_in_its_row():
    data = rows_post(**{"d1-s0-start": "09:00", "d1-s0-end": "18:00"})
    assert OpeningHoursField().clean(data) == ""


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (
            {"d1-closed": "", "d1-s0-start": "18:00", "d1-s0-end": "09:00"},
            "Dienstag: Es schließt (09:00), bevor es öffnet (18:00).",
        ),
        (
            {"d2-closed": "", "d2-s0-start": "09:00", "d2-s0-end": ""},
            "Mittwoch: Bitte geben Sie an, wann geöffnet und wann geschlossen wird.",
        ),
        (
            {"d3-closed": "", "d3-s0-start": "25:00", "d3-s0-end": "26:00"},
            "Donnerstag: „25:00“ ist keine Uhrzeit, z. B. 09:30.",
        ),
        (
            {
                "d4-closed": "",
                "d4-s0-start": "09:00",
                "d4-s0-end": "14:00",
                "d4-s1-start": "13:00",
                "d4-s1-end": "18:00",
            },
            "Freitag: Die zweite Zeitspanne muss nach dem Ende der ersten beginnen.",
        ),
        (
            {"ph": "special"},
            "Feiertage: Bitte geben Sie die Sonderöffnungszeiten an",
        ),
        (
            {"c0-first": "2027-08-15", "c0-last": "2027-08-02"},
            "Schließzeit 1: Der letzte Tag (02.08.2027) liegt vor dem ersten (15.08.2027).",
        ),
    ],
)
def test_a_wrong_row_gets_a_german_message_naming_the_day(values, message):
    with pytest.raises(Exception) as error:
        OpeningHoursField().clean(rows_post(**values))
    assert any(text.startswith(message) for text in error.value.messages), error.value.messages


def test_widget_shows_stored_hours_as_rows_and_in_the_expert_field():
    expression = split_week().to_osm()
    html = OpeningHoursWidget().render("opening_hours", expression, {"id": "id_opening_hours"})
    assert 'name="opening_hours-d0-s1-start" value="14:30"' in html
    assert 'name="opening_hours-d6-closed" value="1" data-opening-hours-closed' in html
    assert 'value="2027-08-02"' in html and 'value="Betriebsferien"' in html
    assert 'name="opening_hours-ph" value="special" data-opening-hours-holidays checked' in html
    assert expression.replace('"', "&quot;") in html
    assert "Montag" in html and "Feiertage" in html


# ---------------------------------------------------------------------------
# Public holidays of the town's federal state


def test_ph_means_the_state_holidays_of_the_configured_state(settings):
    expression = "Mo-Sa 09:00-18:00; PH off"
    corpus_christi = at(2027, 5, 27, 11, 0)  # Fronleichnam: Bavaria, not Berlin
    settings.PUBLIC_HOLIDAY_STATE = "BY"
    assert hours.status(expression, corpus_christi).state == "closed"
    week = hours.week(expression, at(2027, 5, 24, 8, 0))
    assert week[3].text == "geschlossen"
    intervals = hours.open_intervals(expression, at(2027, 5, 27, 0, 0), at(2027, 5, 28, 0, 0))
    assert intervals == []
    settings.PUBLIC_HOLIDAY_STATE = "BE"
    assert hours.status(expression, corpus_christi).is_open


def test_widget_lists_the_states_holidays(settings):
    settings.PUBLIC_HOLIDAY_STATE = "BY"
    html = OpeningHoursWidget().render("opening_hours", "", {"id": "id_opening_hours"})
    assert "Feiertage in Bayern" in html
    assert "Fronleichnam" in html


# ---------------------------------------------------------------------------
# In the Wagtail admin


def admin_post(page, **hours_data):
    data = {
        "title": page.title,
        "slug": page.slug,
        "primary_category": page.primary_category_id,
        "short_description": page.short_description,
        "body": rich_text("<p>Frisch gebacken</p>"),
        "street": page.street,
        "postcode": page.postcode,
        "city": page.city,
        "gallery_images": inline_formset([]),
        "social_links": inline_formset([]),
        "comments": inline_formset([]),
    }
    data = nested_form_data(data)
    data.update({f"opening_hours-{key}": value for key, value in hours_data.items()})
    return data


def test_merchant_saves_rows_in_the_admin_and_open_now_follows(client, merchant_page):
    user = UserFactory(username="korn")
    team = services.add_member(merchant_page, user)
    services.set_requires_approval(team, False)
    client.force_login(user)
    edit_url = f"/admin/pages/{merchant_page.pk}/edit/"
    response = client.get(edit_url)
    assert response.status_code == 200
    assert b"data-opening-hours-editor" in response.content
    assert b"js/directory/opening_hours.js" in response.content

    # A wrong row: the form comes back with the message and what was typed.
    wrong = rows_post(**{"d1-closed": "", "d1-s0-start": "18:00", "d1-s0-end": "9"})
    response = client.post(edit_url, admin_post(merchant_page, **wrong))
    assert response.status_code == 200
    assert "Dienstag: Es schließt (09:00), bevor es öffnet (18:00)." in response.content.decode()
    assert 'name="opening_hours-d1-s0-start" value="18:00"' in response.content.decode()

    rows = rows_post(ph="closed")
    for day in range(7):
        rows.update({f"d{day}-closed": "", f"d{day}-s0-start": "00:00", f"d{day}-s0-end": "00:00"})
    data = admin_post(merchant_page, **rows)
    data["action-publish"] = "action-publish"
    response = client.post(edit_url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    merchant_page.refresh_from_db()
    assert merchant_page.opening_hours == "Mo-Su 00:00-24:00; PH off"
    assert OpeningInterval.objects.filter(page=merchant_page).exists()


def test_expert_field_in_the_admin_stores_german_input_as_osm(client, merchant_page, superuser):
    client.force_login(superuser)
    data = admin_post(merchant_page, mode="expert", expert="Di-So 10-18 Uhr")
    data["action-publish"] = "action-publish"
    response = client.post(f"/admin/pages/{merchant_page.pk}/edit/", data)
    assert response.status_code == 302
    assert MerchantPage.objects.get(pk=merchant_page.pk).opening_hours == "Tu-Su 10:00-18:00"


def test_profile_form_declares_the_editor():
    assert isinstance(MerchantPageForm.base_fields["opening_hours"], OpeningHoursField)
