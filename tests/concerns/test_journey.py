"""Journey in Chromium: a resident reports with pin and photo, office staff answer."""

import io
import re

import pytest
from PIL import ExifTags, Image

from portal.concerns.models import Concern
from portal.home.factories import UserFactory

from .helpers import jpeg_with_gps


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_resident_reports_with_pin_and_photo_and_follows_the_answer(
    browser_page, live_server, concern_page, roads, road_office
):
    staff = UserFactory(username="sachbearbeitung", email="", first_name="Sabine")
    staff.set_password("geheim-und-lang-genug")
    staff.save()
    road_office.staff.add(staff)
    page = browser_page

    # The resident fills in the form, sets a pin on the map and adds a photo.
    page.goto(concern_page.url)
    page.get_by_label("Problem").check()
    page.get_by_label("Thema").select_option(label="Straßen und Wege")
    page.get_by_label("Beschreibung").fill("Der Gehweg vor der Bäckerei ist abgesackt.")
    map_element = page.locator("[data-location-picker]")
    map_element.wait_for(state="visible")
    map_element.click(position={"x": 120, "y": 90})
    page.get_by_text("Stecknadel gesetzt.").wait_for()
    latitude = page.locator("input[name=latitude]").input_value()
    assert re.fullmatch(r"\d+\.\d{6}", latitude)
    page.get_by_label("Foto (optional)").set_input_files(
        files=[{"name": "gehweg.jpg", "mimeType": "image/jpeg", "buffer": jpeg_with_gps()}]
    )
    page.get_by_label("Ich bin einverstanden").check()
    page.get_by_role("button", name="Anliegen absenden").click()

    # The confirmation shows the tracking number and the private link.
    page.get_by_role("heading", name="Vielen Dank, Ihr Anliegen ist eingegangen.").wait_for()
    number = page.locator("[data-tracking-number]").inner_text()
    private_link = page.locator("[data-private-link]").input_value()
    concern = Concern.objects.get(tracking_number=number)
    assert concern.office == road_office
    assert float(concern.latitude) == pytest.approx(float(latitude))
    image = Image.open(io.BytesIO(concern.photo.read()))
    assert not image.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert page.locator("img.concern-photo").evaluate("img => img.naturalWidth") > 0

    # Office staff log in, open the concern from their queue and answer.
    page.goto("/admin/login/")
    page.fill("#id_username", "sachbearbeitung")
    page.fill("#id_password", "geheim-und-lang-genug")
    page.locator("form button[type=submit]").first.click()
    page.goto("/admin/concerns/")
    page.get_by_role("link", name=number).click()
    page.locator("#id_status-status").select_option(label="In Bearbeitung")
    page.locator("#id_status-public_note").fill("Der Bauhof kommt am Donnerstag.")
    page.get_by_role("button", name="Status speichern").click()
    page.get_by_text(f"Gespeichert: {number}").wait_for()

    # The resident's private link shows the new status and the note.
    page.goto(private_link)
    assert page.locator("[data-status]").inner_text() == "In Bearbeitung"
    assert (
        page.locator("[data-public-note]").first.inner_text() == "Der Bauhof kommt am Donnerstag."
    )
