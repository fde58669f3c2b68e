"""A directory import goes into the directory of the importing editor's town, and
an uploaded file (it may hold owners' personal data) is seen only in that town."""

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from portal.directory import importer
from portal.directory.factories import CategoryFactory
from portal.directory.models import DirectoryIndexPage, ImportRun, MerchantPage
from portal.roles.definitions import EDITORS
from portal.roles.services import role_group

CSV = "Name;Branche;Straße;PLZ;Ort\nHofladen Ost;Hofladen;Am Anger 2;12345;Neustadt\n".encode()
MAPPING = {
    **dict.fromkeys(importer.FIELDS, ""),
    "name": "0",
    "category": "1",
    "street": "2",
    "postcode": "3",
    "city": "4",
}
UPLOAD = "/admin/directory/import/"


@pytest.fixture(autouse=True)
def category(db):
    return CategoryFactory(name="Hofladen", slug="hofladen")


def directory_of(town):
    return DirectoryIndexPage.objects.child_of(town.home).get()


def upload(client, **data):
    return client.post(UPLOAD, {"file": SimpleUploadedFile("liste.csv", CSV), **data})


def test_a_town_editor_imports_into_their_own_towns_directory(client, towns):
    a, b = towns
    client.force_login(b.editor)
    preview = upload(client)
    run = ImportRun.objects.get()
    assert preview.url == reverse("directory_import:preview", args=[run.pk])
    assert run.directory == directory_of(b)

    client.post(preview.url, {**MAPPING, "action": "import"})

    imported = MerchantPage.objects.get(title="Hofladen Ost")
    assert imported.get_parent().pk == directory_of(b).pk


def test_another_towns_upload_stays_hidden(client, towns):
    a, b = towns
    client.force_login(b.editor)
    upload(client)
    run = ImportRun.objects.get()

    client.force_login(a.editor)
    assert client.get(reverse("directory_import:preview", args=[run.pk])).status_code == 404
    assert "liste.csv" not in client.get(UPLOAD).content.decode()
    # The upload form offers Altstadt's directory only.
    assert upload(client).status_code == 302
    assert ImportRun.objects.latest("pk").directory == directory_of(a)


def test_an_editor_of_every_town_chooses_the_directory(client, towns):
    a, b = towns
    editor = get_user_model().objects.create_user("landkreis", password="x")
    editor.groups.add(role_group(EDITORS))
    client.force_login(editor)
    page = upload(client).content.decode()
    assert "Bitte wählen Sie das Verzeichnis, in das importiert wird." in page
    assert not ImportRun.objects.exists()
    assert "(Altstadt)" in page and "(Neustadt)" in page

    assert upload(client, directory=directory_of(b).pk).status_code == 302
    assert ImportRun.objects.get().directory == directory_of(b)


def test_the_command_asks_for_the_town_when_there_are_several(towns, tmp_path):
    a, b = towns
    path = tmp_path / "liste.csv"
    path.write_bytes(CSV)
    with pytest.raises(CommandError, match="--town"):
        call_command("import_directory", str(path))
    call_command("import_directory", str(path), town=b.host)
    assert MerchantPage.objects.get(title="Hofladen Ost").get_parent().pk == directory_of(b).pk
