"""Another app adds a section through ``register_figures``; the page draws it accessibly."""

from decimal import Decimal

from django.urls import reverse
from wagtail import hooks

from portal.figures import charts
from portal.figures.registry import MONEY, TEXT, Chart, Column, Figure, Section, Series, Table


def harvested(scope):
    """What the federation app might add: entries per source, per month."""
    return Figure(
        charts=[
            Chart(
                title="Geerntete Einträge",
                description="Einträge je Quelle und Monat.",
                labels=list(scope.months),
                label_title="Monat",
                series=[Series("Quelle <A>", [1234] * len(scope.months))],
            )
        ],
        tables=[Table("Quellen", [Column("Quelle", TEXT), Column("Einträge")], [["A", 1234]])],
    )


def test_a_section_registered_by_another_app_is_shown_and_exported(client, towns, superuser):
    section = Section("ernte", "Geerntete Einträge", harvested, order=800)
    client.force_login(superuser)

    with hooks.register_temporarily("register_figures", lambda: section):
        page = client.get(reverse("figures:index")).content.decode()
        csv = client.get(reverse("figures:csv", args=["ernte"])).content.decode("utf-8-sig")

    assert '<section id="ernte"' in page
    assert "Quelle &lt;A&gt;" in page and "Quelle <A>" not in page
    assert '<td class="figures-number">1.234</td>' in page
    assert "Quelle;Einträge\r\nA;1234" in csv
    assert client.get(reverse("figures:csv", args=["ernte"])).status_code == 404


def test_a_chart_has_a_title_a_description_and_german_numbers():
    chart = Chart(
        title="Umsatz je Monat",
        description="Bruttoumsatz.",
        labels=["Altstadt", "Neustadt"],
        label_kind=TEXT,
        unit=MONEY,
        series=[Series("Umsatz (EUR)", [Decimal("1234.50"), Decimal("20000")])],
    )

    svg = str(charts.svg(chart, "probe"))

    assert svg.startswith("<svg") and 'role="img"' in svg
    assert 'aria-labelledby="probe-title probe-desc"' in svg
    assert '<title id="probe-title">Umsatz je Monat</title>' in svg
    assert '<desc id="probe-desc">Bruttoumsatz.</desc>' in svg
    assert "<title>Altstadt: 1.234,50\u00a0€</title>" in svg
    assert "20.000\u00a0€" in svg  # the axis' top
    assert svg.count("<rect") == 2 + 1  # two bars and the legend's swatch
