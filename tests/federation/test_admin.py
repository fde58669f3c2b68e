"""The federation admin: installation-wide users with the permission only; hand edits lock
fields; "Jetzt abrufen" reports the run."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from portal.federation import services
from portal.federation.models import HarvestedEntry, Source
from portal.home.factories import UserFactory
from portal.roles.definitions import ADMINISTRATORS, EDITORS
from portal.roles.services import role_group, town_group

from .helpers import town

pytestmark = pytest.mark.django_db

HEADER = "kennung;art;name;ort;telefon;lieferung"


def manage_permission():
    return Permission.objects.get(
        content_type__app_label="federation", codename="manage_federation"
    )


@pytest.fixture
def source():
    return Source.objects.create(
        name="Genossenschaft",
        kind=Source.Kind.CSV,
        csv_filename="quelle.csv",
        csv_content=f"{HEADER}\na;Betrieb;Laden A;Waren;0399 1;ja\n".encode(),
    )


@pytest.fixture
def state_editor():
    """An installation-wide editor who was given the federation permission."""
    user = UserFactory(username="land")
    group = role_group(EDITORS)
    user.groups.add(group)
    user.user_permissions.add(manage_permission())
    return user


ADMIN_URLS = [
    "federation_sources:index",
    "federation_runs:index",
    "federation_entries:index",
]


@pytest.mark.parametrize("name", ADMIN_URLS)
def test_installation_wide_users_with_the_permission_open_the_admin(
    client, state_editor, source, name
):
    services.harvest(source)
    client.force_login(state_editor)

    response = client.get(reverse(name))

    assert response.status_code == 200
    assert "Genossenschaft" in response.content.decode()


def test_the_sources_list_offers_fetch_now_and_the_menu_shows_federation(
    client, state_editor, source
):
    client.force_login(state_editor)

    listing = client.get(reverse("federation_sources:index")).content.decode()
    home = client.get(reverse("wagtailadmin_home")).content.decode()

    assert "Jetzt abrufen" in listing
    assert reverse("federation_harvest_now", args=[source.pk]) in listing
    assert "/admin/federation/quellen/" in home


def test_a_source_with_an_uploaded_csv_is_added_in_the_admin(client, state_editor):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(state_editor)
    upload = SimpleUploadedFile("liste.csv", f"{HEADER}\nz;Betrieb;Laden Z;Waren;;nein\n".encode())

    response = client.post(
        reverse("federation_sources:add"),
        {
            "name": "Hochgeladen",
            "kind": "csv",
            "url": "",
            "interval_hours": 24,
            "active": "on",
            "csv_upload": upload,
        },
    )
    missing = client.post(
        reverse("federation_sources:add"),
        {"name": "Ohne Datei", "kind": "csv", "url": "", "interval_hours": 24},
    )

    assert response.status_code == 302
    source = Source.objects.get(name="Hochgeladen")
    assert source.csv_filename == "liste.csv"
    assert services.harvest(source).created == 1
    assert missing.status_code == 200
    assert (
        "Geben Sie eine Adresse an oder laden Sie eine CSV-Datei hoch." in missing.content.decode()
    )


def test_administration_reaches_the_admin(client, db):
    admin = UserFactory(username="verwaltung")
    admin.groups.add(role_group(ADMINISTRATORS))
    client.force_login(admin)

    assert client.get(reverse("federation_sources:index")).status_code == 200


@pytest.mark.parametrize("name", ADMIN_URLS)
def test_a_town_confined_editor_is_refused_even_with_the_permission(client, source, name):
    site = town("Nordstadt", "nordstadt.example", default=True)[0]
    editor = UserFactory(username="redaktion-nord")
    editor.groups.add(town_group(site, EDITORS))
    editor.user_permissions.add(manage_permission())
    client.force_login(editor)

    response = client.get(reverse(name))

    assert response.status_code in (302, 403)
    assert "Genossenschaft" not in response.content.decode()
    assert client.post(reverse("federation_harvest_now", args=[source.pk])).status_code in (
        302,
        403,
    )
    assert not source.runs.exists()


def test_an_editor_without_the_permission_does_not_see_it(client, source):
    editor = UserFactory(username="redaktion")
    editor.groups.add(role_group(EDITORS))
    client.force_login(editor)

    assert client.get(reverse("federation_sources:index")).status_code in (302, 403)
    assert "/admin/federation/" not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_fetch_now_runs_the_harvest_and_reports_the_result(client, state_editor, source):
    client.force_login(state_editor)

    confirm = client.get(reverse("federation_harvest_now", args=[source.pk]))
    response = client.post(reverse("federation_harvest_now", args=[source.pk]), follow=True)

    assert confirm.status_code == 200 and "Jetzt abrufen" in confirm.content.decode()
    messages = [str(m) for m in response.context["messages"]]
    assert messages == [
        "Genossenschaft: Fertig: 1 neu, 0 aktualisiert, 0 unverändert, 0 zurückgezogen."
    ]
    assert HarvestedEntry.objects.filter(name="Laden A").exists()


def _entry_form(entry, **changes):
    data = {
        "kind": entry.kind,
        "name": entry.name,
        "street": entry.street,
        "postcode": entry.postcode,
        "city": entry.city,
        "region": "",
        "latitude": "",
        "longitude": "",
        "phone": entry.phone,
        "email": entry.email,
        "url": entry.url,
        "opening_hours": entry.opening_hours,
        "description": entry.description,
        "categories": entry.categories,
    }
    for flag in ("delivery", "pickup", "phone_orders", "online_shop"):
        if getattr(entry, flag):
            data[flag] = "on"
    data.update(changes)
    return data


def test_editing_an_entry_locks_the_changed_fields_until_released(client, state_editor, source):
    services.harvest(source)
    entry = HarvestedEntry.objects.get()
    client.force_login(state_editor)
    edit = reverse("federation_entries:edit", args=[entry.pk])

    response = client.post(edit, _entry_form(entry, phone="0399 2"))
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.locked_fields == ["phone"]

    services.harvest(source)
    entry.refresh_from_db()
    assert entry.phone == "0399 2"

    client.post(edit, _entry_form(entry, release_locks=["phone"]))
    entry.refresh_from_db()
    assert entry.locked_fields == []
    services.harvest(source)
    entry.refresh_from_db()
    assert entry.phone == "0399 1"


def test_entries_cannot_be_added_by_hand(client, state_editor):
    client.force_login(state_editor)

    assert client.get(reverse("federation_entries:add")).status_code in (302, 403)
