"""Import business records (CSV or XLSX) into directory profiles.

Files come from spreadsheets of the economic-development office: CSV in
UTF-8 or Windows-1252, comma- or semicolon-separated, or XLSX. Files are
distrusted: size, encoding (strict, with the line of the first bad byte),
rows, columns, field length and an XLSX's unpacked size are checked before
any row is used, and a file that fails is refused whole with a German reason. A column
mapping says which column holds which field (guessed from German headers,
adjustable in the admin). Each row is matched to an existing profile by its
external id, else by name and address, so re-running a file changes nothing.
A field the merchant edited since the last import (it differs from the value
the import wrote then, kept in ``ImportSnapshot``) is never overwritten.
Broken rows are refused with a German reason while the good rows go in.
"""

import csv
import io
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from portal.home.slugs import german_slugify as slugify

from . import hours, weekly_hours
from .bulk import bulk_create_merchant_pages, reindex
from .models import Category, ImportSnapshot, MerchantPage, PostcodeArea

# Target fields a column can be mapped to, with the header names that map by default.
FIELDS = {
    "external_id": ["id", "externe id", "external id", "kennung", "nr", "nummer", "betriebsnummer"],
    "name": ["name", "firma", "betrieb", "unternehmen", "geschäftsname", "firmenname"],
    "category": ["kategorie", "branche", "category"],
    "street": ["straße", "strasse", "str.", "adresse", "anschrift", "street"],
    "postcode": ["plz", "postleitzahl", "postcode"],
    "city": ["ort", "stadt", "gemeinde", "city"],
    "phone": ["telefon", "tel", "tel.", "phone", "telefonnummer"],
    "email": ["e-mail", "email", "mail"],
    "website": ["website", "webseite", "internet", "homepage", "url"],
    "opening_hours": ["öffnungszeiten", "opening_hours", "oeffnungszeiten"],
    "short_description": ["beschreibung", "kurzbeschreibung", "description"],
    "latitude": ["lat", "latitude", "breitengrad", "breite"],
    "longitude": ["lon", "lng", "longitude", "längengrad", "laenge", "länge"],
    "legal_name": ["rechtlicher name", "firmierung", "legal name"],
    "register_entry": ["handelsregister", "registereintrag", "register"],
    "vat_id": ["ust-id", "ust-idnr", "ustid", "umsatzsteuer-id", "vat id"],
}
FIELD_LABELS = {
    "external_id": _("External id"),
    "name": _("Name"),
    "category": _("Category"),
    "street": _("Street"),
    "postcode": _("Postcode"),
    "city": _("Town"),
    "phone": _("Phone"),
    "email": _("Email"),
    "website": _("Website"),
    "opening_hours": _("Opening hours"),
    "short_description": _("Short description"),
    "latitude": _("Latitude"),
    "longitude": _("Longitude"),
    "legal_name": _("Legal name"),
    "register_entry": _("Register entry"),
    "vat_id": _("VAT id"),
}
# Profile fields the import writes (and protects once a merchant edited them).
PAGE_FIELDS = [
    "title",
    "primary_category_id",
    "street",
    "postcode",
    "city",
    "phone",
    "email",
    "website",
    "opening_hours",
    "short_description",
    "latitude",
    "longitude",
    "legal_name",
    "register_entry",
    "vat_id",
]


class ImportFileError(Exception):
    """The file as a whole cannot be read (message in German)."""


@dataclass
class RowResult:
    line: int
    action: str  # "create", "update", "unchanged", "refused"
    name: str = ""
    messages: list = field(default_factory=list)
    changed_fields: list = field(default_factory=list)
    kept_fields: list = field(default_factory=list)


@dataclass
class ImportReport:
    rows: list = field(default_factory=list)
    dry_run: bool = True

    def count(self, action):
        return sum(1 for row in self.rows if row.action == action)

    @property
    def summary(self):
        return {
            action: self.count(action) for action in ("create", "update", "unchanged", "refused")
        }

    def as_dict(self):
        return {
            "dry_run": self.dry_run,
            "summary": self.summary,
            "rows": [row.__dict__ for row in self.rows],
        }


