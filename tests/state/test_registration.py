"""Self-registration of initiatives: form, e-mail confirmation, moderation, own login,
rate limit, and who may moderate which registrations."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from portal.directory.models import InitiativePage
from portal.state import registration as service
from portal.state.models import InitiativeRegistration
from tests.state.conftest import STATE_HOST, add_initiative, initiative_index

pytestmark = pytest.mark.django_db


def form_data(regions, **changes):
    data = {
        "name": "Dorfladen Kittendorf",
        "region": regions["Landkreis Rostock"].pk,
        "kind": "village_shop",
        "postcode": "18190",
        "website": "dorfladen-kittendorf.example",
        "offers": ["pickup", "phone_orders"],
        "short_description": "Ein Dorfladen mit Backstube.",
        "contact_name": "Karla Kaufmann",
        "contact_email": "karla@example.org",
        "contact_phone": "03991 1234",
        "privacy": "on",
        "homepage": "",
    }
    data.update(changes)
    return data


def png(size=(40, 40)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")


def confirmation_link():
    return re.search(r"https?://\S+/initiativen/eintragen/bestaetigen/\S+/", mail.outbox[-1].body)


def register(client, regions, host=STATE_HOST, **changes):
    return client.post("/initiativen/eintragen/", form_data(regions, **changes), HTTP_HOST=host)


def test_the_form_is_german_and_registers_nothing_public_until_approved(
    client, state_index, regions
):
    page = client.get("/initiativen/eintragen/", HTTP_HOST=STATE_HOST)
    assert page.status_code == 200
    assert "Initiative eintragen" in page.content.decode()

    response = register(client, regions, logo=png())

    assert response.status_code == 302
    registration = InitiativeRegistration.objects.get()
    assert registration.status == InitiativeRegistration.STATUS_UNCONFIRMED
    assert registration.index_id == state_index.pk
    assert registration.offer_keys == {"pickup", "phone_orders"}
    assert registration.logo.name.startswith("initiative-registrations/")
    assert len(mail.outbox) == 1
    assert "bestätigen" in mail.outbox[0].subject.lower()
    assert confirmation_link().group(0).startswith("http://land.test/")
    assert not InitiativePage.objects.filter(title="Dorfladen Kittendorf").exists()


def test_confirming_asks_the_editors_and_approving_publishes_and_invites(
    client, state_index, regions, state_editor
):
    register(client, regions)
    path = confirmation_link().group(0).replace("http://land.test", "")

    confirmed = client.get(path, HTTP_HOST=STATE_HOST)

    assert confirmed.status_code == 200
    assert "Anmeldung bestätigt" in confirmed.content.decode()
    registration = InitiativeRegistration.objects.get()
    assert registration.status == InitiativeRegistration.STATUS_PENDING
    assert "Neue Anmeldung" in mail.outbox[-1].subject
    # Opening the link again changes nothing and mails nobody.
    count = len(mail.outbox)
    client.get(path, HTTP_HOST=STATE_HOST)
    assert len(mail.outbox) == count

    client.force_login(state_editor)
    listed = client.get("/admin/initiativen-anmeldungen/")
    assert "Dorfladen Kittendorf" in listed.content.decode()
    response = client.post(f"/admin/initiativen-anmeldungen/{registration.pk}/approve/")

    assert response.status_code == 302
    page = InitiativePage.objects.get(title="Dorfladen Kittendorf")
    assert page.live and page.get_parent().pk == state_index.pk
    assert page.offer_keys == {"pickup", "phone_orders"}
    assert page.latitude is not None
    approved = mail.outbox[-1]
    assert approved.to == ["karla@example.org"]
    assert "/admin/password_reset/confirm/" in approved.body or "passwort" in approved.body.lower()
    user = get_user_model().objects.get(email="karla@example.org")
    assert page.permissions_for_user(user).can_edit()
    assert not page.permissions_for_user(user).can_publish()


def test_a_bad_link_gets_a_german_page(client, state_index):
    response = client.get("/initiativen/eintragen/bestaetigen/kaputt/", HTTP_HOST=STATE_HOST)

    assert response.status_code == 404
    assert "nicht gültig" in response.content.decode()


def test_rejecting_mails_the_reason_and_publishes_nothing(
    client, state_index, regions, state_editor
):
    register(client, regions)
    registration = InitiativeRegistration.objects.get()
    service.confirm(registration)
    client.force_login(state_editor)

    client.post(
        f"/admin/initiativen-anmeldungen/{registration.pk}/reject/",
        {"reason": "Kein Bezug zu Mecklenburg-Vorpommern."},
    )

    registration.refresh_from_db()
    assert registration.status == InitiativeRegistration.STATUS_REJECTED
    assert "Kein Bezug zu Mecklenburg-Vorpommern." in mail.outbox[-1].body
    assert "Leider kann die Redaktion" in mail.outbox[-1].body
    assert not InitiativePage.objects.filter(title="Dorfladen Kittendorf").exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"postcode": "1234"}, "Postleitzahl"),
        ({"postcode": "00000"}, "Diese Postleitzahl kennen wir nicht"),
        ({"name": ""}, "Dieses Feld muss ausgefüllt werden"),
        ({"privacy": ""}, "Bitte stimmen Sie"),
        ({"kind": "rakete"}, "Bitte eine gültige Auswahl treffen"),
        ({"logo": SimpleUploadedFile("logo.png", b"<script>", content_type="image/png")}, "Bild"),
    ],
)
def test_bad_input_gets_a_german_message_and_stores_nothing(
    client, state_index, regions, changes, message
):
    response = register(client, regions, **changes)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not InitiativeRegistration.objects.exists()
    assert not mail.outbox


def test_the_honeypot_stores_nothing(client, state_index, regions):
    response = register(client, regions, homepage="https://spam.example")

    assert response.status_code == 200
    assert not InitiativeRegistration.objects.exists()


def test_a_flood_is_rate_limited_with_a_german_message(client, state_index, regions):
    for number in range(service.REGISTRATIONS.limit):
        assert register(client, regions, name=f"Spam {number}").status_code == 302

    response = register(client, regions, name="Spam zu viel")

    assert response.status_code == 429
    assert "in kurzer Zeit viele Anmeldungen" in response.content.decode()
    assert InitiativeRegistration.objects.count() == service.REGISTRATIONS.limit
    assert len(mail.outbox) == service.REGISTRATIONS.limit


def test_a_town_portal_files_registrations_into_its_own_index_for_its_editors(
    client, towns, state_index, regions, state_editor
):
    a, b = towns
    register(client, regions, host=a.host, name="Altstadt-Kiste")
    assert confirmation_link().group(0).startswith("http://altstadt.test/")
    registration = InitiativeRegistration.objects.get()
    service.confirm(registration)

    assert registration.index_id == initiative_index(a.home).pk
    client.force_login(a.editor)
    assert "Altstadt-Kiste" in client.get("/admin/initiativen-anmeldungen/").content.decode()
    # Neither the other town's editors nor the Landesredaktion decide on it.
    for outsider in (b.editor, state_editor):
        client.force_login(outsider)
        listed = client.get("/admin/initiativen-anmeldungen/")
        assert "Altstadt-Kiste" not in listed.content.decode()
        response = client.post(f"/admin/initiativen-anmeldungen/{registration.pk}/approve/")
        assert response.status_code == 404
    client.force_login(a.editor)
    client.post(f"/admin/initiativen-anmeldungen/{registration.pk}/approve/")
    page = InitiativePage.objects.get(title="Altstadt-Kiste")
    assert page.get_parent().pk == initiative_index(a.home).pk and page.live


def test_a_town_editor_cannot_moderate_state_registrations(client, towns, state_index, regions):
    register(client, regions)
    registration = InitiativeRegistration.objects.get()
    service.confirm(registration)
    editor = towns[0].editor
    client.force_login(editor)

    listed = client.get("/admin/initiativen-anmeldungen/")
    response = client.post(f"/admin/initiativen-anmeldungen/{registration.pk}/approve/")

    assert "Dorfladen Kittendorf" not in listed.content.decode()
    assert response.status_code == 404
    registration.refresh_from_db()
    assert registration.status == InitiativeRegistration.STATUS_PENDING


def test_unconfirmed_registrations_are_not_shown_to_the_editors(
    client, state_index, regions, state_editor
):
    register(client, regions)
    client.force_login(state_editor)

    response = client.get("/admin/initiativen-anmeldungen/")

    assert response.status_code == 200
    assert "Dorfladen Kittendorf" not in response.content.decode()


def test_an_initiatives_login_edits_its_own_page_and_is_refused_on_another(
    client, state_index, regions, state_editor
):
    other = add_initiative(state_index, "Fremde Initiative", region=regions["Landkreis Rostock"])
    register(client, regions)
    registration = InitiativeRegistration.objects.get()
    service.confirm(registration)
    page = service.approve(registration, state_editor)
    user = get_user_model().objects.get(email="karla@example.org")
    client.force_login(user)

    own = client.get(f"/admin/pages/{page.pk}/edit/")
    foreign = client.get(f"/admin/pages/{other.pk}/edit/")
    decide = client.get("/admin/initiativen-anmeldungen/")

    assert own.status_code == 200
    assert foreign.status_code != 200 or "Fremde Initiative" not in foreign.content.decode()
    assert decide.status_code in (302, 403)
