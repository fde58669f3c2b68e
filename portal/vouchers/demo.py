"""The demo town's city voucher: programme, network, vouchers, an employer, settlement.

Called by ``build_demo_town`` through the hook in ``wagtail_hooks`` after the
directory's and the shop's own steps. The voucher is sold in the shop of the
operator's tourist information (its profile carries the operator's legal
identity); the voucher page's buy button opens that product. Everything is
looked up by a natural key (programme name, batch reference, idempotency
key, employer name, profile slug), so a second run creates nothing new; only
the demo logins get fresh passwords.
"""

import datetime
from decimal import Decimal

from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from wagtail.rich_text import RichText

from portal.directory import factories as directory_factories
from portal.directory.models import DirectoryIndexPage, MerchantPage
from portal.directory.services import add_staff
from portal.home.demo import ensure_user, replace_placeholder
from portal.roles.definitions import MERCHANT_STAFF, VOUCHER_OPERATORS
from portal.shop.factories import ProductImage
from portal.shop.images import product_image_file
from portal.vouchers import employer_orders, factories, issuing, redemption, settlement
from portal.vouchers.acceptance import update_directory_flags
from portal.vouchers.links import absolute_url
from portal.vouchers.models import (
    Employer,
    EmployerOrder,
    SettlementPeriod,
    VoucherBatch,
    VoucherInfoPage,
)
from portal.vouchers.models.settlement import first_of_month
from portal.vouchers.selling import buy_url

NETWORK_SIZE = 4
SELLER_SLUG = "tourist-information"
FALLBACK_MERCHANTS = ["Buchhandlung Seitenweise", "Café am Markt", "Modehaus Lindner"]


def build(home, log):
    programme = factories.VoucherProgrammeFactory(
        name="Stadtgutschein Musterstadt",
        voucher_text="Einlösbar in allen teilnehmenden Geschäften, Cafés und Restaurants "
        "der Musterstädter Innenstadt. Keine Barauszahlung.",
    )
    members = _network(home)
    replace_placeholder(home, "gutscheine", _info_page)
    _sell_in_the_shop(home, programme, log)
    now = timezone.now()
    last_month = first_of_month(timezone.localdate()) - datetime.timedelta(days=12)
    last_month_at = timezone.make_aware(datetime.datetime.combine(last_month, datetime.time(11)))

    sold = _batch(programme, "demo:sold", [25, 50], now - datetime.timedelta(days=3))
    expired = _batch(programme, "demo:expired", [10], now - datetime.timedelta(days=4 * 366))
    settled = _batch(
        programme, "demo:last-month", [25, 10, 50], last_month_at - datetime.timedelta(days=30)
    )
    current = _batch(programme, "demo:this-month", [25, 10], now - datetime.timedelta(days=20))
    for number, voucher in enumerate(settled.vouchers.order_by("pk")):
        member = members[number % len(members)]
        redemption.redeem(
            voucher,
            merchant=member.merchant,
            idempotency_key=f"demo:{voucher.pk}",
            at=last_month_at,
        )
    for number, voucher in enumerate(current.vouchers.order_by("pk")):
        redemption.redeem(
            voucher,
            merchant=members[number % len(members)].merchant,
            idempotency_key=f"demo:{voucher.pk}",
            at=max(now - datetime.timedelta(hours=number + 1), current.created_at),
        )
    period = settlement.period_for(last_month)
    if period.status == SettlementPeriod.Status.OPEN:
        settlement.close_period(period)
        settlement.mark_paid(period)
        log(f"Voucher settlement {period.label} closed and paid")
    settlement.period_for(timezone.localdate())

    _employer(home, programme, log)
    till, _password = ensure_user(
        "kasse",
        email="kasse@musterstadt.example",
        first_name="Karla",
        last_name="Kasse",
        groups=[MERCHANT_STAFF],
        purpose=f"Kasse / Mitarbeitende of {members[0].merchant.title}: redeems vouchers, "
        "hands over pickups, nothing else",
        url=absolute_url(reverse("cityvouchers:login")),
    )
    # Staff, not an owner (demo towns built before the roles made it one).
    till.groups.remove(*Group.objects.filter(merchant_team__isnull=False))
    add_staff(members[0].merchant, till)
    ensure_user(
        "gutschein",
        email="gutschein@musterstadt.example",
        first_name="Gustav",
        last_name="Gutschein",
        groups=[VOUCHER_OPERATORS],
        purpose="Gutschein-Betreiber: programme, acceptance network, employer orders, "
        "settlement and SEPA files",
    )
    for voucher in sold.vouchers.order_by("pk"):
        link = absolute_url(voucher.get_absolute_url())
        log(f"  valid demo voucher {voucher.short_code_display}: {link}")
    # Expired vouchers look unknown to the public (their link answers 404 on purpose);
    # a till login typing the short code sees why it is refused.
    log(
        f"  expired demo voucher {expired.vouchers.get().short_code_display}: "
        "type it at the till to see the refusal"
    )
    fixed = update_directory_flags()
    if fixed:
        log(f"Directory flag 'accepts the city voucher' set from the network: {fixed} profiles")


