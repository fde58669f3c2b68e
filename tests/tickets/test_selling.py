"""Selling tickets through the shop: products, places, issuing after payment, PDF, e-mail."""

import json
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from portal.shop.models import Checkout, MerchantShop
from portal.shop.services import orders as order_service
from portal.shop.services.placement import PlacementError
from portal.tickets.models import Ticket
from tests.vouchers.pdftools import pdf_text, qr_codes_on_page

from .helpers import buy, category

pytestmark = pytest.mark.django_db
StockRecord = get_model("partner", "StockRecord")


def ticket_pdfs(mail):
    return [data for name, data, _type in mail.attachments if name.startswith("tickets-")]


def test_each_category_is_a_product_of_the_organisers_email_shop(sale, organiser):
    adults = category(sale, "Erwachsene")
    record = StockRecord.objects.get(product=adults.product)
    assert adults.product.partner == organiser.page.shop.partner
    assert adults.product.title == "Sommerkonzert im Park: Erwachsene"
    assert adults.product.vat_rate == "7"
    assert record.price == Decimal("12.00")
    assert organiser.page.shop.offers_email
    assert not adults.product.get_product_class().requires_shipping


def test_paid_tickets_are_issued_one_per_unit_and_mailed_as_pdf_with_a_decodable_qr_code(
    sale, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        checkout = buy(sale, ("Erwachsene", 2), ("ermäßigt", 1))

    order = checkout.orders().get()
    tickets = list(Ticket.objects.filter(order_line__order=order).order_by("pk"))
    assert [t.category.name for t in tickets] == ["Erwachsene", "Erwachsene", "ermäßigt"]
    assert [t.price for t in tickets] == [Decimal("12.00"), Decimal("12.00"), Decimal("8.00")]
    assert len({t.code for t in tickets}) == 3
    mails = [mail for mail in mailoutbox if ticket_pdfs(mail)]
    assert len(mails) == 1 and mails[0].to == ["erika@example.org"]
    pdf = ticket_pdfs(mails[0])[0]
    text = pdf_text(pdf)
    assert "Sommerkonzert im Park" in text and "Erwachsene" in text and "ermäßigt" in text
    assert "Kein Widerrufsrecht" in text
    for index, ticket in enumerate(tickets):
        assert qr_codes_on_page(pdf, index) == [ticket.code]


def test_the_places_are_held_when_ordering_and_tickets_exist_only_once_paid(
    sale, django_capture_on_commit_callbacks
):
    checkout = buy(sale, ("Erwachsene", 3), method="bank-transfer")
    order = checkout.orders().get()
    adults = category(sale, "Erwachsene")
    sale.refresh_from_db()
    assert (adults.taken, sale.taken) == (3, 3)
    assert not Ticket.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        order_service.mark_paid(order)
        order_service.mark_paid  # noqa: B018
    assert Ticket.objects.filter(order_line__order=order).count() == 3
    checkout.refresh_from_db()
    assert checkout.payment_status == Checkout.PAYMENT_SETTLED


def test_a_second_payment_confirmation_issues_nothing_more(sale):
    checkout = buy(sale, ("Erwachsene", 2))
    order = checkout.orders().get()

    from portal.tickets import selling

    assert selling.issue_for_order(order) == []
    assert Ticket.objects.count() == 2


def test_a_quota_is_never_exceeded_and_nothing_is_ordered_then(sale):
    buy(sale, ("ermäßigt", 18))

    with pytest.raises(PlacementError, match="ermäßigt"):
        buy(sale, ("ermäßigt", 3))

    assert category(sale, "ermäßigt").taken == 18
    assert Ticket.objects.count() == 18
    assert Checkout.objects.filter(status=Checkout.FAILED).count() == 1


def test_the_total_capacity_limits_all_categories_together(sale):
    buy(sale, ("Erwachsene", 45), ("ermäßigt", 10))

    with pytest.raises(PlacementError):
        buy(sale, ("Kinder", 6))
    buy(sale, ("Kinder", 5))

    sale.refresh_from_db()
    assert sale.taken == 60


def test_an_unpaid_order_cancelled_gives_its_places_back(sale):
    checkout = buy(sale, ("Erwachsene", 4), method="bank-transfer")

    order_service.cancel(checkout.orders().get())

    sale.refresh_from_db()
    assert (category(sale, "Erwachsene").taken, sale.taken) == (0, 0)


def test_event_page_shows_prices_what_is_left_and_sold_out(client, sale):
    buy(sale, ("ermäßigt", 20))
    buy(sale, ("Erwachsene", 32))

    html = client.get(sale.event.url).content.decode()

    section = html[html.index('id="tickets"') :]
    assert "12,00" in section and "8,00" in section
    assert re.search(r"ermäßigt.*?ausverkauft", section, re.S)
    assert "nur noch 8 verfügbar" in section  # 60 places, 52 taken
    assert "besteht kein Widerrufsrecht" in section


def test_event_page_puts_the_chosen_tickets_into_the_basket(client, sale):
    url = reverse("tickets:buy", args=[sale.pk])
    adults = category(sale, "Erwachsene")

    response = client.post(url, {f"category_{adults.pk}": "2"})

    assert response.status_code == 302
    basket = client.get(reverse("basket:summary")).content.decode()
    assert "Sommerkonzert im Park: Erwachsene" in basket


def test_asking_for_more_tickets_than_are_left_is_refused_in_german(client, sale):
    buy(sale, ("ermäßigt", 19))
    reduced = category(sale, "ermäßigt")

    response = client.post(reverse("tickets:buy", args=[sale.pk]), {f"category_{reduced.pk}": "2"})

    assert response.status_code == 400
    assert "Höchstens 1 Tickets dieser Kategorie." in response.content.decode()
    assert client.get(reverse("basket:summary")).context["basket"].is_empty


def test_structured_data_of_the_event_carries_offers_with_price_and_availability(client, sale):
    buy(sale, ("ermäßigt", 20))

    html = client.get(sale.event.url).content.decode()

    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html).group(1)
    )
    assert data["@type"] == "Event"
    offers = {offer["name"]: offer for offer in data["offers"]}
    assert offers["Erwachsene"]["price"] == "12.00"
    assert offers["Erwachsene"]["priceCurrency"] == "EUR"
    assert offers["Erwachsene"]["availability"] == "https://schema.org/InStock"
    assert offers["ermäßigt"]["availability"] == "https://schema.org/SoldOut"


