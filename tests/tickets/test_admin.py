"""The organisers' and editors' ticket pages in the admin, and that organisers stay apart."""

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from portal.home.factories import UserFactory
from portal.roles.definitions import EDITORS, MERCHANT_STAFF, MERCHANTS
from portal.roles.services import role_group
from portal.tickets.models import Ticket, TicketSale
from tests.vouchers.pdftools import pdf_text

from .helpers import buy, category

pytestmark = pytest.mark.django_db
StockRecord = get_model("partner", "StockRecord")


@pytest.fixture(autouse=True)
def roles(organiser, other_organiser):
    for person in (organiser, other_organiser):
        person.owner.groups.add(role_group(MERCHANTS))
        person.staff.groups.add(role_group(MERCHANT_STAFF))


@pytest.fixture
def editor(db):
    user = UserFactory(username="redaktion")
    user.groups.add(role_group(EDITORS))
    return user


def edit_payload(sale, **changes):
    data = {
        "capacity": sale.capacity or "",
        "names_on_tickets": "",
        "refund_hours": sale.refund_hours or "",
        "few_left": sale.few_left,
        "categories-TOTAL_FORMS": sale.categories.count() + 1,
        "categories-INITIAL_FORMS": sale.categories.count(),
        "categories-MIN_NUM_FORMS": 0,
        "categories-MAX_NUM_FORMS": 1000,
    }
    for index, cat in enumerate(sale.categories.all()):
        data.update(
            {
                f"categories-{index}-id": cat.pk,
                f"categories-{index}-sale": sale.pk,
                f"categories-{index}-name": cat.name,
                f"categories-{index}-price": cat.price,
                f"categories-{index}-vat_rate": cat.vat_rate,
                f"categories-{index}-quota": cat.quota or "",
                f"categories-{index}-sale_starts": "",
                f"categories-{index}-sale_ends": "",
                f"categories-{index}-position": cat.position,
            }
        )
    new = sale.categories.count()
    data.update({f"categories-{new}-{key}": "" for key in ("name", "price", "quota", "position")})
    data[f"categories-{new}-vat_rate"] = "7"
    data.update(changes)
    return data


def test_the_organiser_changes_a_price_and_adds_a_category_and_the_shop_follows(
    client, sale, organiser
):
    client.force_login(organiser.owner)
    data = edit_payload(
        sale,
        **{
            "categories-0-price": "14.00",
            "categories-3-name": "Familie",
            "categories-3-price": "30.00",
            "categories-3-quota": "10",
            "categories-3-position": "4",
        },
    )

    response = client.post(reverse("tickets_admin:edit", args=[sale.pk]), data)

    assert response.status_code == 302, response.content.decode()[:3000]
    adults = category(sale, "Erwachsene")
    assert StockRecord.objects.get(product=adults.product).price == 14
    family = category(sale, "Familie")
    assert family.product.title == "Sommerkonzert im Park: Familie"


def test_a_quota_below_what_is_sold_is_refused_in_german(client, sale, organiser):
    buy(sale, ("ermäßigt", 5))
    client.force_login(organiser.owner)

    response = client.post(
        reverse("tickets_admin:edit", args=[sale.pk]),
        edit_payload(sale, **{"categories-1-quota": "3"}),
    )

    assert response.status_code == 200
    assert "5 Tickets dieser Kategorie sind schon verkauft oder reserviert." in (
        response.content.decode()
    )
    assert category(sale, "ermäßigt").quota == 20


