"""A resident buys two tickets, opens the e-mailed ticket, and the door scans it with a camera."""

import re

import pytest
from django.core import mail
from PIL import Image

from portal.tickets.models import Ticket
from tests.helpers import CHROMIUM, CHROMIUM_ARGS
from tests.test_accessibility import describe, violations_on
from tests.vouchers.fake_camera import HEIGHT, WIDTH, write_y4m
from tests.vouchers.pdftools import qr_codes_on_page, render_page

from .helpers import buy

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
PASSWORD = "passwort-für-tests"


@pytest.fixture
def base_url(live_town):
    return live_town


def ticket_in_front_of_the_camera(pdf, path):
    """The first page of the ticket PDF as Chromium renders it, its ticket held up to a camera."""
    page = render_page(pdf, 0, scale=2)
    millimetre = page.width / 210
    ticket = page.crop(
        (int(15 * millimetre), int(20 * millimetre), int(195 * millimetre), int(140 * millimetre))
    )
    ticket.thumbnail((WIDTH - 20, HEIGHT - 20))
    frame = Image.new("RGB", (WIDTH, HEIGHT), (120, 120, 120))
    frame.paste(ticket, ((WIDTH - ticket.width) // 2, (HEIGHT - ticket.height) // 2))
    return write_y4m(path, frame)


def test_resident_buys_two_tickets_and_the_door_checks_one_in_by_camera_and_warns_twice(
    sale, organiser, base_url, browser_page, browser, tmp_path
):
    page = browser_page
    page.goto(sale.event.url)
    assert not (found := violations_on(page)), describe(found)
    page.get_by_label("Anzahl Tickets: Erwachsene").fill("2")
    page.get_by_role("button", name="In den Warenkorb").click()
    page.wait_for_url("**/shop/basket/")
    page.get_by_role("link", name="Zur Kasse").click()
    page.get_by_label("E-Mail-Adresse").fill("erika@example.org")
    page.get_by_role("button", name="Weiter").click()
    assert page.get_by_label(re.compile("Per E-Mail")).is_checked()
    page.get_by_role("button", name="Weiter").click()
    page.get_by_label(re.compile("TEST-Zahlung")).check()
    page.get_by_role("button", name="Weiter").click()
    page.get_by_role("button", name="zahlungspflichtig bestellen").click()
    page.wait_for_url(re.compile(r".*/checkout/danke/$"))
    tickets = list(Ticket.objects.order_by("pk"))
    assert len(tickets) == 2
    order_box = page.locator(".order-tickets").inner_text()
    assert all(ticket.short_code_display in order_box for ticket in tickets)

    ticket_mail = next(m for m in mail.outbox if m.subject.startswith("Ihre 2 Tickets"))
    assert ticket_mail.to == ["erika@example.org"]
    [(_name, pdf, _type)] = ticket_mail.attachments
    assert qr_codes_on_page(pdf, 0) == [tickets[0].code]
    order_link = re.search(r"https?://\S+/shop/bestellung/\S+/", ticket_mail.body).group(0)
    page.goto(order_link)
    assert not (found := violations_on(page)), describe(found)
    with page.expect_download() as download:
        page.get_by_role("link", name="Tickets herunterladen (PDF)").click()
    assert download.value.suggested_filename.endswith(".pdf")

    video = ticket_in_front_of_the_camera(pdf, tmp_path / "ticket.y4m")
    door_browser = browser.browser_type.launch(
        executable_path=CHROMIUM,
        args=[
            *CHROMIUM_ARGS,
            "--use-fake-device-for-media-stream",
            "--use-fake-ui-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        ],
    )
    try:
        context = door_browser.new_context(
            base_url=base_url, viewport=PHONE, locale="de-DE", permissions=["camera"]
        )
        context.set_default_timeout(15_000)
        door = context.new_page()
        door.goto(f"/einlass/{sale.pk}/")
        door.locator("#id_username").fill(organiser.staff.username)
        door.locator("#id_password").fill(PASSWORD)
        door.get_by_role("button", name="Anmelden").click()
        door.wait_for_url(f"**/einlass/{sale.pk}/")
        door.get_by_label("Eingang", exact=True).fill("Eingang Nord")

        door.get_by_role("button", name="Kamera starten").click()

        result = door.locator(".checkin-result--ok")
        result.wait_for()
        assert "Eingecheckt. Willkommen!" in result.inner_text()
        assert "Erwachsene" in result.inner_text()
        checked = Ticket.objects.get(pk=tickets[0].pk)
        assert checked.entrance == "Eingang Nord" and checked.checked_in_by == organiser.staff
        # The ticket stays in front of the camera: a few seconds later it is a second scan.
        warning = door.locator(".checkin-result--warning")
        warning.wait_for()
        time = checked.checked_in_at.astimezone().strftime("%H:%M")
        assert f"Bereits eingecheckt um {time} am Eingang Nord." in warning.inner_text()
        assert not Ticket.objects.get(pk=tickets[1].pk).checked_in_at
        assert "1 von 2 eingecheckt" in door.locator("[data-checkin-progress]").inner_text()
        assert not (found := violations_on(door)), describe(found)
    finally:
        door_browser.close()


def test_without_a_connection_the_door_says_the_ticket_was_not_checked_and_sends_it_again(
    sale, organiser, browser_page
):
    buy(sale, ("Erwachsene", 1))
    ticket = Ticket.objects.get()
    door = browser_page
    door.set_viewport_size(PHONE)
    door.goto(f"/einlass/{sale.pk}/")
    door.locator("#id_username").fill(organiser.owner.username)
    door.locator("#id_password").fill(PASSWORD)
    door.get_by_role("button", name="Anmelden").click()
    door.wait_for_url(f"**/einlass/{sale.pk}/")
    door.context.set_offline(True)

    door.get_by_label("Code unter dem QR-Code").fill(ticket.short_code_display)
    door.get_by_role("button", name="Einchecken").click()

    offline = door.locator(".checkin-result--offline")
    offline.wait_for()
    assert "Dieses Ticket wurde NICHT geprüft" in offline.inner_text()
    assert Ticket.objects.get().checked_in_at is None
    door.context.set_offline(False)
    door.get_by_role("button", name="Erneut senden").click()
    door.locator(".checkin-result--ok").wait_for()
    assert Ticket.objects.get().checked_in_at is not None
    assert not door.get_by_role("button", name="Erneut senden").is_visible()
