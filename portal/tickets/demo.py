"""The demo town's tickets: two events sold by the Heimatverein, one of them nearly sold out.

Called by ``build_demo_town`` (hook in ``wagtail_hooks``) after the directory,
shop and voucher steps. The city tour has 20 places of which 17 are sold
(through the shop's real checkout, paid with the development payment
method or, without it, by a transfer marked received), so its page says
"nur noch 3 verfügbar"; the autumn fair has three categories and plenty of
places. A sale already there is left alone, so a second run sells nothing
new; only the demo logins get fresh passwords.
"""

import uuid
from unittest import mock

from django.conf import settings
from django.contrib.auth.models import Group
from django.test.utils import override_settings
from django.urls import reverse
from oscar.core.loading import get_class, get_model

from portal.directory.models import MerchantPage
from portal.directory.services import add_member, add_staff
from portal.home.demo import ensure_user
from portal.home.models import EventPage
from portal.roles.definitions import MERCHANT_STAFF, MERCHANTS
from portal.shop.models import MerchantShop
from portal.shop.services import orders as order_service
from portal.shop.services import placement
from portal.tickets import selling
from portal.tickets.factories import ticket_sale
from portal.tickets.models import TicketSale

Basket = get_model("basket", "Basket")
Selector = get_class("partner.strategy", "Selector")

ORGANISER = "Heimatverein Musterstadt"
SALES = [
    ("Stadtführung: Fachwerk und Geschichte", [("Erwachsene", "12.00", None)], 20, 17),
    (
        "Herbstfest im Schlosspark",
        [("Erwachsene", "8.00", 300), ("ermäßigt", "5.00", 100), ("Kinder", "0", None)],
        400,
        6,
    ),
]
BUYERS = ["erika", "max", "fatma", "jonas", "lea", "mehmet"]


def build(home, log):
    organiser = MerchantPage.objects.filter(title=ORGANISER).first()
    if organiser is None:
        log("Tickets: no demo organiser, skipped")
        return
    for title, categories, capacity, sold in SALES:
        event = EventPage.objects.filter(title=title).first()
        if event is None or TicketSale.objects.filter(event=event).exists():
            continue
        sale = ticket_sale(event, organiser, categories, capacity=capacity, refund_hours=48)
        # The demo buyers' confirmations and tickets are not printed to the console
        # (the tickets' mail would go out when the command's transaction commits).
        with (
            override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"),
            mock.patch.object(selling, "queue_delivery", lambda order: None),
        ):
            _sell(sale, sold)
        log(f"Tickets: {title} ({sold} of {capacity} sold)")
    _logins(organiser)


def _sell(sale, count):
    """Sell ``count`` tickets of the first category, up to three per order."""
    product = sale.categories.first().product
    shop = MerchantShop.objects.get(page=sale.organiser)
    number = 0
    while count > 0:
        quantity = min(3, count)
        basket = Basket.objects.create()
        basket.strategy = Selector().strategy()
        basket.add_product(product, quantity)
        basket = Basket.objects.get(pk=basket.pk)
        basket.strategy = Selector().strategy()
        method = "test-provider" if settings.SHOP_TEST_PAYMENTS else "bank-transfer"
        buyer = BUYERS[number % len(BUYERS)]
        checkout = placement.place(
            basket,
            token=uuid.uuid4().hex,
            user=None,
            email=f"{buyer}@musterstadt.example",
            choices={str(shop.pk): MerchantShop.EMAIL},
            address_fields={},
            method_code=method,
        )
        if method == "bank-transfer":
            order_service.mark_checkout_paid(checkout)
        count -= quantity
        number += 1


def _logins(organiser):
    owner, _password = ensure_user(
        "verein",
        email="verein@musterstadt.example",
        first_name="Volker",
        last_name="Verein",
        groups=[MERCHANTS],
        purpose=f"Veranstalter: owns {ORGANISER} (ticket categories, sales, attendee lists, "
        "cancelling and refunds under Tickets)",
        url=settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("tickets_admin:index"),
    )
    add_member(organiser, owner)
    door, _password = ensure_user(
        "einlass",
        email="einlass@musterstadt.example",
        first_name="Emil",
        last_name="Einlass",
        groups=[MERCHANT_STAFF],
        purpose=f"Einlass of {ORGANISER}: checks tickets in at the door, nothing else",
        url=settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("tickets:checkin_index"),
    )
    # Staff, not an owner.
    door.groups.remove(*Group.objects.filter(merchant_team__isnull=False))
    add_staff(organiser, door)
