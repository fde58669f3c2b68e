"""Registration and password reset answer alike for known and unknown e-mail addresses.

What differs goes only to the mailbox: an activation link for a new address,
a note with login and reset links for a known one.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from portal.directory import factories as directory_factories
from portal.home.factories import UserFactory

PASSWORD = "Ein-gutes-Passwort-2026"


@pytest.fixture
def known(db):
    return UserFactory(username="bekannt", email="bekannt@example.org")


def shop_registration(client, email):
    return client.post(
        reverse("customer:login"),
        {
            "registration-email": email,
            "registration-password1": PASSWORD,
            "registration-password2": PASSWORD,
            "registration_submit": "1",
        },
    )


def answer(response, client):
    """What the visitor sees: status, where it leads and the page it leads to."""
    target = ""
    if response.status_code == 302:
        target = client.get(response["Location"]).content.decode()
    csrf = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"|"CSRF_TOKEN": "[^"]+"')
    return response.status_code, response.get("Location"), csrf.sub("", target)


def link_in(mail):
    return re.search(r"https?://\S+", mail.body).group(0)


def test_shop_registration_answers_the_same_for_known_and_unknown_addresses(
    client, home_page, known, mailoutbox
):
    for_known = answer(shop_registration(client, "bekannt@example.org"), client)
    for_new = answer(shop_registration(client, "neu@example.org"), client)

    assert for_known == for_new
    assert for_new[0] == 302
    assert "E-Mail geschickt" in for_new[2]
    assert "_auth_user_id" not in client.session
    known_mail, new_mail = mailoutbox
    assert known_mail.to == ["bekannt@example.org"]
    assert "bereits ein Konto" in known_mail.body
    assert reverse("password-reset") in known_mail.body
    assert new_mail.to == ["neu@example.org"]
    assert "/shop/accounts/aktivieren/" in new_mail.body


def test_a_new_customer_account_works_only_after_the_emailed_link(client, home_page, mailoutbox):
    shop_registration(client, "neu@example.org")
    user = get_user_model().objects.get(email="neu@example.org")
    assert not user.is_active

    response = client.get(link_in(mailoutbox[0]))

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.is_active and user.check_password(PASSWORD)
    assert client.session["_auth_user_id"] == str(user.pk)
    client.logout()
    assert client.get(link_in(mailoutbox[0])).status_code == 400  # used once only


def test_the_registration_form_still_checks_passwords_in_german(client, home_page):
    response = client.post(
        reverse("customer:login"),
        {
            "registration-email": "neu@example.org",
            "registration-password1": "kurz",
            "registration-password2": "anders",
            "registration_submit": "1",
        },
    )

    assert response.status_code == 200
    assert "stimmen nicht überein" in response.content.decode()
    assert not get_user_model().objects.filter(email="neu@example.org").exists()


def test_directory_registration_answers_the_same_for_known_and_unknown_addresses(
    client, home_page, known, mailoutbox
):
    index = directory_factories.DirectoryIndexPageFactory(parent=home_page)
    category = directory_factories.CategoryFactory(name="Einzelhandel", slug="einzelhandel")

    def register(email):
        data = {
            "name": "Laden am Markt",
            "category": category.pk,
            "street": "Am Markt 4",
            "postcode": "12345",
            "city": "Musterstadt",
            "email": email,
            "password": PASSWORD,
            "consent": "on",
        }
        return answer(client.post(index.url + "registrieren/", data), client)

    assert register("bekannt@example.org") == register("neu@example.org")
    known_mail, new_mail = mailoutbox
    assert "bereits ein Konto" in known_mail.body
    assert "/admin/password_reset/" in known_mail.body
    assert new_mail.to == ["neu@example.org"] and "/aktivieren/" in new_mail.body
    assert get_user_model().objects.filter(email="neu@example.org", is_active=False).exists()


@pytest.mark.parametrize(
    "path, field", [("/shop/password-reset/", "email"), ("/admin/password_reset/", "email")]
)
def test_password_reset_answers_the_same_for_known_and_unknown_addresses(
    client, home_page, known, mailoutbox, path, field
):
    for_known = answer(client.post(path, {field: "bekannt@example.org"}), client)
    for_new = answer(client.post(path, {field: "niemand@example.org"}), client)

    assert for_known == for_new
    assert [mail.to for mail in mailoutbox] == [["bekannt@example.org"]]
