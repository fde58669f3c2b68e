"""Fixtures of the concerns tests: two offices with their topics and staff, the page."""

import pytest

from portal.concerns import factories
from portal.home.factories import UserFactory

from .helpers import admin_group


@pytest.fixture
def road_office(db):
    return factories.OfficeFactory(name="Tiefbauamt", email="tiefbau@musterstadt.example")


@pytest.fixture
def park_office(db):
    return factories.OfficeFactory(name="Grünflächenamt", email="gruen@musterstadt.example")


@pytest.fixture
def roads(road_office):
    return factories.TopicFactory(name="Straßen und Wege", code="strassen", office=road_office)


@pytest.fixture
def parks(park_office):
    return factories.TopicFactory(name="Grünflächen", code="gruen", office=park_office)


@pytest.fixture
def road_staff(road_office):
    user = UserFactory(username="tiefbau", email="")
    road_office.staff.add(user)
    return user


@pytest.fixture
def park_staff(park_office):
    user = UserFactory(username="gruen", email="")
    park_office.staff.add(user)
    return user


@pytest.fixture
def editor(db):
    user = UserFactory(username="redaktion", email="")
    user.groups.add(admin_group("Editors", "view_all_concerns"))
    return user


@pytest.fixture
def concern_page(home_page):
    return factories.ConcernIndexPageFactory(parent=home_page)


@pytest.fixture
def form_data(roads):
    """A complete, valid submission of the form (without photo and e-mail)."""
    return {
        "kind": "problem",
        "topic": roads.pk,
        "description": "Schlagloch vor dem Haus Nummer 12.",
        "address": "Bahnhofstraße 12",
        "latitude": "50.938100",
        "longitude": "6.958200",
        "email": "",
        "privacy": "on",
        "website": "",
    }