def test_figures_show_sales_per_category_and_attendees_with_csv_and_pdf(client, sale, organiser):
    buy(sale, ("Erwachsene", 2), email="erika@example.org")
    buy(sale, ("ermäßigt", 1), email="max@example.org")
    client.force_login(organiser.owner)

    page = client.get(reverse("tickets_admin:figures", args=[sale.pk])).content.decode()
    csv = client.get(reverse("tickets_admin:attendees", args=[sale.pk, "csv"]))
    pdf = client.get(reverse("tickets_admin:attendees", args=[sale.pk, "pdf"]))

    assert "Verkauf je Kategorie" in page and "Einlass: 0 von 3 Tickets." in page
    text = csv.content.decode("utf-8-sig")
    assert "erika@example.org" in text and "max@example.org" in text
    assert text.count("Erwachsene") == 2
    assert "Teilnehmerliste: Sommerkonzert im Park" in pdf_text(pdf.content)
    assert "3 Tickets" in pdf_text(pdf.content)


def test_an_organiser_never_reaches_another_organisers_sale(
    client, sale, other_sale, organiser, other_organiser
):
    buy(sale, ("Erwachsene", 1))
    ticket = Ticket.objects.get()
    client.force_login(other_organiser.owner)

    index = client.get(reverse("tickets_admin:index")).content.decode()
    assert "Filmnacht" in index and "Sommerkonzert" not in index
    for url in (
        reverse("tickets_admin:edit", args=[sale.pk]),
        reverse("tickets_admin:figures", args=[sale.pk]),
        reverse("tickets_admin:attendees", args=[sale.pk, "csv"]),
        reverse("tickets_admin:attendees", args=[sale.pk, "pdf"]),
    ):
        assert client.get(url).status_code == 404, url
    posts = (
        reverse("tickets_admin:edit", args=[sale.pk]),
        reverse("tickets_admin:cancel_ticket", args=[sale.pk, ticket.pk]),
        reverse("tickets_admin:cancel_event", args=[sale.pk]),
        # Its own sale's URL with a ticket of the other sale.
        reverse("tickets_admin:cancel_ticket", args=[other_sale.pk, ticket.pk]),
    )
    for url in posts:
        response = client.post(url, {"reason": "x", "confirm": "on", **edit_payload(sale)})
        assert response.status_code == 404, url
    ticket.refresh_from_db()
    sale.refresh_from_db()
    assert ticket.is_valid and not sale.is_cancelled


def test_door_staff_have_no_ticket_admin(client, sale, organiser):
    client.force_login(organiser.staff)

    assert client.get(reverse("tickets_admin:index")).status_code == 404
    assert client.get(reverse("tickets_admin:figures", args=[sale.pk])).status_code == 404


def test_editors_set_up_a_sale_and_manage_it_but_see_no_buyers(
    client, editor, organiser, make_event
):
    event = make_event("Stadtfest")
    client.force_login(editor)

    response = client.post(
        reverse("tickets_admin:set_up"), {"event": event.pk, "organiser": organiser.page.pk}
    )

    sale = TicketSale.objects.get(event=event)
    assert response.status_code == 302 and sale.organiser == organiser.page
    assert client.get(reverse("tickets_admin:edit", args=[sale.pk])).status_code == 200
    assert client.get(reverse("tickets_admin:figures", args=[sale.pk])).status_code == 404


def test_organisers_cannot_set_up_sales(client, organiser, make_event):
    event = make_event("Stadtfest")
    client.force_login(organiser.owner)

    response = client.post(
        reverse("tickets_admin:set_up"), {"event": event.pk, "organiser": organiser.page.pk}
    )

    assert response.status_code == 404
    assert not TicketSale.objects.exists()


def test_cancelling_the_event_in_the_admin_needs_a_reason_and_confirmation(client, sale, organiser):
    client.force_login(organiser.owner)
    url = reverse("tickets_admin:cancel_event", args=[sale.pk])

    refused = client.post(url, {"reason": ""})
    done = client.post(url, {"reason": "Unwetter", "confirm": "on"})

    assert refused.status_code == 200
    assert "Bitte einen Grund angeben" in refused.content.decode()
    assert done.status_code == 302
    sale.refresh_from_db()
    assert sale.is_cancelled and sale.cancel_reason == "Unwetter"
