"""Journey in Chromium: a business registers, completes its profile, an editor approves it,
and a resident finds it with "open now" + "Abholung" in the list and on the map."""

import re

import pytest
from django.core import mail

from portal.directory import factories, services
from portal.home import factories as home_factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def directory(home_page):
    index = factories.DirectoryIndexPageFactory(parent=home_page)
    services.ensure_moderation_workflow(index)
    factories.CategoryFactory(name="Backwaren (Test)", slug="backwaren-test")
    # Another business that is open and has pickup but is far from the point of the journey.
    factories.MerchantPageFactory(
        parent=index, title="Konkurrenz ohne Abholung", opening_hours="24/7", offers_pickup=False
    )
    return index


def test_register_activate_edit_approve_and_be_found(browser, browser_page, live_server, directory):
    page = browser_page
    # 1. The business registers.
    page.goto("/haendler/")
    page.get_by_role("link", name="Ihr Betrieb fehlt? Tragen Sie ihn kostenlos ein.").click()
    page.get_by_label("Name des Betriebs").fill("Backstube Sonnenschein")
    page.get_by_label("Kategorie", exact=True).select_option(label="Backwaren (Test)")
    page.get_by_label("Straße und Hausnummer").fill("Sonnenweg 1")
    page.get_by_label("Postleitzahl", exact=True).fill("12345")
    page.get_by_label("Ort", exact=True).fill("Musterstadt")
    page.get_by_label("E-Mail", exact=True).fill("backstube@example.org")
    page.get_by_label("Passwort", exact=True).fill("sonnige-broetchen-7")
    page.get_by_label("Ich bin einverstanden").check()
    page.get_by_role("button", name="Registrieren").click()
    page.get_by_role("heading", name="Fast geschafft").wait_for()

    # 2. The activation link logs the merchant in and opens the profile in the admin.
    link = re.search(r"http://\S+/aktivieren/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link.replace("http://localhost", live_server.url))
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))

    # 3. The merchant completes the profile and submits it for approval.
    page.get_by_role("tab", name="Adresse und Öffnungszeiten").click()
    # Opening hours in the table: Monday round the clock, copied to Tuesday-Friday.
    for day in ("Montag", "Samstag", "Sonntag"):
        page.get_by_label(f"{day} geschlossen").uncheck()
        page.get_by_label(f"{day} öffnet", exact=True).fill("00:00")
        page.get_by_label(f"{day} schließt", exact=True).fill("00:00")
    page.get_by_role("button", name="Montag auf Dienstag bis Freitag übertragen").click()
    assert page.get_by_label("Freitag schließt", exact=True).input_value() == "00:00"
    page.locator("#id_latitude").fill("50.9380")
    page.locator("#id_longitude").fill("6.9610")
    page.get_by_role("tab", name="So kaufen Sie ein").click()
    page.locator("#id_offers_pickup").check()
    page.locator('button[name="action-submit"]').evaluate("button => button.click()")
    page.wait_for_url(re.compile(r"/admin/pages/\d+/(edit/)?$"))
    profile_id = int(re.search(r"/admin/pages/(\d+)/", page.url).group(1))
    assert not browser_page.context.request.get(
        f"{live_server.url}/haendler/backstube-sonnenschein/"
    ).ok

    # 4. An editor approves the first publication through the workflow.
    editor_context = browser.new_context(base_url=live_server.url, locale="de-DE")
    editor = editor_context.new_page()
    home_factories.UserFactory(username="redaktion", is_staff=True, is_superuser=True)
    editor.goto("/admin/login/")
    editor.locator("#id_username").fill("redaktion")
    editor.locator("#id_password").fill("passwort-für-tests")
    editor.locator("#id_password").press("Enter")
    editor.wait_for_url(re.compile(r"/admin/$"))
    editor.goto(f"/admin/pages/{profile_id}/edit/")
    # The URL is /admin/... before and after: wait for the approval's own page load.
    with editor.expect_navigation():
        editor.locator('[data-workflow-action-name="approve"]').first.evaluate(
            "button => button.click()"
        )
    editor.wait_for_load_state()
    editor_context.close()

    # 5. A resident filters "open now" + "Abholung" and finds the business, also on the map.
    page.goto("/haendler/")
    page.get_by_label("Jetzt geöffnet").check()
    page.get_by_label("Abholung").check()
    page.get_by_role("button", name="Ergebnisse anzeigen").click()
    assert "offen=on" in page.url and "kaufen=abholung" in page.url
    results = page.locator(".merchant-list")
    results.get_by_role("link", name="Backstube Sonnenschein").wait_for()
    assert "Konkurrenz ohne Abholung" not in results.inner_text()
    page.get_by_role("heading", name=re.compile("1 Betrieb gefunden")).wait_for()
    page.locator('.directory-map[data-ready="true"]').wait_for()
    assert page.locator('.leaflet-marker-icon[title="Backstube Sonnenschein"]').count() == 1

    # The profile itself says it is open and offers pickup.
    results.get_by_role("link", name="Backstube Sonnenschein").click()
    page.get_by_text("Jetzt geöffnet").first.wait_for()
    assert "Abholung: ja" in page.locator("main").inner_text()