def test_the_events_ics_file_stays_a_calendar(client, sale):
    response = client.get(sale.event.url + "ics/")

    assert response.status_code == 200
    assert "BEGIN:VEVENT" in response.content.decode()
    assert "SUMMARY:Sommerkonzert im Park" in response.content.decode()


def test_the_order_page_offers_the_tickets_as_pdf_and_resends_them(
    client, sale, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        checkout = buy(sale, ("Erwachsene", 2))
    order = checkout.orders().get()
    page = client.get(checkout.get_absolute_url()).content.decode()
    assert "Ihre Tickets" in page

    kwargs = {"number": checkout.number, "key": checkout.access_key, "order_number": order.number}
    pdf = client.get(reverse("tickets:order_pdf", kwargs=kwargs))
    assert pdf["Content-Type"] == "application/pdf"
    codes = {ticket.code for ticket in Ticket.objects.all()}
    assert {qr_codes_on_page(pdf.content, 0)[0], qr_codes_on_page(pdf.content, 1)[0]} == codes

    before = len(mailoutbox)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("tickets:order_resend", kwargs=kwargs))
    assert len(mailoutbox) == before + 1 and ticket_pdfs(mailoutbox[-1])

    wrong = {**kwargs, "key": "x" * len(checkout.access_key)}
    assert client.get(reverse("tickets:order_pdf", kwargs=wrong)).status_code == 404


def test_shop_email_fulfilment_is_used_for_tickets(sale):
    checkout = buy(sale, ("Erwachsene", 1))
    assert checkout.orders().get().merchant_order.method == MerchantShop.EMAIL


