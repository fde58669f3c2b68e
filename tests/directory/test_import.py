"""Import of business lists: messy CSV, XLSX, idempotent re-runs, merchant edits kept."""

import io

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from portal.directory import factories, importer
from portal.directory.models import ImportSnapshot, MerchantPage, OpeningInterval

pytestmark = pytest.mark.django_db

# As a German spreadsheet exports it: semicolons, Windows-1252, a blank line,
# a duplicate (same external id), a row without a name and a bad postcode.
MESSY = (
    "Nr;Firma;Branche;Straße;PLZ;Ort;Telefon;E-Mail;Öffnungszeiten\r\n"
    "A-1;Bäckerei Müller;Einzelhandel;Hauptstraße 1;12345;Musterstadt;01234 1;"
    "info@mueller.example;Mo-Fr 06:00-18:00\r\n"
    "A-2;Café Süß;Gastronomie;Marktplatz 5;12345;Musterstadt;;;Tu-Su 09:00-18:00\r\n"
    ";;;;;;;;\r\n"
    "A-1;Bäckerei Müller (doppelt);Einzelhandel;Hauptstraße 1;12345;Musterstadt;;;\r\n"
    "A-3;;Einzelhandel;Nebenstraße 3;12345;Musterstadt;;;\r\n"
    "A-4;Blumen Groß;Einzelhandel;Gartenweg 2;1234;Musterstadt;;;\r\n"
    ";Schlüsseldienst Flink;Handwerk;Torstraße 9;12345;Musterstadt;;;Mo-Fr 08:00-17:00\r\n"
).encode("cp1252")


@pytest.fixture
def categories(db):
    factories.CategoryFactory(name="Einzelhandel", slug="einzelhandel")
    factories.CategoryFactory(name="Gastronomie", slug="gastronomie")
    factories.CategoryFactory(name="Handwerk", slug="handwerk")


def test_messy_windows_1252_file_imports_good_rows_and_reports_bad_ones_in_german(
    directory_index, categories
):
    report = importer.run_import(directory_index, MESSY, "export.csv")

    assert report.summary == {"create": 3, "update": 0, "unchanged": 0, "refused": 3}
    titles = set(MerchantPage.objects.child_of(directory_index).values_list("title", flat=True))
    assert titles == {"Bäckerei Müller", "Café Süß", "Schlüsseldienst Flink"}
    refused = {row.line: row.messages for row in report.rows if row.action == "refused"}
    assert refused[5] == ["Doppelt (wie Zeile 2); übersprungen."]
    assert refused[6] == ["Der Name fehlt."]
    assert refused[7] == ["Die Postleitzahl „1234“ ist ungültig (fünf Ziffern)."]
    baker = MerchantPage.objects.get(external_id="A-1")
    assert baker.live and baker.street == "Hauptstraße 1" and baker.email == "info@mueller.example"
    assert OpeningInterval.objects.filter(page=baker).exists()
    # Found by Wagtail search like any other profile.
    assert list(MerchantPage.objects.live().search("Schlüsseldienst")) == [
        MerchantPage.objects.get(title="Schlüsseldienst Flink")
    ]


def test_rerunning_the_same_file_changes_nothing(directory_index, categories):
    importer.run_import(directory_index, MESSY, "export.csv")
    before = list(MerchantPage.objects.order_by("pk").values())
    snapshots = list(
        ImportSnapshot.objects.order_by("pk").values("page_id", "values", "imported_at")
    )

    report = importer.run_import(directory_index, MESSY, "export.csv")

    assert report.summary == {"create": 0, "update": 0, "unchanged": 3, "refused": 3}
    assert list(MerchantPage.objects.order_by("pk").values()) == before
    assert (
        list(ImportSnapshot.objects.order_by("pk").values("page_id", "values", "imported_at"))
        == snapshots
    )


def test_dry_run_reports_without_writing(directory_index, categories):
    report = importer.run_import(directory_index, MESSY, "export.csv", dry_run=True)
    assert report.summary["create"] == 3
    assert not MerchantPage.objects.exists()


def test_a_field_the_merchant_edited_since_is_never_overwritten(directory_index, categories):
    importer.run_import(directory_index, MESSY, "export.csv")
    baker = MerchantPage.objects.get(external_id="A-1")
    baker.phone = "0170 999"  # edited by the merchant
    baker.save_revision().publish()

    changed = MESSY.replace(b"01234 1", b"01234 2").replace(
        "Hauptstraße 1;12345".encode("cp1252"), "Hauptstraße 1a;12345".encode("cp1252"), 1
    )
    report = importer.run_import(directory_index, changed, "export.csv")

    baker.refresh_from_db()
    assert baker.phone == "0170 999"
    assert baker.street == "Hauptstraße 1a"
    row = next(row for row in report.rows if row.line == 2)
    assert row.action == "update"
    assert row.kept_fields == ["phone"]
    assert "Vom Betrieb geänderte Felder beibehalten: phone" in row.messages


def test_rows_without_external_id_match_on_name_and_address(directory_index, categories):
    importer.run_import(directory_index, MESSY, "export.csv")
    report = importer.run_import(directory_index, MESSY, "export.csv")
    locksmith = next(row for row in report.rows if row.name == "Schlüsseldienst Flink")
    assert locksmith.action == "unchanged"
    assert MerchantPage.objects.filter(title="Schlüsseldienst Flink").count() == 1


def test_xlsx_and_utf8_comma_files_are_read(directory_index, categories):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Name", "Kategorie", "Adresse", "PLZ", "Ort"])
    sheet.append(["Optik Klar", "Einzelhandel", "Brillenweg 1", 12345, "Musterstadt"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert (
        importer.run_import(directory_index, buffer.getvalue(), "liste.xlsx").summary["create"] == 1
    )

    csv_utf8 = "\ufeffName,Kategorie,PLZ\nHotel Ruh,Einzelhandel,12345\n".encode()
    assert importer.run_import(directory_index, csv_utf8, "liste.csv").summary["create"] == 1


def test_management_command_prints_the_german_report(directory_index, categories, tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(MESSY)
    out = io.StringIO()
    call_command("import_directory", str(path), stdout=out)
    text = out.getvalue()
    assert "Zeile 6 (–): Der Name fehlt." in text
    assert "neu: 3, aktualisiert: 0, unverändert: 0, abgelehnt: 3" in text


def test_admin_upload_previews_maps_columns_and_dry_runs(
    client, superuser, directory_index, categories
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(superuser)
    response = client.post(
        "/admin/directory/import/", {"file": SimpleUploadedFile("export.csv", MESSY, "text/csv")}
    )
    assert response.status_code == 302
    preview = client.get(response.url)
    assert "Bäckerei Müller" in preview.content.decode()
    mapping = dict.fromkeys(importer.FIELDS, "")
    mapping.update(
        {
            "external_id": "0",
            "name": "1",
            "category": "2",
            "street": "3",
            "postcode": "4",
            "city": "5",
        }
    )
    client.post(response.url, {**mapping, "action": "dry_run"})
    assert not MerchantPage.objects.exists()
    page = client.get(response.url).content.decode()
    assert "Ergebnis des Probelaufs" in page and "Der Name fehlt." in page
    client.post(response.url, {**mapping, "action": "import"})
    assert MerchantPage.objects.count() == 3
