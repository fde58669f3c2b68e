"""Self-registration, activation, claiming imported profiles, website help requests."""

import re

import pytest
from django.contrib.auth import get_user_model

from portal.directory import factories, onboarding, services
from portal.directory.models import ClaimRequest, MerchantPage, WebsiteHelpRequest
from portal.home.factories import UserFactory

pytestmark = pytest.mark.django_db


def link_in(mail):
    return re.search(r"http://localhost(/\S+)", mail.body).group(1)


def test_registration_creates_inactive_account_and_draft_profile_and_mails_activation(
    client, directory_index, retail, mailoutbox
):
    response = client.post(
        directory_index.url + "registrieren/",
        {
            "name": "Unverpackt-Laden Korn",
            "category": retail.pk,
            "street": "Am Markt 4",
            "postcode": "12345",
            "city": "Musterstadt",
            "email": "Laden@Korn.example",
            "password": "sicheres-passwort-42",
            "consent": "on",
        },
    )
    assert response.status_code == 302
    user = get_user_model().objects.get(email="laden@korn.example")
    assert not user.is_active
    page = MerchantPage.objects.get(team__group__user=user)
    assert page.title == "Unverpackt-Laden Korn" and not page.live
    assert page.get_parent().pk == directory_index.pk
    (mail,) = mailoutbox
    assert mail.to == ["laden@korn.example"]
    assert "Bitte bestätigen Sie Ihre E-Mail-Adresse" in mail.body

    response = client.get(link_in(mail))
    assert response.status_code == 302
    assert response.url == f"/admin/pages/{page.pk}/edit/"
    user.refresh_from_db()
    assert user.is_active
    # The link works once only.
    client.logout()
    assert client.get(link_in(mail)).status_code == 400


def test_registration_refuses_bad_postcode_and_missing_consent_but_not_a_known_email(
    client, directory_index, retail
):
    UserFactory(username="vorhanden", email="da@example.org")
    response = client.post(
        directory_index.url + "registrieren/",
        {
            "name": "X",
            "category": retail.pk,
            "street": "Y 1",
            "postcode": "123",
            "city": "Z",
            "email": "da@example.org",
            "password": "sicheres-passwort-42",
        },
    )
    text = response.content.decode()
    assert "bereits ein Konto" not in text  # known addresses are never revealed
    assert "Eine deutsche Postleitzahl hat genau fünf Ziffern." in text
    assert not MerchantPage.objects.exists()


def test_claim_confirmed_by_the_email_on_file(client, directory_index, retail, mailoutbox):
    page = factories.MerchantPageFactory(
        parent=directory_index,
        title="Importiert GmbH",
        primary_category=retail,
        email="chef@importiert.example",
    )
    response = client.get(page.url)
    assert "Ist das Ihr Betrieb?" in response.content.decode()
    client.post(
        page.url + "beanspruchen/",
        {
            "method": "email",
            "email": "neu@importiert.example",
            "password": "sicheres-passwort-42",
            "consent": "on",
        },
    )
    claim = ClaimRequest.objects.get()
    assert claim.status == "pending" and not claim.user.is_active
    (mail,) = mailoutbox
    assert mail.to == ["chef@importiert.example"]
    url = link_in(mail)
    assert client.get(url).status_code == 200  # shows a button, confirms nothing
    assert not services.merchant_pages_for_user(claim.user).exists()
    client.post(url)
    claim.refresh_from_db()
    assert claim.status == "confirmed"
    assert list(services.merchant_pages_for_user(claim.user)) == [page]
    assert not services.is_claimable(page)
    assert client.get(page.url + "beanspruchen/").status_code == 409


def test_claim_approved_by_an_editor(client, directory_index, retail, superuser, mailoutbox):
    page = factories.MerchantPageFactory(
        parent=directory_index, title="Ohne Mail", primary_category=retail, email=""
    )
    claimant = UserFactory(username="claimant", email="claimant@example.org")
    client.force_login(claimant)
    client.post(
        page.url + "beanspruchen/",
        {"method": "editor", "message": "Ich bin der Inhaber.", "consent": "on"},
    )
    claim = ClaimRequest.objects.get()
    assert mailoutbox[-1].subject == "Neue Profilübernahme: Ohne Mail"

    client.force_login(superuser)
    assert "Ich bin der Inhaber." in client.get("/admin/directory/claims/").content.decode()
    client.post(f"/admin/directory/claims/{claim.pk}/confirm/")
    assert list(services.merchant_pages_for_user(claimant)) == [page]
    assert mailoutbox[-1].to == ["claimant@example.org"]


