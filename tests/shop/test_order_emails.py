"""Order e-mails: HTML and text in the portal's look, worded per fulfilment, invoices attached."""

import pytest
from django.urls import reverse

from portal.shop.models import MerchantShop
from portal.shop.services import invoices
from tests.vouchers.pdftools import pdf_text

from .helpers import basket_with, place

pytestmark = pytest.mark.django_db
PICKUP, DELIVERY, SHIPPING = MerchantShop.PICKUP, MerchantShop.DELIVERY, MerchantShop.SHIPPING


def html_of(message):
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


def confirmation(mailoutbox, email="erika@example.org"):
    return next(message for message in mailoutbox if message.to == [email])


@pytest.fixture
def grocer_with_times(grocer):
    grocer.delivery_window = "Di und Fr 14–18 Uhr"
    grocer.save()
    page = grocer.page
    page.vat_id, page.legal_representative = "DE123456789", "Gerda Grün"
    page.save()
    return grocer


def test_the_confirmation_comes_as_html_and_text_with_each_fulfilments_own_wording(
    bread, honey, novel, bakery, grocer_with_times, bookshop, mailoutbox
):
    checkout = place(
        basket_with((bread, 1), (honey, 1), (novel, 1)),
        {bakery: PICKUP, grocer_with_times: DELIVERY, bookshop: SHIPPING},
    )

    message = confirmation(mailoutbox)
    html = html_of(message)
    bakery_order = checkout.orders().get(merchant_order__shop=bakery)
    for body in (message.body, html):
        assert bakery_order.merchant_order.pickup_code in body
        assert "Mo–Sa 7–13 Uhr" in body  # the bakery's pickup hours
        assert "Di und Fr 14–18 Uhr" in body  # the grocer's delivery times
        assert "Als Paket an" in body  # the bookshop ships
        assert "Zeigen Sie bei der Abholung den Abholcode" in body
    assert html.lstrip().startswith("<!doctype html>")
    assert "background:#00507a" in html  # the portal's colours
    assert checkout.get_absolute_url() in html


def test_each_merchant_order_has_its_invoice_attached_with_legal_identity_and_vat(
    bread, honey, wine, bakery, grocer_with_times, mailoutbox
):
    checkout = place(
        basket_with((bread, 1), (honey, 1), (wine, 1)),
        {bakery: PICKUP, grocer_with_times: DELIVERY},
    )

    attachments = {name: data for name, data, _mimetype in confirmation(mailoutbox).attachments}
    grocer_order = checkout.orders().get(merchant_order__shop=grocer_with_times)
    assert sorted(attachments) == sorted(
        f"rechnung-{order.number}.pdf" for order in checkout.orders()
    )
    text = pdf_text(attachments[f"rechnung-{grocer_order.number}.pdf"])
    assert "Hofladen Grünkorb GmbH" in text
    assert "Vertreten durch Gerda Grün" in text
    assert "USt-IdNr. DE123456789" in text
    assert f"Rechnung {grocer_order.number}" in text
    # honey 6.50 € at 7 %, wine 8.90 € and delivery 3.50 € at 19 % (the fee split by the goods)
    for row in ("7 %", "19 %", "Blütenhonig", "Riesling trocken", "18,90 €"):
        assert row in text
    assert "Bäckerei" not in text  # one merchant's invoice, not another's


def test_a_voucher_order_sent_by_email_mentions_no_pickup_code(voucher_order_mail, mailoutbox):
    message = voucher_order_mail
    for body in (message.body, html_of(message)):
        assert "Abholcode" not in body
        assert "Abholung" not in body
        assert "per E-Mail" in body


@pytest.fixture
def voucher_order_mail(voucher_shop_products, mailoutbox):
    shop, product = voucher_shop_products
    place(basket_with((product, 1)), {shop: MerchantShop.EMAIL}, method="bank-transfer")
    return confirmation(mailoutbox)


@pytest.fixture
def voucher_shop_products(directory_index):
    from portal.shop.factories import product_for, shop_for

    from .helpers import merchant_page

    page = merchant_page(directory_index, "Tourist-Information", email="info@example.org")
    shop = shop_for(page, offers_pickup=False, offers_email=True)
    gift = product_for(shop, title="Geschenkkarte 25 €", price="25.00", vat_rate="0")
    from portal.shop import product_types
    from portal.shop.factories import product_class

    gift.product_class = product_class(product_types.GIFT)
    gift.save()
    return shop, gift


def test_the_resident_downloads_an_invoice_from_the_status_page_and_a_merchant_its_own_only(
    client, bread, novel, bakery, bookshop, baker
):
    checkout = place(basket_with((bread, 1), (novel, 1)), {bakery: PICKUP, bookshop: PICKUP})
    bakery_order = checkout.orders().get(merchant_order__shop=bakery)
    book_order = checkout.orders().get(merchant_order__shop=bookshop)
    url = reverse(
        "shop:checkout-invoice",
        kwargs={
            "number": checkout.number,
            "key": checkout.access_key,
            "order_number": book_order.number,
        },
    )
    wrong_key = url.replace(checkout.access_key, "x" * len(checkout.access_key))

    resident = client.get(url)
    assert resident["Content-Type"] == "application/pdf"
    assert "Buchhandlung Seitenweise GmbH" in pdf_text(resident.content)
    assert client.get(wrong_key).status_code == 404

    client.force_login(baker)
    assert client.get(reverse("shop_orders:invoice", args=[bakery_order.pk])).status_code == 200
    assert client.get(reverse("shop_orders:invoice", args=[book_order.pk])).status_code == 404


def test_invoice_vat_rows_add_up_to_the_order_total(bread, mug, bakery, bookshop):
    checkout = place(basket_with((mug, 1)), {bookshop: SHIPPING})
    order = checkout.orders().get()

    text = pdf_text(invoices.invoice_pdf(order))

    assert "17,85 €" in text  # 12.90 € + 4.95 € shipping, all at 19 %
    assert "2,85 €" in text  # the VAT in it
