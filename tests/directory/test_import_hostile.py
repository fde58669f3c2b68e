"""Hostile and broken import files: refused whole with a German reason, nothing stored.

The corpus is generated here: random bytes, an executable renamed to .csv,
a UTF-8 file with one Windows-1252 byte, NUL bytes, huge fields, too many
columns and rows, a zip bomb posing as XLSX, formulas. Each file goes through
the importer, the admin upload and the management command.
"""

import io
import random
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from portal.directory import factories, importer
from portal.directory.models import ImportRun, MerchantPage

pytestmark = pytest.mark.django_db

HEADER = "Nr;Firma;Branche;Straße;PLZ;Ort\r\n"
ROW = "A-{n};Laden {n};Einzelhandel;Markt {n};12345;Musterstadt\r\n"


def utf8_with_one_cp1252_byte():
    good = HEADER + ROW.format(n=1) + "A-2;Café Süß;Einzelhandel;Markt 2;12345;Musterstadt\r\n"
    return good.encode("utf-8") + "A-3;Größe Müller;Einzelhandel;x;12345;y\r\n".encode("cp1252")


def xlsx_bomb():
    """A small zip whose worksheet unpacks to 120 MB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (120 * 1024 * 1024))
    return buffer.getvalue()


def xlsx_with_wide_sheet():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([f"Spalte {n}" for n in range(150)])
    sheet.append(["x"] * 150)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


CORPUS = {
    "random bytes": (
        "zufall.csv",
        random.Random(12).randbytes(64 * 1024),
        "Binärdaten",
    ),
    "executable renamed .csv": (
        "programm.csv",
        b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 40,
        "Zeile 1 enthält Binärdaten (ein NUL-Byte)",
    ),
    "NUL byte in a cell": (
        "nul.csv",
        (HEADER + ROW.format(n=1) + "A-2;La\x00den;Einzelhandel;x;12345;y\r\n").encode(),
        "Zeile 3 enthält Binärdaten",
    ),
    "UTF-8 with one Windows-1252 byte": (
        "gemischt.csv",
        utf8_with_one_cp1252_byte(),
        "Zeile 4 ist kein gültiges UTF-8",
    ),
    "300 kB field": (
        "riesig.csv",
        (HEADER + 'A-1;"' + "x" * 300_000 + '";Einzelhandel;x;12345;y\r\n').encode(),
        "Zeile 2 lässt sich nicht als CSV lesen",
    ),
    "10,000 character field": (
        "lang.csv",
        (HEADER + "A-1;" + "x" * 10_000 + ";Einzelhandel;x;12345;y\r\n").encode(),
        "Zeile 2 hat ein Feld mit mehr als 5000 Zeichen",
    ),
    "too many columns": (
        "breit.csv",
        (HEADER + ";".join(["x"] * 300) + "\r\n").encode(),
        "Zeile 2 hat mehr als 100 Spalten",
    ),
    "XLSX bomb": ("bombe.xlsx", xlsx_bomb(), "entpackt größer als 100 MB"),
    "XLSX too wide": ("breit.xlsx", xlsx_with_wide_sheet(), "mehr als 100 Spalten"),
    "not a zip but .xlsx": ("kaputt.xlsx", b"PK\x03\x04kaputt", "konnte nicht gelesen werden"),
    "empty": ("leer.csv", b"\r\n\r\n", "Die Datei ist leer"),
}


@pytest.fixture
def directory_index(home_page):
    factories.CategoryFactory(name="Einzelhandel", slug="einzelhandel")
    return factories.DirectoryIndexPageFactory(parent=home_page)


@pytest.mark.parametrize("case", CORPUS)
def test_the_importer_refuses_the_whole_file_in_german(directory_index, case):
    name, content, message = CORPUS[case]

    with pytest.raises(importer.ImportFileError) as refused:
        importer.run_import(directory_index, content, name)

    assert message in str(refused.value)
    assert not MerchantPage.objects.exists()


@pytest.mark.parametrize("case", CORPUS)
def test_the_admin_upload_answers_with_the_reason_and_keeps_nothing(
    client, superuser, directory_index, case
):
    name, content, message = CORPUS[case]
    client.force_login(superuser)

    response = client.post("/admin/directory/import/", {"file": SimpleUploadedFile(name, content)})

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ImportRun.objects.exists()


@pytest.mark.parametrize("case", ["executable renamed .csv", "300 kB field", "XLSX bomb"])
def test_the_command_fails_with_the_reason_and_no_traceback(directory_index, tmp_path, case):
    name, content, message = CORPUS[case]
    path = tmp_path / name
    path.write_bytes(content)

    with pytest.raises(CommandError) as failed:
        call_command("import_directory", str(path))

    assert message in str(failed.value)
    assert not MerchantPage.objects.exists()


def test_a_mixed_file_imports_when_windows_1252_is_chosen_explicitly(directory_index):
    content = (HEADER + "A-1;Größe Müller;Einzelhandel;x;12345;y\r\n").encode("cp1252")

    report = importer.run_import(directory_index, content, "alt.csv", encoding="cp1252")

    assert report.summary["create"] == 1
    assert MerchantPage.objects.get().title == "Größe Müller"


def test_too_many_rows_are_refused(directory_index, monkeypatch):
    monkeypatch.setattr(importer, "MAX_ROWS", 10)
    content = (HEADER + "".join(ROW.format(n=n) for n in range(20))).encode()

    with pytest.raises(importer.ImportFileError, match="mehr als 10 Zeilen"):
        importer.run_import(directory_index, content, "lang.csv")


def test_formulas_are_imported_as_plain_text_never_evaluated(directory_index):
    content = (
        HEADER + 'A-1;"=HYPERLINK(""https://boese.example"";""Klick"")";Einzelhandel;x;12345;y\r\n'
    ).encode()

    importer.run_import(directory_index, content, "formel.csv")

    assert MerchantPage.objects.get().title == '=HYPERLINK("https://boese.example";"Klick")'


def test_a_large_import_runs_as_a_task_with_progress_and_a_report(
    client, superuser, directory_index
):
    content = (HEADER + "".join(ROW.format(n=n) for n in range(1200))).encode()
    client.force_login(superuser)
    upload = client.post(
        "/admin/directory/import/", {"file": SimpleUploadedFile("gross.csv", content)}
    )
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

    client.post(upload.url, {**mapping, "action": "import"})

    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.DONE
    assert (run.rows_done, run.rows_total) == (1200, 1200)
    assert run.report["summary"]["create"] == 1200
    assert MerchantPage.objects.count() == 1200
    page = client.get(upload.url).content.decode()
    assert "Ergebnis des Imports" in page and "neu: 1200" in " ".join(page.split())
