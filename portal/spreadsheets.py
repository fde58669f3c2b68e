"""The one CSV writer of the portal: files that open correctly in a German spreadsheet program.

Every CSV the portal hands out (orders, shop reports, voucher statements,
employer code sheets, ...) is written here, so they all share the format
German Excel and LibreOffice read without an import dialog:

- UTF-8 with a byte order mark (without it Excel reads "Bäckerei" as "BÃ¤ckerei"),
- semicolons between cells (the comma is the decimal separator),
- amounts and other decimals with a decimal comma and no thousands separator
  ("1234,50"), dates as "31.12.2025" and times in the portal's time zone,
- text that a spreadsheet would run as a formula neutralised: a cell starting
  with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading
  apostrophe (CSV injection: a guest who calls itself ``=HYPERLINK(...)``
  must not become a live link in the merchant's order list).

Callers pass Python values (``Decimal``, ``date``, ``None``, ``bool``, text);
numbers are formatted, never neutralised, so "-3,50" stays a negative amount.
"""

import csv
import datetime
import io
from decimal import Decimal

from django.http import HttpResponse
from django.template.defaultfilters import yesno
from django.utils import timezone
from django.utils.encoding import force_str

BOM = "\ufeff"
DELIMITER = ";"
# Characters with which a spreadsheet starts a formula (or, after trimming, could).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CONTENT_TYPE = "text/csv; charset=utf-8"


def neutralise(text):
    """``text`` with an apostrophe in front if a spreadsheet would read it as a formula."""
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def decimal_text(value):
    """A number with a decimal comma, all its decimal places kept ("1234,50", "-0,5")."""
    text = format(value, "f") if isinstance(value, Decimal) else repr(value)
    return text.replace(".", ",")


def cell(value):
    """The text of one cell for ``value`` (see the module docstring for the rules)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return yesno(value)  # Django's own catalogue: "Ja" / "Nein"
    if isinstance(value, (Decimal, float)):
        return decimal_text(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    return neutralise(force_str(value))


def write_rows(out, rows):
    """Write ``rows`` (iterables of values) to the text stream ``out``, without a BOM."""
    writer = csv.writer(out, delimiter=DELIMITER, lineterminator="\r\n")
    for row in rows:
        writer.writerow([cell(value) for value in row])


def csv_text(rows):
    """The whole file as text, starting with the byte order mark."""
    out = io.StringIO()
    out.write(BOM)
    write_rows(out, rows)
    return out.getvalue()


def csv_bytes(rows):
    """The whole file as UTF-8 bytes (BOM included), e.g. for an e-mail attachment."""
    return csv_text(rows).encode("utf-8")


def csv_response(filename, rows):
    """A download of ``rows`` named ``filename`` (".csv" is added if missing)."""
    if not filename.endswith(".csv"):
        filename += ".csv"
    response = HttpResponse(csv_bytes(rows), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
