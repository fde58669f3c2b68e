"""Who sees which town's figures: editors their towns, the installation everything,
merchants, voucher operators and anonymous visitors nothing."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from portal.roles.definitions import EDITORS
from portal.roles.services import role_group
from tests.roles.test_menus import menu

INDEX = reverse("figures:index")


def csv_url(key="haendler"):
    return reverse("figures:csv", args=[key])


def test_anonymous_visitors_are_sent_to_the_login(client, towns):
    for url in (INDEX, csv_url()):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("wagtailadmin_login"))


def refused(response):
    """Wagtail's answer to ``PermissionDenied`` in the admin: back home with "no access"."""
    return (response.status_code, response["Location"]) == (302, reverse("wagtailadmin_home"))


@pytest.mark.parametrize("url", [INDEX, csv_url(), csv_url("anliegen")])
def test_a_merchant_is_refused(client, merchant, url):
    client.force_login(merchant)
    assert refused(client.get(url))
    assert "keinen Zugang" in client.get(url, follow=True).content.decode()


def test_a_merchant_and_a_voucher_operator_have_no_menu_entry(client, towns, merchant):
    for user in (merchant, towns[0].operator):
        client.force_login(user)
        assert "Kennzahlen" not in menu(client)
        assert refused(client.get(INDEX))


def test_a_town_editor_sees_the_own_town_only(client, towns):
    altstadt, neustadt = towns
    client.force_login(altstadt.editor)
    assert menu(client)["Kennzahlen"] == INDEX

    response = client.get(INDEX)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Altstadt" in page
    assert "Neustadt" not in page
    assert f'<option value="{neustadt.site.pk}"' not in page


@pytest.mark.parametrize("url", [INDEX, csv_url(), csv_url("stadtgutschein")])
def test_a_town_editor_asking_for_another_town_gets_404(client, towns, url):
    altstadt, neustadt = towns
    client.force_login(altstadt.editor)
    assert client.get(url, {"stadt": neustadt.site.pk}).status_code == 404
    assert client.get(url, {"stadt": "gibt-es-nicht"}).status_code == 404
    assert client.get(url, {"stadt": altstadt.site.pk}).status_code == 200


def test_a_town_editors_csv_holds_the_own_town_only(client, towns):
    altstadt, _neustadt = towns
    client.force_login(altstadt.editor)

    text = client.get(csv_url("anliegen")).content.decode("utf-8-sig")

    assert "Amt Altstadt" in text
    assert "Neustadt" not in text


@pytest.mark.parametrize("who", ["administrator", "installation_editor", "superuser"])
def test_installation_wide_users_see_all_towns_and_can_pick_one(
    client, towns, administrator, superuser, who
):
    altstadt, neustadt = towns
    if who == "installation_editor":
        user = get_user_model().objects.create_user("landesredaktion", password="x")
        user.groups.add(role_group(EDITORS))
    else:
        user = {"administrator": administrator, "superuser": superuser}[who]
    client.force_login(user)

    everything = client.get(INDEX).content.decode()
    picked = client.get(INDEX, {"stadt": neustadt.site.pk}).content.decode()

    assert "Alle Städte zusammen." in everything
    assert "Amt Altstadt" in everything and "Amt Neustadt" in everything
    assert "Amt Neustadt" in picked and "Amt Altstadt" not in picked


@pytest.mark.parametrize(
    "query, message",
    [
        ({"start": "März"}, "Bitte geben Sie einen Monat als JJJJ-MM an, z. B. 2026-03."),
        ({"start": "2026-05", "end": "2026-01"}, "Der Zeitraum endet, bevor er beginnt."),
        ({"start": "2010-01", "end": "2026-01"}, "höchstens 60 Monaten"),
        ({"tage": "0"}, "größer oder gleich 1"),
    ],
)
def test_bad_input_gets_a_german_message_not_an_error(client, towns, superuser, query, message):
    client.force_login(superuser)
    for url in (INDEX, csv_url()):
        response = client.get(url, query)
        assert response.status_code == 200
        assert message in response.content.decode()


def test_an_unknown_section_is_404(client, superuser, towns):
    client.force_login(superuser)
    assert client.get(csv_url("gibt-es-nicht")).status_code == 404
