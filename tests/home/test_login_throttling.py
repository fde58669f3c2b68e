"""Guessing passwords: every login form locks the account and the address, in German.

The admin's form takes a username, the shop's (also the till's and
employers' login) an e-mail address; both count against the same account.
"""

import pytest
from django.urls import reverse

from portal.home.factories import UserFactory

PASSWORD = "Richtig-und-lang-2026"
FORMS = {
    "admin": ("/admin/login/", "username", "password", {}),
    "shop": ("/shop/accounts/login/", "login-username", "login-password", {"login_submit": "1"}),
}


@pytest.fixture
def account(db):
    user = UserFactory(username="haendlerin", email="haendlerin@example.org", is_staff=True)
    user.set_password(PASSWORD)
    user.save()
    return user


def login(client, form, identifier, password, address="203.0.113.7"):
    path, user_field, password_field, extra = FORMS[form]
    return client.post(
        path, {user_field: identifier, password_field: password, **extra}, REMOTE_ADDR=address
    )


def identifier_for(form, user):
    return user.username if form == "admin" else user.email


@pytest.mark.parametrize("form", FORMS)
def test_thirty_wrong_passwords_lock_the_account_with_a_german_message(
    client, home_page, account, form
):
    answers = [login(client, form, identifier_for(form, account), "falsch") for _ in range(30)]

    assert answers[0].status_code == 200  # the form again, with its error
    assert answers[-1].status_code == 429
    page = answers[-1].content.decode()
    assert "Anmeldung vorübergehend gesperrt" in page
    # The right password no longer helps, from this address or any other.
    for address in ("203.0.113.7", "198.51.100.20"):
        right = login(client, form, identifier_for(form, account), PASSWORD, address)
        assert right.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("form", FORMS)
def test_thirty_wrong_passwords_lock_the_address_for_other_accounts_too(
    client, home_page, account, form
):
    for number in range(30):
        login(client, form, f"unbekannt{number}@example.org", "falsch")

    response = login(client, form, identifier_for(form, account), PASSWORD)

    assert response.status_code == 429
    assert "Anmeldung vorübergehend gesperrt" in response.content.decode()
    other_network = login(client, form, identifier_for(form, account), PASSWORD, "198.51.100.20")
    assert other_network.status_code == 302


def test_failures_on_the_admin_form_count_for_the_shop_login_of_the_same_account(
    client, home_page, account
):
    for _ in range(10):
        login(client, "admin", account.username, "falsch")

    response = login(client, "shop", account.email, PASSWORD, "198.51.100.20")

    assert response.status_code == 429


def test_an_administrator_unlocks_a_blocked_account(client, home_page, account, superuser):
    for _ in range(12):
        login(client, "shop", account.email, "falsch")
    admin = client.__class__()
    admin.force_login(superuser)

    listing = admin.get(reverse("lockouts:index"))
    assert listing.status_code == 200
    assert "Gesperrte Anmeldungen" in listing.content.decode()
    from axes.models import AccessAttempt

    for attempt in AccessAttempt.objects.all():
        admin.post(reverse("lockouts:unlock", args=[attempt.pk]))

    assert login(client, "shop", account.email, PASSWORD).status_code == 302


def test_only_administrators_see_the_blocked_logins(client, home_page, account):
    client.force_login(account)  # staff, but no right to unlock

    assert client.get(reverse("lockouts:index")).status_code in (302, 403)
