"""Exactly once under concurrency: real threads against PostgreSQL."""

import pytest

from portal.shop.services.placement import PlacementError
from portal.tickets import checkin
from portal.tickets.factories import ticket_sale
from portal.tickets.models import Ticket
from tests.shop.helpers import run_in_threads

from .helpers import buy, category

pytestmark = pytest.mark.django_db(transaction=True)
THREADS = 20


@pytest.fixture
def last_five(make_event, organiser):
    """A category with a quota of 8, of which 3 are sold: five tickets are left."""
    sale = ticket_sale(make_event(), organiser.page, [("Stehplatz", "15.00", 8)])
    buy(sale, ("Stehplatz", 3))
    return sale


def test_twenty_buyers_of_the_last_five_tickets_exactly_five_get_one(last_five):
    results = run_in_threads(
        *[
            lambda n=n: buy(last_five, ("Stehplatz", 1), email=f"gast{n}@example.org")
            for n in range(THREADS)
        ]
    )

    placed = [r for r in results if not isinstance(r, Exception)]
    refused = [r for r in results if isinstance(r, PlacementError)]
    assert len(placed) == 5, results
    assert len(refused) == THREADS - 5
    assert all("Stehplatz" in str(error) for error in refused)
    standing = category(last_five, "Stehplatz")
    assert standing.taken == 8
    assert Ticket.objects.filter(category=standing).count() == 8


def test_the_total_capacity_holds_across_categories_under_concurrency(make_event, organiser):
    sale = ticket_sale(
        make_event(),
        organiser.page,
        [("Erwachsene", "12.00", None), ("Kinder", "5.00", None)],
        capacity=4,
    )

    results = run_in_threads(
        *[lambda n=n: buy(sale, ("Erwachsene" if n % 2 else "Kinder", 1)) for n in range(THREADS)]
    )

    assert len([r for r in results if not isinstance(r, Exception)]) == 4
    sale.refresh_from_db()
    assert sale.taken == 4 and Ticket.objects.filter(sale=sale).count() == 4


def test_twenty_scans_of_one_ticket_check_it_in_exactly_once(sale, organiser):
    buy(sale, ("Erwachsene", 1))
    ticket = Ticket.objects.get()

    results = run_in_threads(
        *[
            lambda n=n: checkin.check_in(
                sale, ticket.code, user=organiser.staff, entrance=f"Eingang {n % 3}"
            )
            for n in range(THREADS)
        ]
    )

    assert [r.reason for r in results].count("checked_in") == 1, results
    assert [r.reason for r in results].count("already") == THREADS - 1
    ticket.refresh_from_db()
    winner = next(r for r in results if r.ok)
    assert ticket.entrance == winner.ticket.entrance
    assert all(r.ticket.checked_in_at == ticket.checked_in_at for r in results)