def test_the_buyer_names_each_ticket_and_the_pdf_and_the_door_show_the_names(
    client, sale, organiser
):
    sale.names_on_tickets = True
    sale.save()
    checkout = buy(sale, ("Erwachsene", 2))
    order = checkout.orders().get()
    first, second = Ticket.objects.order_by("pk")
    kwargs = {"number": checkout.number, "key": checkout.access_key, "order_number": order.number}
    assert "Namen auf den Tickets" in client.get(checkout.get_absolute_url()).content.decode()

    client.post(
        reverse("tickets:order_names", kwargs=kwargs),
        {f"name_{first.pk}": "  Erika   Muster ", f"name_{second.pk}": "Max Muster"},
    )

    first.refresh_from_db()
    assert first.holder_name == "Erika Muster"
    pdf = client.get(reverse("tickets:order_pdf", kwargs=kwargs)).content
    assert "Name: Erika Muster" in pdf_text(pdf) and "Name: Max Muster" in pdf_text(pdf)
    from portal.tickets import checkin

    result = checkin.check_in(sale, second.code)
    assert result.ok and result.ticket.holder_name == "Max Muster"
    # Checked in: that name can no longer be changed.
    client.post(reverse("tickets:order_names", kwargs=kwargs), {f"name_{second.pk}": "Jemand"})
    second.refresh_from_db()
    assert second.holder_name == "Max Muster"


def test_names_cannot_be_set_where_the_organiser_does_not_ask_for_them(client, sale):
    checkout = buy(sale, ("Erwachsene", 1))
    order = checkout.orders().get()
    ticket = Ticket.objects.get()
    kwargs = {"number": checkout.number, "key": checkout.access_key, "order_number": order.number}

    client.post(reverse("tickets:order_names", kwargs=kwargs), {f"name_{ticket.pk}": "Erika"})

    ticket.refresh_from_db()
    assert ticket.holder_name == ""


def test_time_slots_of_a_repeated_event_have_their_own_quota_and_time(
    client, make_event, organiser
):
    import datetime

    from portal.tickets.factories import ticket_sale
    from portal.tickets.models import TicketCategory

    event = make_event("Nachtwächterführung")
    sale = ticket_sale(event, organiser.page, [("Führung 18 Uhr", "9.00", 2)])
    late = event.start + datetime.timedelta(hours=2)
    TicketCategory.objects.create(sale=sale, name="Führung 20 Uhr", price=9, quota=15, slot=late)
    from portal.tickets import selling

    selling.sync_products(sale)
    buy(sale, ("Führung 18 Uhr", 2))
    checkout = buy(sale, ("Führung 20 Uhr", 1))

    page = client.get(event.url).content.decode()
    assert re.search(r"Führung 18 Uhr.*?ausverkauft", page, re.S)
    ticket = Ticket.objects.get(order_line__order__in=checkout.orders())
    kwargs = {
        "number": checkout.number,
        "key": checkout.access_key,
        "order_number": checkout.orders().get().number,
    }
    pdf = client.get(reverse("tickets:order_pdf", kwargs=kwargs)).content
    assert f"{late.astimezone():%d.%m.%Y}, {late.astimezone():%H:%M} Uhr" in pdf_text(pdf)
    assert ticket.starts == late


def test_tickets_can_be_paid_with_the_city_voucher(sale, organiser):
    from portal.vouchers import factories as voucher_factories
    from portal.vouchers.models import Voucher
    from tests.vouchers.helpers import voucher_of

    programme = voucher_factories.VoucherProgrammeFactory()
    voucher_factories.AcceptingMerchantFactory(merchant=organiser.page)
    voucher = voucher_of(programme, "24")

    checkout = buy(sale, ("Erwachsene", 2), method="city-voucher", details={"code": voucher.code})

    assert checkout.payment_status == Checkout.PAYMENT_SETTLED
    assert Ticket.objects.filter(order_line__order__in=checkout.orders()).count() == 2
    voucher.refresh_from_db()
    assert voucher.status == Voucher.Status.REDEEMED


def test_the_event_page_with_tickets_keeps_its_query_budget(client, sale, make_event, organiser):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from portal.tickets.factories import ticket_sale

    many = ticket_sale(
        make_event("Großes Fest"),
        organiser.page,
        [(f"Kategorie {n}", "5.00", 10) for n in range(8)],
    )
    buy(sale, ("Erwachsene", 5), ("ermäßigt", 2))
    client.get(sale.event.url)  # warm the site and settings caches

    with CaptureQueriesContext(connection) as three:
        client.get(sale.event.url)
    with CaptureQueriesContext(connection) as eight:
        client.get(many.event.url)

    # Two of them are the tickets' (sale and categories, once per request); the rest is layout.
    assert len(three) <= 20
    assert len(eight) == len(three)
