"""The portal's one CSV writer: German spreadsheet format and no formulas smuggled in."""

import csv
import datetime
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from portal import spreadsheets


def read(data):
    """Rows as a German spreadsheet program reads the bytes (BOM checked and dropped)."""
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def test_file_starts_with_a_bom_and_separates_cells_with_semicolons():
    data = spreadsheets.csv_bytes([["Name", "Ort"], ["Bäckerei Korn", "Musterstadt"]])

    assert data.startswith("\ufeffName;Ort\r\n".encode())
    assert read(data) == [["Name", "Ort"], ["Bäckerei Korn", "Musterstadt"]]


def test_amounts_get_a_decimal_comma_and_keep_their_places():
    row = read(spreadsheets.csv_bytes([[Decimal("1234.50"), Decimal("-3.5"), 7, 0.25]]))[0]

    assert row == ["1234,50", "-3,5", "7", "0,25"]


def test_dates_times_none_and_booleans_are_written_the_german_way():
    moment = datetime.datetime(2025, 12, 31, 23, 30, tzinfo=datetime.UTC)

    row = read(spreadsheets.csv_bytes([[datetime.date(2025, 3, 1), moment, None, True, False]]))[0]

    # 23:30 UTC is half past midnight in Berlin on New Year's Day.
    assert moment.astimezone(ZoneInfo("Europe/Berlin")).day == 1
    assert row == ["01.03.2025", "01.01.2026 00:30", "", "Ja", "Nein"]


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("http://evil.example","Klick")',
        "+49 170 1234567",
        "-2+3",
        "@SUM(A1:A2)",
        "\t=1+1",
        "\r=1+1",
    ],
)
def test_text_a_spreadsheet_would_run_as_a_formula_is_neutralised(text):
    row = read(spreadsheets.csv_bytes([[text]]))[0]

    assert row == ["'" + text]


def test_ordinary_text_and_negative_numbers_are_left_alone():
    row = read(spreadsheets.csv_bytes([["Korn = lecker", "a-b", Decimal("-1.00")]]))[0]

    assert row == ["Korn = lecker", "a-b", "-1,00"]


def test_cells_with_separators_quotes_and_line_breaks_survive_the_round_trip():
    text = 'Laib; "groß"\nzweite Zeile'

    assert read(spreadsheets.csv_bytes([[text, "x"]])) == [[text, "x"]]


def test_the_download_response_names_the_file_and_the_encoding():
    response = spreadsheets.csv_response("bestellungen-2025", [["Nr."], ["100001"]])

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="bestellungen-2025.csv"'
    assert read(response.content) == [["Nr."], ["100001"]]
