"""The demo town sells tickets for two events, one nearly sold out, and prints the door's login."""

import pytest
from django.core.management import call_command

from portal.tickets.models import Ticket, TicketSale

pytestmark = pytest.mark.django_db


def test_demo_has_two_ticketed_events_one_nearly_sold_out_and_reruns_sell_nothing(client, capsys):
    call_command("build_demo_town", allow_production=True)
    tickets = Ticket.objects.count()
    call_command("build_demo_town", allow_production=True)

    assert Ticket.objects.count() == tickets == 23
    tour = TicketSale.objects.get(event__title="Stadtführung: Fachwerk und Geschichte")
    assert TicketSale.objects.count() == 2
    page = client.get(tour.event.url).content.decode()
    assert "nur noch 3 verfügbar" in page
    output = capsys.readouterr().out
    assert "verein" in output and "einlass" in output and "/einlass/" in output
