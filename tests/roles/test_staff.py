"""Owners invite their till staff by e-mail and remove them; staff only work the till."""

import re
import time
import uuid
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from portal.directory import onboarding
from portal.directory.models import StaffInvitation
from portal.roles.definitions import MERCHANT_STAFF
from portal.vouchers import factories as voucher_factories

pytestmark = pytest.mark.django_db


def invitation_link(mailoutbox):
    return re.search(r"http://localhost(/\S+/einladung/\S+/)", mailoutbox[-1].body).group(1)


def invite(client, town, email="jule@example.org", **fields):
    client.force_login(town.own.owner)
    return client.post(
        reverse("directory_staff:index"), {"page": town.own.page.pk, "email": email, **fields}
    )


def test_owner_invites_a_new_person_who_sets_a_password_and_can_redeem(client, town, mailoutbox):
    invite(client, town, first_name="Jule", last_name="Jung")
    (message,) = mailoutbox
    assert message.to == ["jule@example.org"]
    assert "Bäckerei Korn" in message.subject
    link = invitation_link(mailoutbox)
    jule = get_user_model().objects.get(email="jule@example.org")
    assert not jule.has_usable_password()
    assert not town.own.team.staff.filter(pk=jule.pk).exists()  # not before accepting

    client.logout()
    assert "Passwort" in client.get(link).content.decode()
    response = client.post(
        link, {"new_password1": "kasse-am-markt-7", "new_password2": "kasse-am-markt-7"}
    )

    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    jule.refresh_from_db()
    assert jule.check_password("kasse-am-markt-7")
    assert town.own.team.staff.filter(pk=jule.pk).exists()
    assert jule.groups.filter(name=MERCHANT_STAFF).exists()
    voucher = voucher_factories.VoucherFactory(batch__programme=town.programme)
    client.post(
        reverse("cityvouchers:status", args=[voucher.code]),
        {
            "code": voucher.code,
            "idempotency_key": uuid.uuid4().hex,
            "merchant": town.own.membership.pk,
        },
    )
    assert voucher.redemptions.filter(merchant=town.own.page).exists()
    assert client.get(f"/admin/pages/{town.own.page.pk}/edit/").status_code == 302
    assert client.get(link).status_code == 400  # used once


def test_a_person_with_a_login_accepts_after_logging_in(client, town, mailoutbox):
    existing = town.other.owner  # owns another business, will work at this one's till
    invite(client, town, email=existing.email)
    link = invitation_link(mailoutbox)
    client.logout()

    page = client.get(link).content.decode()
    assert "Bitte melden Sie sich damit an" in page and "new_password1" not in page
    client.post(link)
    assert not town.own.team.staff.filter(pk=existing.pk).exists()

    client.force_login(existing)
    client.post(link)
    assert town.own.team.staff.filter(pk=existing.pk).exists()
    assert existing.check_password("passwort-für-tests")  # the password stays as it was


def test_inviting_an_owner_of_the_business_is_refused_with_a_message(client, town, mailoutbox):
    response = invite(client, town, email=town.own.owner.email)
    assert "ist bereits Inhaberin oder Inhaber dieses Betriebs" in response.content.decode()
    assert not mailoutbox and not StaffInvitation.objects.exists()


def test_inviting_twice_sends_the_link_again_without_a_second_invitation(client, town, mailoutbox):
    invite(client, town)
    invite(client, town)
    assert StaffInvitation.objects.count() == 1
    assert len(mailoutbox) == 2


def test_a_withdrawn_invitation_link_no_longer_works(client, town, mailoutbox):
    invite(client, town)
    link = invitation_link(mailoutbox)
    invitation = StaffInvitation.objects.get()
    client.post(reverse("directory_staff:withdraw", args=[invitation.pk]))
    client.logout()
    response = client.get(link)
    assert response.status_code == 400
    assert "nicht gültig" in response.content.decode()


