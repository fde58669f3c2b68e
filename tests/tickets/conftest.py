"""Fixtures of the ticket tests: two organisers with owners and door staff, events with tickets."""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from portal.directory import factories as directory_factories
from portal.directory import services as directory_services
from portal.home import factories as home_factories
from portal.home.factories import UserFactory
from portal.tickets.factories import ticket_sale


@pytest.fixture
def shop_defaults(db):
    """The shop's product types, Germany and e-mail types (gone after a transactional flush)."""
    from portal.shop.defaults import create_defaults

    create_defaults()


@pytest.fixture
def directory_index(home_page):
    return directory_factories.DirectoryIndexPageFactory(parent=home_page)


@pytest.fixture
def make_organiser(directory_index, shop_defaults):
    """``make_organiser(title, name)``: a club, its owner ``name``, its door staff."""

    def make(title, name):
        page = directory_factories.MerchantPageFactory(
            parent=directory_index,
            title=title,
            legal_name=f"{title} e. V.",
            legal_address="Marktplatz 1\n12345 Musterstadt",
        )
        owner = UserFactory(username=name, email=f"{name}@example.org")
        staff = UserFactory(username=f"einlass-{name}", email=f"einlass@{name}.example")
        directory_services.add_member(page, owner)
        directory_services.add_staff(page, staff)
        return SimpleNamespace(page=page, owner=owner, staff=staff)

    return make


@pytest.fixture
def organiser(make_organiser):
    return make_organiser("Kulturverein Musterstadt", "kultur")


@pytest.fixture
def other_organiser(make_organiser):
    return make_organiser("Kinoclub Lichtspiel", "kino")


@pytest.fixture
def make_event(event_index):
    def make(title="Sommerkonzert im Park", days=14):
        start = timezone.now().replace(minute=0, second=0, microsecond=0) + datetime.timedelta(
            days=days
        )
        return home_factories.EventPageFactory(
            parent=event_index, title=title, start=start, end=start + datetime.timedelta(hours=3)
        )

    return make


@pytest.fixture
def sale(make_event, organiser):
    """Adults 12 € (quota 50), reduced 8 € (quota 20), children free; 60 places in all."""
    return ticket_sale(
        make_event(),
        organiser.page,
        categories=[("Erwachsene", "12.00", 50), ("ermäßigt", "8.00", 20), ("Kinder", "0", None)],
        capacity=60,
        refund_hours=48,
    )


@pytest.fixture
def other_sale(make_event, other_organiser):
    return ticket_sale(
        make_event("Filmnacht", days=20), other_organiser.page, [("Eintritt", "6.50", 80)]
    )
