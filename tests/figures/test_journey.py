"""In Chromium: a town editor reads the figures, opens a chart's table, downloads a CSV;
the page passes axe-core's WCAG 2.1 AA audit."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.test_accessibility import describe, violations_on

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_town_editor_reads_the_figures_and_downloads_a_section(browser_page, towns):
    altstadt, _neustadt = towns
    page = browser_page
    page.goto("/admin/login/")
    page.locator("#id_username").fill(altstadt.editor.username)
    page.locator("#id_password").fill("x")
    page.locator("#id_password").press("Enter")
    page.wait_for_url(re.compile(r"/admin/$"))

    page.goto("/admin/kennzahlen/")
    expect(page.get_by_role("heading", name="Anliegen", exact=True)).to_be_visible()
    chart = page.get_by_role("img", name="Anliegen je Monat")
    expect(chart).to_be_visible()
    assert "Neustadt" not in page.locator("main").inner_text()

    summary = page.get_by_text("Daten der Grafik „Anliegen je Monat“ als Tabelle")
    table = page.locator("#anliegen details table").first
    expect(table).to_be_hidden()
    summary.click()
    expect(table).to_be_visible()
    expect(table).to_contain_text("Eingegangen")

    assert describe(violations_on(page)) == ""

    page.locator("#id_tage").fill("30")
    page.locator("#id_tage").press("Enter")
    expect(page.locator("#anliegen")).to_contain_text("Innerhalb von 30 Tagen abgeschlossen")

    with page.expect_download() as download:
        page.get_by_role("link", name="Anliegen als CSV").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert "Amt Altstadt" in text
    assert "Innerhalb von 30 Tagen abgeschlossen (% der abgeschlossenen)" in text