def test_an_invitation_link_expires_after_fourteen_days(client, town, mailoutbox):
    invite(client, town)
    link = invitation_link(mailoutbox)
    client.logout()
    later = time.time() + onboarding.INVITATION_MAX_AGE + 60
    with mock.patch("django.core.signing.time.time", return_value=later):
        assert client.get(link).status_code == 400


def test_removed_staff_lose_the_till_and_the_role(client, town):
    staff = town.own.staff
    client.force_login(town.own.owner)
    client.post(reverse("directory_staff:remove", args=[town.own.team.pk, staff.pk]))

    assert not staff.groups.filter(name=MERCHANT_STAFF).exists()
    client.force_login(staff)
    assert client.get(reverse("cityvouchers:redeem")).status_code == 403


def test_an_owner_cannot_touch_another_business_s_staff_or_invitations(client, town):
    other_invitation = onboarding.invite_staff(
        town.other.team, email="fremd@example.org", invited_by=town.other.owner
    )
    client.force_login(town.own.owner)
    urls = [
        reverse("directory_staff:remove", args=[town.other.team.pk, town.other.staff.pk]),
        reverse("directory_staff:resend", args=[other_invitation.pk]),
        reverse("directory_staff:withdraw", args=[other_invitation.pk]),
    ]
    for url in urls:
        assert client.post(url).status_code == 404
    assert town.other.team.staff.filter(pk=town.other.staff.pk).exists()
    assert StaffInvitation.objects.filter(pk=other_invitation.pk).exists()
    listing = client.get(reverse("directory_staff:index")).content.decode()
    assert town.other.staff.email not in listing and "fremd@example.org" not in listing


def test_staff_list_their_colleagues_only_for_the_owner(client, town):
    client.force_login(town.own.staff)
    response = client.get(reverse("directory_staff:index"))
    assert (response.status_code, response["Location"]) == (302, "/admin/")


def test_till_login_offers_no_registration_and_leads_to_the_till(client, town):
    response = client.get(reverse("cityvouchers:redeem"))
    login_url = reverse("cityvouchers:login")
    assert response["Location"].startswith(login_url)
    page = client.get(response["Location"]).content.decode()
    assert reverse("customer:register") not in page and 'name="registration-' not in page
    assert "/registrieren/" not in page
    assert "Passwort vergessen?" in page

    town.own.staff.set_password("kasse-am-markt-7")
    town.own.staff.save()
    response = client.post(
        response["Location"],
        {"username": town.own.staff.email, "password": "kasse-am-markt-7"},
    )
    assert response["Location"] == reverse("cityvouchers:redeem")


def test_staff_see_no_redemptions_statements_or_bank_details(client, town):
    client.force_login(town.own.staff)
    area = client.get(reverse("cityvouchers:merchant_area"))
    assert area.status_code == 403
    assert "nur den Inhabern" in area.content.decode()
    assert client.get(reverse("cityvouchers_merchant:index")).status_code == 404
    bank = reverse("cityvouchers_merchant:bank_details", args=[town.own.membership.pk])
    assert client.get(bank).status_code == 404
    response = client.post(
        bank, {"account_holder": "Kasse", "iban": "DE89370400440532013000", "bic": ""}
    )
    assert response.status_code == 404
    town.own.membership.refresh_from_db()
    assert town.own.membership.account_holder != "Kasse"
    till = client.get(reverse("cityvouchers:redeem")).content.decode()
    assert reverse("cityvouchers_merchant:index") not in till


def test_an_owner_sends_at_most_a_days_worth_of_invitations(client, town, mailoutbox):
    for number in range(onboarding.INVITATIONS.limit):
        invite(client, town, email=f"person{number}@example.org")
    response = invite(client, town, email="noch-eine@example.org")
    assert "Bitte versuchen Sie es morgen wieder." in response.content.decode()
    assert len(mailoutbox) == onboarding.INVITATIONS.limit
    assert not StaffInvitation.objects.filter(email="noch-eine@example.org").exists()