def test_merchant_requests_website_help_which_reaches_designer_and_operator(
    client, directory_index, merchant_page, merchant_user, mailoutbox
):
    from portal.directory.models import Category

    design = factories.CategoryFactory(
        name="Webdesign", slug="webdesign", role=Category.ROLE_WEB_DESIGN
    )
    designer = factories.MerchantPageFactory(
        parent=directory_index,
        title="Pixelwerk",
        primary_category=design,
        email="hallo@pixelwerk.example",
    )
    client.force_login(merchant_user)
    assert "Hilfe beim Webauftritt anfragen" in client.get(merchant_page.url).content.decode()
    response = client.post(
        merchant_page.url + "website-hilfe/",
        {
            "designer": designer.pk,
            "contact_name": "Frau Korn",
            "contact_email": "korn@example.org",
            "message": "Unsere Website ist veraltet.",
        },
    )
    assert response.status_code == 302
    assert WebsiteHelpRequest.objects.get().designer == designer
    (mail,) = mailoutbox
    assert "hallo@pixelwerk.example" in mail.to and len(mail.to) == 2
    assert "Unsere Website ist veraltet." in mail.body
    # The same from the admin.
    assert client.get("/admin/website-hilfe/").status_code == 200


def test_only_the_team_may_ask_for_website_help(client, merchant_page):
    client.force_login(UserFactory(username="fremd"))
    assert client.get(merchant_page.url + "website-hilfe/").status_code == 403
    assert client.get("/admin/website-hilfe/").status_code in (302, 403)


def registration(number, category):
    return {
        "name": f"Laden {number}",
        "category": category.pk,
        "street": "Am Markt 4",
        "postcode": "12345",
        "city": "Musterstadt",
        "email": f"laden{number}@example.org",
        "password": "sicheres-passwort-42",
        "consent": "on",
    }


def test_anonymous_registrations_from_one_address_are_limited_in_german(
    client, directory_index, retail, mailoutbox
):
    url = directory_index.url + "registrieren/"
    for number in range(onboarding.REGISTRATIONS.limit):
        assert client.post(url, registration(number, retail)).status_code == 302

    response = client.post(url, registration(99, retail))
    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    assert "Zu viele Anfragen" in response.text
    assert "Bitte versuchen Sie es in einer Stunde erneut." in response.text
    assert not get_user_model().objects.filter(email="laden99@example.org").exists()
    assert len(mailoutbox) == onboarding.REGISTRATIONS.limit
    # Another address may still register, and the form itself still shows.
    assert client.post(url, registration(98, retail), REMOTE_ADDR="10.0.0.2").status_code == 302
    assert client.get(url).status_code == 200


def test_anonymous_claims_from_one_address_are_limited(client, directory_index, retail):
    page = factories.MerchantPageFactory(
        parent=directory_index, title="Importiert", primary_category=retail, email="a@b.example"
    )
    url = page.url + "beanspruchen/"
    # Every submission counts, also one with errors.
    for _attempt in range(onboarding.CLAIMS.limit):
        assert client.post(url, {"method": "email"}).status_code == 200
    response = client.post(
        url,
        {
            "method": "email",
            "email": "neu@importiert.example",
            "password": "sicheres-passwort-42",
            "consent": "on",
        },
    )
    assert response.status_code == 429
    assert "Zu viele Anfragen" in response.text
    assert not ClaimRequest.objects.exists()

    # A logged-in business claims under its own account, not limited by address.
    client.force_login(UserFactory(username="inhaber", email="inhaber@example.org"))
    client.post(url, {"method": "editor", "message": "Ich bin der Inhaber.", "consent": "on"})
    assert ClaimRequest.objects.get().user.username == "inhaber"
