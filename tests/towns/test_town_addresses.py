"""Links that leave the site carry the right town's address, and a town added by
the command works as a portal of its own."""

import io
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.concerns import notifications
from portal.vouchers import links
from portal.vouchers.pdf import voucher_pdf
from portal.vouchers.tasks import send_vouchers
from tests.vouchers.pdftools import pdf_text, qr_codes_on_page

from .conftest import build_town

pytestmark = pytest.mark.django_db


def test_voucher_links_pdf_and_mail_carry_the_voucher_towns_address(towns, mailoutbox):
    altstadt, neustadt = towns

    assert links.voucher_url(neustadt.voucher).startswith("http://neustadt.test/g/")
    assert links.voucher_url(altstadt.voucher).startswith("http://altstadt.test/g/")
    pdf = voucher_pdf([neustadt.voucher])
    text = pdf_text(pdf)
    assert "http://neustadt.test/" in text
    assert "altstadt.test" not in text
    assert qr_codes_on_page(pdf) == [links.voucher_url(neustadt.voucher)]

    send_vouchers.call(neustadt.voucher.batch_id, "kunde@example.org")
    body = mailoutbox[-1].body
    assert "http://neustadt.test/g/" in body
    assert "altstadt.test" not in body


def test_concern_mails_link_to_the_concerns_town(towns, mailoutbox):
    _altstadt, neustadt = towns
    concern = neustadt.concern

    assert notifications.status_link(concern).startswith("http://neustadt.test/anliegen/status/")


def test_the_sitemap_names_the_towns_own_address(client, towns):
    for town in towns:
        sitemap = client.get("/sitemap.xml", HTTP_HOST=town.host).content.decode()
        addresses = set(re.findall(r"<loc>(https?://[^/<]+)", sitemap))
        assert addresses == {f"http://{town.host}"}


def test_a_third_town_added_by_the_command_is_a_working_portal(client, towns):
    out = io.StringIO()
    call_command("add_town", "Dorfheim", hostname="dorfheim.test", port=80, stdout=out)

    assert "Dorfheim ist bereit: http://dorfheim.test/" in out.getvalue()
    for path in (
        "/",
        "/haendler/",
        "/aktuelles/",
        "/veranstaltungen/",
        "/anliegen/",
        "/gutscheine/",
        "/shop/catalogue/",
        "/impressum/",
    ):
        response = client.get(path, HTTP_HOST="dorfheim.test")
        assert response.status_code == 200, path
        assert "Dorfheim" in response.content.decode(), path
    form = client.get("/anliegen/", HTTP_HOST="dorfheim.test").content.decode()
    assert "Allgemeines Anliegen" in form
    assert "Thema Altstadt" not in form
    assert (
        "Laden Altstadt" not in client.get("/haendler/", HTTP_HOST="dorfheim.test").content.decode()
    )


def test_adding_a_town_on_a_taken_address_is_refused_in_german(towns):
    with pytest.raises(Exception, match="gehört schon zu einer Stadt"):
        call_command("add_town", "Doppelt", hostname="neustadt.test", port=80)


def count_queries(client, host, path):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path, HTTP_HOST=host).status_code == 200
    return len(queries)


MAIN_PAGES = ["/", "/haendler/", "/aktuelles/", "/shop/catalogue/", "/gutscheine/coupons/"]


def test_main_pages_cost_the_same_queries_with_ten_towns(client, towns):
    altstadt, _neustadt = towns
    for path in MAIN_PAGES:  # warm: settings rows, site root paths in the cache
        count_queries(client, altstadt.host, path)
    with_two = {path: count_queries(client, altstadt.host, path) for path in MAIN_PAGES}

    for number in range(8):
        build_town(f"Ort{number}", f"ort{number}.test")
    for path in MAIN_PAGES:
        count_queries(client, altstadt.host, path)
    with_ten = {path: count_queries(client, altstadt.host, path) for path in MAIN_PAGES}

    assert with_ten == with_two
