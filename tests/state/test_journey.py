"""Journey in Chromium at a phone's size: an initiative registers on the state portal,
confirms by the mailed link, the Landesredaktion approves it in the admin, it appears
on the map only then, and its own login edits its page but not another's."""

import re

import pytest
from django.core import mail

from portal.directory.models import InitiativePage, PostcodeArea
from tests.helpers import point_town_at
from tests.state.conftest import add_initiative

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def link_in_last_mail(pattern):
    found = re.search(pattern, mail.outbox[-1].body)
    assert found, mail.outbox[-1].body
    return found.group(0)


def log_in(page, username, password):
    page.goto("/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("#id_password").press("Enter")
    page.wait_for_url(re.compile(r"/admin/$"))


POSTCODES = [("18055", "Rostock", 54.0887, 12.1405), ("18190", "Sanitz", 54.0783, 12.3767)]


def test_register_confirm_approve_appear_and_edit_own_page_only(
    browser, browser_page, live_server, settings, state, state_index, regions, state_editor
):
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    point_town_at(state, live_server.url)
    # An earlier live-server test may have flushed the postcodes the migration loads.
    for postcode, place, latitude, longitude in POSTCODES:
        PostcodeArea.objects.get_or_create(
            postcode=postcode,
            defaults={"place": place, "latitude": latitude, "longitude": longitude},
        )
    other = add_initiative(
        state_index, "Fremde Initiative", region=regions["Landkreis Rostock"], postcode="18055"
    )
    page = browser_page
    page.set_viewport_size(PHONE)

    # 1. The initiative finds the form on the state portal's initiatives page and registers.
    page.goto("/initiativen/")
    page.get_by_role("link", name="Initiative kostenlos eintragen").click()
    page.get_by_label("Name der Initiative").fill("Dorfladen Kittendorf")
    page.get_by_label("Art", exact=True).select_option(label="Dorfladen")
    page.get_by_label("Region", exact=True).select_option(label="Landkreis Rostock")
    page.get_by_label("Postleitzahl").fill("18190")
    page.get_by_label("Kurzbeschreibung").fill("Ein Dorfladen mit Backstube.")
    page.get_by_label("Abholung").check()
    page.get_by_label("Telefonische Bestellung").check()
    page.get_by_label("Ansprechperson").fill("Karla Kaufmann")
    page.get_by_label("E-Mail-Adresse").fill("karla@example.org")
    page.get_by_label("Ich bin einverstanden").check()
    page.get_by_role("button", name="Anmeldung senden").click()
    page.get_by_role("heading", name="Fast geschafft").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # 2. The link in the mail confirms it; it is not public yet.
    page.goto(link_in_last_mail(r"http://\S+/initiativen/eintragen/bestaetigen/\S+/"))
    page.get_by_role("heading", name="Anmeldung bestätigt").wait_for()
    page.goto("/initiativen/")
    page.get_by_role("link", name="Fremde Initiative").wait_for()
    assert "Dorfladen Kittendorf" not in page.locator("main").inner_text()

    # 3. The Landesredaktion approves it in the admin.
    editor_context = browser.new_context(base_url=live_server.url, locale="de-DE")
    editor = editor_context.new_page()
    log_in(editor, "ministerium", "passwort-für-tests")
    editor.goto("/admin/initiativen-anmeldungen/")
    editor.get_by_role("button", name="Freigeben und veröffentlichen").click()
    editor.get_by_text("ist veröffentlicht").wait_for()
    editor_context.close()

    # 4. Now it is listed and on the map, on a phone.
    page.goto("/initiativen/?art=village_shop")
    page.get_by_role("link", name="Dorfladen Kittendorf").wait_for()
    page.locator('.state-map[data-ready="true"]').wait_for()
    assert page.locator('.leaflet-marker-icon[title="Dorfladen Kittendorf"]').count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # 5. The initiative chooses its password by the mailed link and logs in.
    page.goto(link_in_last_mail(r"http://\S+/admin/password_reset/confirm/\S+/"))
    page.locator("#id_new_password1").fill("kittendorfer-brot-42")
    page.locator("#id_new_password2").fill("kittendorfer-brot-42")
    page.locator("#id_new_password2").press("Enter")
    page.wait_for_load_state()
    log_in(page, "karla@example.org", "kittendorfer-brot-42")

    # 6. It edits its own page (the change goes to the editors) but not another's.
    own = InitiativePage.objects.get(title="Dorfladen Kittendorf")
    page.goto(f"/admin/pages/{own.pk}/edit/")
    page.locator("#id_short_description").fill("Dorfladen mit Backstube und Café.")
    with page.expect_navigation():
        page.locator('button[name="action-submit"]').evaluate("button => button.click()")
    page.wait_for_load_state()
    own.refresh_from_db()
    assert own.workflow_in_progress
    assert own.short_description == "Ein Dorfladen mit Backstube."  # live text unchanged

    page.goto(f"/admin/pages/{other.pk}/edit/")
    assert "/admin/pages/" not in page.url or page.locator("#id_short_description").count() == 0
    assert "Sie haben leider keinen Zugang" in page.content()
