"""Each section downloads as a German CSV that a spreadsheet cannot run as a formula."""

from decimal import Decimal

import pytest
from django.urls import reverse
from wagtail.models import Site

from portal.figures import sections
from portal.vouchers import factories as voucher_factories
from tests.figures.conftest import scope_of


def download(client, key, **query):
    response = client.get(reverse("figures:csv", args=[key]), query)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return response


@pytest.mark.parametrize("section", sections.BUILT_IN, ids=lambda section: section.key)
def test_every_section_downloads_with_german_headers(client, towns, superuser, section):
    client.force_login(superuser)

    response = download(client, section.key)

    assert response.content.startswith("\ufeff".encode())
    assert f"kennzahlen-{section.key}-" in response["Content-Disposition"]
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == str(section.title)
    assert lines[1].startswith("Zeitraum;")
    assert lines[2] == "Städte;Altstadt, Neustadt"
    figure = section.compute(scope_of(months=12))
    for table in figure.all_tables():
        assert ";".join(table.header()) in lines


def test_voucher_csv_holds_the_amounts_with_a_decimal_comma(client, towns, superuser):
    altstadt, _neustadt = towns
    voucher_factories.VoucherFactory(
        batch__programme=altstadt.voucher.programme, value=Decimal("1234.50")
    )
    client.force_login(superuser)

    lines = download(client, "stadtgutschein", stadt=altstadt.site.pk).content.decode("utf-8-sig")

    rows = lines.splitlines()
    assert (
        "Programm;Stadt;Verkaufte Gutscheine;Verkauft (EUR);Einlösungen;Eingelöst (EUR);"
        "Gültige Gutscheine heute;Offenes Guthaben heute (EUR)"
    ) in rows
    assert "Stadtgutschein Altstadt;Altstadt;2;1259,50;0;0,00;2;1259,50" in rows
    assert "Neustadt" not in lines


def test_a_town_name_that_looks_like_a_formula_is_neutralised(client, towns, superuser):
    altstadt, _neustadt = towns
    Site.objects.filter(pk=altstadt.site.pk).update(site_name='=HYPERLINK("http://evil.test")')
    client.force_login(superuser)

    text = download(client, "haendler").content.decode("utf-8-sig")

    assert "'=HYPERLINK" in text
    assert "\n=HYPERLINK" not in text and ";=HYPERLINK" not in text
