"""Journeys in Chromium: the city editor at work, and a till login that can only redeem."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from portal.directory.models import MerchantPage
from portal.home.models import NewsPage
from portal.vouchers import factories as voucher_factories
from portal.vouchers.models import Redemption

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "passwort-für-tests"
PHONE = {"width": 390, "height": 844}


def log_in_to_the_admin(page, username):
    page.goto("/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_password").press("Enter")
    page.wait_for_url(re.compile(r"/admin/$"))


def test_editor_publishes_news_and_approves_a_merchants_change(browser_page, town, live_server):
    page = browser_page
    town.submit_change(town.own, "Ab sofort mit Sonntagsbrötchen")
    log_in_to_the_admin(page, "redaktion")

    # A news article goes live at once: the editor publishes, nobody has to approve.
    page.goto(f"/admin/pages/add/home/newspage/{town.news_index.pk}/")
    page.locator("#id_title").fill("Wochenmarkt am Samstag verlängert")
    page.locator("#id_title").press("Tab")  # Wagtail's script fills the slug from the title
    expect(page.locator("#id_slug")).not_to_have_value("")
    page.locator("#id_date").fill(timezone.localdate().strftime("%d.%m.%Y"))
    page.locator("#id_intro").fill("Der Markt bleibt bis 15 Uhr geöffnet.")
    page.locator('button[name="action-publish"]').evaluate("button => button.click()")
    page.wait_for_url(re.compile(r"/admin/pages/\d+/$"))
    news = NewsPage.objects.live().get(title="Wochenmarkt am Samstag verlängert")
    page.goto(news.url)
    assert page.locator("h1").inner_text() == "Wochenmarkt am Samstag verlängert"

    # The merchant's submitted change waits on the editor's dashboard and is approved there.
    page.goto("/admin/")
    assert "Bäckerei Korn" in page.locator("main").inner_text()
    page.goto(f"/admin/pages/{town.own.page.pk}/edit/")
    with page.expect_navigation():
        page.locator('[data-workflow-action-name="approve"]').first.evaluate(
            "button => button.click()"
        )
    assert "keinen Zugang" not in page.locator(".messages").inner_text()
    profile = MerchantPage.objects.get(pk=town.own.page.pk)
    assert profile.short_description == "Ab sofort mit Sonntagsbrötchen"
    page.goto(profile.url)
    assert "Ab sofort mit Sonntagsbrötchen" in page.locator("main").inner_text()


def test_till_staff_redeem_a_voucher_and_are_refused_profile_and_bank_details(browser_page, town):
    page = browser_page
    page.set_viewport_size(PHONE)
    voucher = voucher_factories.VoucherFactory(batch__programme=town.programme)
    staff = town.own.staff

    page.goto("/gutschein/einloesen/")
    page.wait_for_url("**/gutschein/anmelden/**")
    assert not page.get_by_role("link", name=re.compile("Registrier")).count()
    page.locator("#id_username").fill(staff.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url("**/gutschein/einloesen/")
    page.get_by_label("Code unter dem QR-Code").fill(voucher.short_code_display)
    page.get_by_role("button", name="Gutschein suchen").click()
    page.get_by_role("button", name="25,00 € jetzt einlösen").click()
    page.wait_for_url("**/gutschein/beleg/**")
    redemption = Redemption.objects.get(voucher=voucher)
    assert page.locator(".receipt-number").inner_text() == redemption.receipt_number
    assert redemption.merchant_id == town.own.page.pk

    # The profile editor: Wagtail's "no access" on the admin's home page.
    page.goto(f"/admin/pages/{town.own.page.pk}/edit/")
    page.wait_for_url(re.compile(r"/admin/$"))
    assert "Sie haben leider keinen Zugang zu diesem Bereich." in page.content()
    # The payout account: not found, and the form is not there to submit.
    response = page.goto(
        reverse("cityvouchers_merchant:bank_details", args=[town.own.membership.pk])
    )
    assert response.status == 404
    assert not page.locator("#id_iban").count()
    # The redemptions and statements: only for the owners.
    response = page.goto("/gutschein/haendler/")
    assert response.status == 403
    assert "Nur für die Inhaber des Betriebs" in page.locator("h1").inner_text()