def _network(home):
    """The accepting businesses: the directory's flagged ones, else the first few."""
    pages = MerchantPage.objects.live().exclude(slug=SELLER_SLUG).order_by("path")
    if not pages.exists():
        index = replace_placeholder(
            home,
            "haendler",
            lambda parent: directory_factories.DirectoryIndexPageFactory(parent=parent),
        )
        for title in FALLBACK_MERCHANTS:
            directory_factories.MerchantPageFactory(parent=index, title=title)
    chosen = list(pages.filter(accepts_city_voucher=True)[:NETWORK_SIZE]) or list(
        pages[:NETWORK_SIZE]
    )
    return [
        factories.AcceptingMerchantFactory(merchant=page, account_holder=page.title[:70])
        for page in chosen
    ]


def _sell_in_the_shop(home, programme, log):
    """The operator's tourist information sells the voucher in its shop."""
    index = home.get_children().type(DirectoryIndexPage).first().specific
    seller = MerchantPage.objects.child_of(index).filter(slug=SELLER_SLUG).first()
    if seller is None:
        seller = directory_factories.MerchantPageFactory(
            parent=index,
            title="Tourist-Information Musterstadt",
            slug=SELLER_SLUG,
            primary_category=directory_factories.CategoryFactory(
                slug="stadtinformation", name="Stadtinformation"
            ),
            short_description="Stadtinfo, Tickets und der Stadtgutschein – am Marktplatz.",
            street="Marktplatz 1",
            email="gutschein@musterstadt.example",
            legal_name="Stadtmarketing Musterstadt GmbH",
            legal_address="Marktplatz 1\n12345 Musterstadt",
            legal_representative="Geschäftsführerin Petra Plan",
            register_entry="Amtsgericht Musterstadt, HRB 4711",
            vat_id="DE987654321",
        )
        log("Tourist information created: it sells the city voucher")
    if programme.seller_id != seller.pk:
        programme.seller = seller
        programme.save()  # opens the shop and creates the voucher products (see signals)
    parent = programme.products.get(value__isnull=True).product
    if not parent.images.exists():
        ProductImage.objects.create(
            product=parent,
            original=product_image_file(programme.name, "box"),
            caption=programme.name,
        )
    log(f"City voucher in the shop: {buy_url(programme)}")


def _info_page(home):
    return home.add_child(
        instance=VoucherInfoPage(
            title="Stadtgutschein",
            slug="gutscheine",
            intro="Der Gutschein, der das Geld in der Stadt hält: online kaufen, per E-Mail "
            "verschenken und in allen teilnehmenden Geschäften einlösen.",
            body=[
                (
                    "paragraph",
                    RichText(
                        "<p>Den Stadtgutschein gibt es über 10, 25 oder 50 Euro. Sie erhalten "
                        "ihn nach der Zahlung als PDF mit QR-Code per E-Mail. Im Geschäft wird "
                        "der QR-Code gescannt und der Gutschein in voller Höhe eingelöst; "
                        "Wechselgeld gibt es nicht.</p><p>Der Gutschein gilt bis zum 31. "
                        "Dezember des dritten Jahres nach dem Kauf. Er ist ein "
                        "Inhabergutschein: Name oder Konto sind zum Einlösen nicht nötig.</p>"
                    ),
                )
            ],
        )
    )


def _batch(programme, reference, values, at):
    existing = VoucherBatch.objects.filter(reference=reference).first()
    if existing is not None:
        return existing
    return issuing.issue_vouchers(
        values=[Decimal(value) for value in values],
        reference=reference,
        kind=VoucherBatch.Kind.OFFICE,
        payment_confirmed_at=at,
        programme=programme,
        at=at,
    )


def _employer(home, programme, log):
    employer = Employer.objects.filter(name="Maschinenbau Huber GmbH").first()
    if employer is None:
        employer = factories.EmployerFactory(
            name="Maschinenbau Huber GmbH",
            street="Werkstraße 3",
            contact_email="personal@huber.example",
        )
    user, _password = ensure_user(
        "huber",
        email="personal@huber.example",
        first_name="Hanna",
        last_name="Huber",
        purpose="Employer (a customer, no admin; log in with personal@huber.example): "
        "orders vouchers for its staff",
        url=absolute_url(reverse("cityvouchers:employer_orders")),
    )
    employer.users.add(user)
    order = EmployerOrder.objects.filter(employer=employer).first()
    if order is None:
        order = employer_orders.place_order(
            employer=employer,
            programme=programme,
            employees=8,
            value_per_employee=Decimal("50"),
            months=12,
            user=user,
        )
        log(f"Employer order created: {order.number}")
    if order.paid_at is None:
        order.paid_at = timezone.now()
        order.save(update_fields=["paid_at"])
    employer_orders.issue_due_vouchers()