# ---------------------------------------------------------------------------
# Reading files


# Limits that keep a hostile or broken file from exhausting a worker. A real
# directory of a town has a few thousand rows and some twenty columns.
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 50_000
MAX_COLUMNS = 100
MAX_CELL_CHARS = 5_000
# An XLSX is a zip: its members together may unpack to at most this much.
MAX_XLSX_UNPACKED_BYTES = 100 * 1024 * 1024
ENCODINGS = {"auto": "", "utf-8": "utf-8-sig", "cp1252": "cp1252"}
# A byte sequence that only UTF-8 writes (a lead byte and its continuation bytes).
UTF8_SEQUENCE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")


def _line_of(content, offset):
    return content.count(b"\n", 0, offset) + 1


def decode(content, encoding="auto"):
    """The file's text, decoded strictly; a German ``ImportFileError`` naming the line otherwise.

    ``auto`` reads UTF-8, and Windows-1252 only for a file that contains no
    UTF-8 at all: a UTF-8 file with one stray Windows-1252 byte is refused at
    that byte's line instead of being read wholly in the wrong encoding.
    """
    if b"\x00" in content:
        raise ImportFileError(
            _("Line %(line)d contains binary data (a NUL byte): this is not a CSV text file.")
            % {"line": _line_of(content, content.index(b"\x00"))}
        )
    if encoding not in ENCODINGS:
        raise ImportFileError(_("Unknown encoding: %(value)s") % {"value": encoding})
    if encoding == "auto":
        try:
            return content.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            if UTF8_SEQUENCE.search(content):
                raise ImportFileError(
                    _(
                        "Line %(line)d is not valid UTF-8, although the file is written in "
                        "UTF-8 elsewhere. Correct that line, or choose the encoding "
                        "Windows-1252 if the whole file is in it."
                    )
                    % {"line": _line_of(content, error.start)}
                ) from None
        encoding = "cp1252"
    try:
        return content.decode(ENCODINGS[encoding])
    except UnicodeDecodeError as error:
        raise ImportFileError(
            _("Line %(line)d is not valid %(encoding)s. Choose the encoding the file is saved in.")
            % {
                "line": _line_of(content, error.start),
                "encoding": "UTF-8" if encoding == "utf-8" else "Windows-1252",
            }
        ) from None


def _check_table(table):
    if len(table) > MAX_ROWS + 1:
        raise ImportFileError(
            _("The file has more than %(limit)d rows. Please split it.") % {"limit": MAX_ROWS}
        )
    for line, cells in table:
        if len(cells) > MAX_COLUMNS:
            raise ImportFileError(
                _("Line %(line)d has more than %(limit)d columns.")
                % {"line": line, "limit": MAX_COLUMNS}
            )
        if any(len(cell) > MAX_CELL_CHARS for cell in cells):
            raise ImportFileError(
                _("Line %(line)d has a field of more than %(limit)d characters.")
                % {"line": line, "limit": MAX_CELL_CHARS}
            )


