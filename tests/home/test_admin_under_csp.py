"""The Wagtail admin works under the portal's Content-Security-Policy, in a real Chromium.

``browser_page`` fails the test on any CSP violation the console reports.
An editor logs in through the form, edits an event (date pickers, stream
field, rich text), saves a draft, and opens the image library and upload.
"""

import datetime

import pytest
from django.utils import timezone

from portal.home import factories

pytestmark = pytest.mark.browser

PASSWORD = "Redaktion-2026-sicher"


@pytest.fixture
def event(event_index):
    start = timezone.now() + datetime.timedelta(days=4)
    return factories.EventPageFactory(
        parent=event_index, title="Weinfest", start=start, location_name="Schlosshof"
    )


@pytest.fixture
def editor(db):
    user = factories.UserFactory(username="redaktion", is_staff=True, is_superuser=True)
    user.set_password(PASSWORD)
    user.save()
    return user


def test_an_editor_edits_and_saves_an_event_with_no_csp_violation(browser_page, editor, event):
    page = browser_page
    page.goto("/admin/login/")
    page.fill("#id_username", "redaktion")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url("**/admin/")

    response = page.goto(f"/admin/pages/{event.pk}/edit/")
    assert "object-src 'none'" in response.headers["content-security-policy"]
    page.wait_for_selector("#id_title")
    page.fill("#id_title", "Weinfest im Schlosshof")
    page.fill("#id_location_name", "Schlosshof Musterstadt")
    page.get_by_role("button", name="Entwurf speichern").first.click()
    page.wait_for_selector(".messages .success, [data-w-messages-target] .success", timeout=15000)

    event.refresh_from_db()
    assert event.get_latest_revision().content["title"] == "Weinfest im Schlosshof"

    page.goto("/admin/images/")
    page.wait_for_load_state("networkidle")
    page.goto("/admin/images/multiple/add/")
    page.wait_for_load_state("networkidle")
    page.goto("/admin/pages/")
    page.wait_for_load_state("networkidle")