def read_table(content, filename="", encoding="auto"):
    """``(headers, rows)`` of a CSV (UTF-8/Windows-1252, ``,``/``;``/tab) or XLSX file.

    Each row is ``(line number in the file, cells)``; blank lines are skipped
    but keep their place in the numbering, so reports name the real line.
    A file over the limits above is refused as a whole, before any row is
    used (``ImportFileError``).
    """
    if len(content) > MAX_FILE_BYTES:
        raise ImportFileError(
            _("The file is larger than %(size)d MB.") % {"size": MAX_FILE_BYTES // 1024 // 1024}
        )
    if filename.lower().endswith(".xlsx") or content[:4] == b"PK\x03\x04":
        return _read_xlsx(content)
    text = decode(content, encoding)
    first = text.split("\n", 1)[0]
    if not text.strip():
        raise ImportFileError(_("The file is empty."))
    delimiter = max((";", ",", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    table = []
    try:
        for row in reader:
            if len(table) > MAX_ROWS or len(row) > MAX_COLUMNS:
                table.append((reader.line_num, row))
                break
            if any(cell.strip() for cell in row):
                table.append((reader.line_num, row))
    except csv.Error:  # e.g. a field over csv's own size limit
        raise ImportFileError(
            _("Line %(line)d cannot be read as CSV (a field is too long or badly quoted).")
            % {"line": reader.line_num}
        ) from None
    if not table:
        raise ImportFileError(_("The file is empty."))
    _check_table(table)
    return [cell.strip() for cell in table[0][1]], table[1:]


def _check_xlsx_size(content):
    """Refuse a zip that unpacks to too much before openpyxl parses anything."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ImportFileError(_("The Excel file could not be read.")) from None
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        raise ImportFileError(
            _("The Excel file unpacks to more than %(size)d MB and is refused.")
            % {"size": MAX_XLSX_UNPACKED_BYTES // 1024 // 1024}
        )


def _read_xlsx(content):
    from openpyxl import load_workbook

    _check_xlsx_size(content)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for broken files
        raise ImportFileError(_("The Excel file could not be read.")) from error
    try:
        sheet = workbook.worksheets[0]
        table = []
        # At most one column and one row more than allowed are read: enough to refuse.
        rows = sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS + 1)
        for line, row in enumerate(rows, start=1):
            if any(cell not in (None, "") for cell in row):
                table.append((line, ["" if cell is None else str(cell) for cell in row]))
            if len(table) > MAX_ROWS + 1:
                break
    except Exception as error:  # a broken sheet inside a valid zip
        raise ImportFileError(_("The Excel file could not be read.")) from error
    finally:
        workbook.close()
    if not table:
        raise ImportFileError(_("The file is empty."))
    for _line, cells in table:  # trailing empty cells of a wide sheet do not count
        while cells and cells[-1] == "":
            cells.pop()
    _check_table(table)
    return [cell.strip() for cell in table[0][1]], table[1:]


def guess_mapping(headers):
    """Target field -> column index, from the header names."""
    normalised = [header.strip().lower() for header in headers]
    mapping = {}
    for target, names in FIELDS.items():
        for index, header in enumerate(normalised):
            if header in names and index not in mapping.values():
                mapping[target] = index
                break
    return mapping


# ---------------------------------------------------------------------------
# Rows to values


def _norm(text):
    text = re.sub(r"\s+", " ", (text or "").strip().lower())
    return text.replace("straße", "str").replace("strasse", "str").replace("str.", "str")


def natural_key(name, street, postcode):
    return f"{_norm(name)}|{_norm(street)}|{postcode.strip()}"


def _float(value):
    value = (value or "").strip().replace(",", ".")
    return float(value) if value else None


class RowReader:
    """Turns one mapped row into profile values or German error messages."""

    def __init__(self, mapping):
        self.mapping = mapping
        self.categories = {}
        for category in Category.objects.all():
            self.categories[category.name.lower()] = category
            self.categories[category.slug] = category
        self.checked_hours = {}
        self.centroids = {
            code: (lat, lon)
            for code, lat, lon in PostcodeArea.objects.values_list(
                "postcode", "latitude", "longitude"
            )
        }

    def osm_hours(self, expression):
        """``expression`` in OSM syntax (German input such as "Di-So 10-18 Uhr" read
        as such), or ``None`` when invalid. Parsed once per distinct expression: a
        file repeats the same hours thousands of times."""
        if expression not in self.checked_hours:
            self.checked_hours[expression] = None
            for candidate in (expression, weekly_hours.from_german(expression)):
                try:
                    hours.validate_opening_hours(candidate)
                except ValidationError:
                    continue
                self.checked_hours[expression] = candidate
                break
        return self.checked_hours[expression]

    def cell(self, row, target):
        index = self.mapping.get(target)
        if index is None or index >= len(row):
            return ""
        return (row[index] or "").strip()

    def values(self, row):
        errors = []
        get = lambda target: self.cell(row, target)  # noqa: E731
        name = get("name")
        if not name:
            errors.append(_("The name is missing."))
        postcode = get("postcode").replace(" ", "")
        if postcode and not re.fullmatch(r"\d{5}", postcode):
            errors.append(
                _('The postcode "%(value)s" is invalid (five digits).') % {"value": postcode}
            )
        category_name = get("category")
        category = self.categories.get(category_name.lower()) if category_name else None
        if category_name and category is None:
            errors.append(_('The category "%(value)s" is unknown.') % {"value": category_name})
        if not category_name:
            errors.append(_("The category is missing."))
        email = get("email")
        if email:
            try:
                validate_email(email)
            except ValidationError:
                errors.append(_('The email address "%(value)s" is invalid.') % {"value": email})
        website = get("website")
        if website and not website.startswith(("http://", "https://")):
            website = f"https://{website}"
        if website:
            try:
                URLValidator()(website)
            except ValidationError:
                errors.append(_('The website "%(value)s" is invalid.') % {"value": website})
        opening_hours = get("opening_hours")
        if opening_hours and self.osm_hours(opening_hours) is None:
            errors.append(
                _('The opening hours "%(value)s" are not in OpenStreetMap format.')
                % {"value": opening_hours}
            )
        elif opening_hours:
            opening_hours = self.osm_hours(opening_hours)
        try:
            latitude, longitude = _float(get("latitude")), _float(get("longitude"))
        except ValueError:
            errors.append(_("The coordinates are not numbers."))
            latitude = longitude = None
        if latitude is None and postcode in self.centroids:
            latitude, longitude = self.centroids[postcode]
        vat_id = get("vat_id").replace(" ", "").upper()
        if vat_id and not re.fullmatch(r"DE\d{9}", vat_id):
            errors.append(_('The VAT id "%(value)s" is invalid.') % {"value": vat_id})
        if errors:
            return None, errors
        values = {
            "title": name[:255],
            "primary_category_id": category.pk,
            "street": get("street")[:200],
            "postcode": postcode,
            "city": get("city")[:120],
            "phone": get("phone")[:40],
            "email": email.lower(),
            "website": website,
            "opening_hours": opening_hours,
            "short_description": get("short_description")[:300],
            "latitude": latitude,
            "longitude": longitude,
            "legal_name": get("legal_name")[:200],
            "register_entry": get("register_entry")[:200],
            "vat_id": vat_id,
        }
        return values, []


# ---------------------------------------------------------------------------
# Running an import


def run_import(
    index, content, filename="", mapping=None, *, dry_run=False, encoding="auto", progress=None
):
    """Import ``content`` below the directory ``index``; returns an ``ImportReport``.

    ``progress(done, total)``, if given, is called every ``PROGRESS_EVERY`` rows
    while the rows are checked (the background task shows it in the admin).
    """
    headers, table = read_table(content, filename, encoding)
    mapping = guess_mapping(headers) if mapping is None else mapping
    if "name" not in mapping:
        raise ImportFileError(_("No column is mapped to the name."))
    reader = RowReader(mapping)
    existing = _existing_profiles(index)
    report = ImportReport(dry_run=dry_run)
    to_create, to_update, seen = [], [], {}
    slugs = set(index.get_children().values_list("slug", flat=True))
    for number, (line, row) in enumerate(table):
        if progress is not None and number % PROGRESS_EVERY == 0:
            progress(number, len(table))
        values, errors = reader.values(row)
        result = RowResult(line=line, action="refused", name=reader.cell(row, "name"))
        report.rows.append(result)
        if errors:
            result.messages = errors
            continue
        external_id = reader.cell(row, "external_id")[:64]
        key = external_id or natural_key(values["title"], values["street"], values["postcode"])
        if key in seen:
            result.messages = [_("Duplicate of line %(line)d; skipped.") % {"line": seen[key]}]
            continue
        seen[key] = line
        page_id = existing.get(("id", external_id)) if external_id else None
        if page_id is None:
            page_id = existing.get(
                ("key", natural_key(values["title"], values["street"], values["postcode"]))
            )
        if page_id is None:
            result.action = "create"
            slug = _unique_slug(slugs, values["title"])
            to_create.append((MerchantPage(slug=slug, external_id=external_id, **values), values))
        else:
            to_update.append((page_id, external_id, values, result))
    plans = _plan_updates(to_update)
    if not dry_run:
        with transaction.atomic():
            _create(index, to_create)
            _update(plans)
    return report


PROGRESS_EVERY = 500


def _unique_slug(slugs, title):
    base = slugify(title)[:70] or "betrieb"
    slug, number = base, 1
    while slug in slugs:
        number += 1
        slug = f"{base}-{number}"
    slugs.add(slug)
    return slug


def _existing_profiles(index):
    found = {}
    rows = MerchantPage.objects.child_of(index).values_list(
        "pk", "external_id", "title", "street", "postcode"
    )
    for pk, external_id, title, street, postcode in rows:
        if external_id:
            found[("id", external_id)] = pk
        found[("key", natural_key(title, street, postcode))] = pk
    return found


def _plan_updates(to_update):
    """Decide per field: write, keep (merchant edited it) or leave alone (unchanged).

    Returns ``(page_id, writes, snapshot)`` per matched row whose profile or
    snapshot must change; the row results get their action and messages.
    """
    ids = [page_id for page_id, *_rest in to_update]
    pages = {
        page.pk: page
        for page in MerchantPage.objects.filter(pk__in=ids).only("pk", "external_id", *PAGE_FIELDS)
    }
    snapshots = dict(
        ImportSnapshot.objects.filter(page_id__in=ids).values_list("page_id", "values")
    )
    plans = []
    for page_id, external_id, values, result in to_update:
        page = pages[page_id]
        snapshot = snapshots.get(page_id)
        writes = {}
        for name in PAGE_FIELDS:
            new, current = values[name], getattr(page, name)
            if new == current:
                continue
            if snapshot is not None and name in snapshot:
                edited = snapshot[name] != current
            else:
                # Never imported before: what the business entered wins, gaps are filled.
                edited = current not in ("", None)
            if edited:
                result.kept_fields.append(name)
            else:
                writes[name] = new
                result.changed_fields.append(name)
        if external_id and not page.external_id:
            writes["external_id"] = external_id
        new_snapshot = {name: values[name] for name in PAGE_FIELDS}
        result.action = "update" if writes else "unchanged"
        if result.kept_fields:
            result.messages.append(
                _("Kept fields edited by the business: %(fields)s")
                % {"fields": ", ".join(result.kept_fields)}
            )
        if writes or new_snapshot != snapshot:
            plans.append((page_id, writes, new_snapshot))
    return plans


def _create(index, to_create):
    pages = [page for page, _values in to_create]
    bulk_create_merchant_pages(index, pages)
    ImportSnapshot.objects.bulk_create(
        [ImportSnapshot(page_id=page.pk, values=values) for page, values in to_create],
        batch_size=2000,
    )


def _update(plans):
    from .services import refresh_opening_intervals

    changed = []
    for page_id, writes, snapshot in plans:
        if writes:
            if "title" in writes:
                writes["draft_title"] = writes["title"]
            MerchantPage.objects.filter(pk=page_id).update(**writes)
            changed.append(page_id)
        ImportSnapshot.objects.update_or_create(page_id=page_id, defaults={"values": snapshot})
    if changed:
        reindex(changed)
        refresh_opening_intervals(MerchantPage.objects.filter(pk__in=changed))
