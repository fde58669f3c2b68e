"""Reading a source: fetching it over HTTP and turning a JSON feed or CSV file into records.

Everything here only reads; nothing is written until the whole source has
been fetched and every record checked (``services.harvest``). A source is
all or nothing: one broken record refuses the whole fetch with a German
message naming it, so a half-broken export never withdraws good entries.
"""

import json
import math
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import requests
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils.translation import gettext as _

from portal.directory import importer

# Limits that keep a slow or hostile source from tying up a worker.
TIMEOUT_SECONDS = (5, 30)  # connect, read
MAX_BYTES = 10 * 1024 * 1024
MAX_PAGES = 100
MAX_RECORDS = 20_000
USER_AGENT = "Stadtportal-Harvester/1.0"

TRUE_WORDS = {"ja", "j", "yes", "y", "x", "1", "true", "wahr"}
FALSE_WORDS = {"", "nein", "n", "no", "0", "false", "falsch"}
FLAGS = ("delivery", "pickup", "phone_orders", "online_shop")
LIMITS = {
    "identifier": 200,
    "name": 200,
    "street": 200,
    "postcode": 10,
    "city": 120,
    "phone": 40,
    "email": 254,
    "url": 500,
    "opening_hours": 255,
    "categories": 300,
    "region": 120,
}
DESCRIPTION_LIMIT = 1000

# CSV columns (docs/federation.md) and the other headers read as the same column.
CSV_COLUMNS = {
    "identifier": ["kennung", "id", "identifier"],
    "kind": ["art", "typ", "kind"],
    "name": ["name"],
    "street": ["strasse", "straße", "street"],
    "postcode": ["plz", "postleitzahl", "postcode"],
    "city": ["ort", "city"],
    "region": ["region", "landkreis"],
    "latitude": ["breitengrad", "lat", "latitude"],
    "longitude": ["laengengrad", "längengrad", "lon", "lng", "longitude"],
    "phone": ["telefon", "phone"],
    "email": ["e-mail", "email"],
    "url": ["website", "url", "internet"],
    "opening_hours": ["oeffnungszeiten", "öffnungszeiten", "opening_hours"],
    "description": ["beschreibung", "description"],
    "categories": ["kategorien", "kategorie", "categories"],
    "delivery": ["lieferung", "delivery"],
    "pickup": ["abholung", "pickup"],
    "phone_orders": ["telefonbestellung", "phone_orders"],
    "online_shop": ["onlineshop", "online-shop", "online_shop"],
}
BUSINESS_WORDS = {"", "betrieb", "geschäft", "geschaeft", "laden", "business"}
INITIATIVE_WORDS = {"initiative", "organisation", "organization", "verein"}
INITIATIVE_TYPES = {"Organization", "NGO", "Project", "Cooperative"}


class HarvestError(Exception):
    """The source as a whole cannot be taken over (message in German)."""


@dataclass
class Record:
    identifier: str
    kind: str
    name: str
    street: str = ""
    postcode: str = ""
    city: str = ""
    region: str = ""
    latitude: float | None = None
    longitude: float | None = None
    phone: str = ""
    email: str = ""
    url: str = ""
    opening_hours: str = ""
    description: str = ""
    categories: str = ""
    delivery: bool = False
    pickup: bool = False
    phone_orders: bool = False
    online_shop: bool = False
    extra: dict = field(default_factory=dict)


def fetch(url):
    """The bytes at ``url``; ``HarvestError`` on a timeout, an error status or too much data."""
    try:
        with requests.get(
            url,
            timeout=TIMEOUT_SECONDS,
            stream=True,
            headers={"User-Agent": USER_AGENT, "Accept": "application/json, text/csv, */*"},
        ) as response:
            if response.status_code != 200:
                raise HarvestError(
                    _("The source answered with HTTP status %(status)d.")
                    % {"status": response.status_code}
                )
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > MAX_BYTES:
                raise _too_large()
            chunks, size = [], 0
            for chunk in response.iter_content(64 * 1024):
                size += len(chunk)
                if size > MAX_BYTES:
                    raise _too_large()
                chunks.append(chunk)
            return b"".join(chunks)
    except requests.Timeout:
        raise HarvestError(_("The source did not answer in time.")) from None
    except requests.RequestException:
        raise HarvestError(_("The source cannot be reached.")) from None


def _too_large():
    return HarvestError(
        _("The source sends more than %(size)d MB.") % {"size": MAX_BYTES // 1024 // 1024}
    )


def read_source(source):
    """Every record of ``source`` (a ``models.Source``), checked; ``HarvestError`` otherwise."""
    if source.kind == source.Kind.CSV:
        if source.url:
            content, filename = fetch(source.url), urlsplit(source.url).path
        else:
            content, filename = bytes(source.csv_content or b""), source.csv_filename
        if not content:
            raise HarvestError(_("The source has neither an address nor an uploaded file."))
        records = read_csv(content, filename)
    else:
        if not source.url:
            raise HarvestError(_("A feed needs an address."))
        records = read_feed(source.url)
    _check_unique(records)
    return records


# ---------------------------------------------------------------------------
# JSON feed


def read_feed(url, fetcher=None):
    """The records of a feed and its following pages (``nextPage``, same host only)."""
    fetcher = fetcher or fetch
    records, seen_pages, page_url = [], set(), url
    origin = urlsplit(url)[:2]
    while page_url:
        if len(seen_pages) >= MAX_PAGES:
            raise HarvestError(_("The feed has more than %(pages)d pages.") % {"pages": MAX_PAGES})
        seen_pages.add(page_url)
        data = _json(fetcher(page_url))
        records += parse_feed(data, offset=len(records))
        if len(records) > MAX_RECORDS:
            raise HarvestError(
                _("The source has more than %(limit)d entries.") % {"limit": MAX_RECORDS}
            )
        next_url = data.get("nextPage") or ""
        if next_url and (not isinstance(next_url, str) or urlsplit(next_url)[:2] != origin):
            raise HarvestError(_("The feed's next page lies on another server."))
        page_url = next_url if next_url not in seen_pages else ""
    return records


def _json(content):
    try:
        return json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise HarvestError(_("The feed is not valid JSON.")) from None


def parse_feed(data, offset=0):
    """Records of one page of a schema.org ``DataFeed`` (the format of ``feed.py``)."""
    if not isinstance(data, dict) or data.get("@type") != "DataFeed":
        raise HarvestError(_("The feed is not a schema.org DataFeed."))
    elements = data.get("dataFeedElement")
    if not isinstance(elements, list):
        raise HarvestError(_("The feed has no list “dataFeedElement”."))
    records = []
    for number, element in enumerate(elements, start=offset + 1):
        item = element.get("item") if isinstance(element, dict) and "item" in element else element
        if not isinstance(item, dict):
            raise _bad_entry(number, _("it is not an object"))
        try:
            records.append(_record_from_item(item))
        except ValueError as error:
            raise _bad_entry(number, str(error)) from None
    return records


def _bad_entry(number, reason):
    return HarvestError(
        _("Entry %(number)d of the feed is invalid: %(reason)s. Nothing was changed.")
        % {"number": number, "reason": reason}
    )


def _text(value):
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(_text(part) for part in value if part is not None)
    if isinstance(value, dict):
        return _text(value.get("name"))
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return str(value).strip()
    raise ValueError(_("a text field holds something else"))


def _record_from_item(item):
    types = item.get("@type")
    types = set(types) if isinstance(types, list) else {types}
    kind = "initiative" if types & INITIATIVE_TYPES else "business"
    address = item.get("address") or {}
    geo = item.get("geo") or {}
    if not isinstance(address, dict) or not isinstance(geo, dict):
        raise ValueError(_("address or position is not an object"))
    features = item.get("amenityFeature") or []
    if not isinstance(features, list):
        raise ValueError(_("“amenityFeature” is not a list"))
    flags = {}
    for feature in features:
        if isinstance(feature, dict) and feature.get("name") in FLAGS:
            flags[feature["name"]] = feature.get("value") is True
    hours = item.get("openingHours") or ""
    values = {
        "identifier": _text(item.get("identifier")),
        "kind": kind,
        "name": _text(item.get("name")),
        "street": _text(address.get("streetAddress")),
        "postcode": _text(address.get("postalCode")),
        "city": _text(address.get("addressLocality")),
        "region": _text(item.get("areaServed")),
        "latitude": geo.get("latitude"),
        "longitude": geo.get("longitude"),
        "phone": _text(item.get("telephone")),
        "email": _text(item.get("email")),
        "url": _text(item.get("url")),
        "opening_hours": "; ".join(hours) if isinstance(hours, list) else _text(hours),
        "description": _text(item.get("description")),
        "categories": _text(item.get("keywords")),
        **flags,
    }
    return checked(values)


# ---------------------------------------------------------------------------
# CSV


def read_csv(content, filename=""):
    """Records of a CSV file with the columns of docs/federation.md (any encoding and
    delimiter the directory import reads)."""
    try:
        headers, rows = importer.read_table(content, filename or "quelle.csv")
    except importer.ImportFileError as error:
        raise HarvestError(str(error)) from None
    columns = {}
    for position, header in enumerate(headers):
        name = header.strip().lower()
        for target, aliases in CSV_COLUMNS.items():
            if name in aliases and target not in columns:
                columns[target] = position
    missing = [
        alias[0]
        for target, alias in CSV_COLUMNS.items()
        if target in ("identifier", "name") and target not in columns
    ]
    if missing:
        raise HarvestError(
            _("The CSV file lacks the column(s) %(columns)s. Nothing was changed.")
            % {"columns": ", ".join(f"„{name}“" for name in missing)}
        )
    if len(rows) > MAX_RECORDS:
        raise HarvestError(
            _("The source has more than %(limit)d entries.") % {"limit": MAX_RECORDS}
        )
    records = []
    for line, cells in rows:
        values = {
            target: cells[position].strip() if position < len(cells) else ""
            for target, position in columns.items()
        }
        try:
            kind_word = values.pop("kind", "")
            if kind_word.lower() in INITIATIVE_WORDS:
                values["kind"] = "initiative"
            elif kind_word.lower() in BUSINESS_WORDS:
                values["kind"] = "business"
            else:
                raise ValueError(
                    _("unknown kind “%(value)s” (Betrieb or Initiative)") % {"value": kind_word}
                )
            for flag in FLAGS:
                if flag in values:
                    values[flag] = _yes_no(values[flag])
            records.append(checked(values))
        except ValueError as error:
            raise HarvestError(
                _("Line %(line)d of the CSV file is invalid: %(reason)s. Nothing was changed.")
                % {"line": line, "reason": error}
            ) from None
    return records


def _yes_no(text):
    word = text.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(_("“%(value)s” is neither ja nor nein") % {"value": text})


# ---------------------------------------------------------------------------
# Checks shared by both formats


def _coordinate(value, limit):
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        raise ValueError(_("a coordinate is not a number"))
    try:
        number = float(str(value).replace(",", ".")) if isinstance(value, str) else float(value)
    except (TypeError, ValueError):
        raise ValueError(_("a coordinate is not a number")) from None
    if not math.isfinite(number) or abs(number) > limit:
        raise ValueError(_("a coordinate lies outside the map"))
    return number


def checked(values):
    """A ``Record`` from raw ``values``; ``ValueError`` with a German reason if one is wrong."""
    for key, limit in LIMITS.items():
        text = values.get(key, "")
        if not isinstance(text, str):
            raise ValueError(_("a text field holds something else"))
        if len(text) > limit:
            raise ValueError(
                _("the field “%(field)s” is longer than %(limit)d characters")
                % {"field": key, "limit": limit}
            )
        if "\x00" in text:
            raise ValueError(_("the field “%(field)s” contains binary data") % {"field": key})
    if not values.get("identifier"):
        raise ValueError(_("the identifier is missing"))
    if not values.get("name"):
        raise ValueError(_("the name is missing"))
    values["latitude"] = _coordinate(values.get("latitude"), 90)
    values["longitude"] = _coordinate(values.get("longitude"), 180)
    if (values["latitude"] is None) != (values["longitude"] is None):
        raise ValueError(_("only one of latitude and longitude is given"))
    if values.get("email"):
        try:
            validate_email(values["email"])
        except ValidationError:
            raise ValueError(_("the e-mail address is invalid")) from None
    if values.get("url"):
        try:
            URLValidator(schemes=["http", "https"])(values["url"])
        except ValidationError:
            raise ValueError(_("the web address is invalid")) from None
    values["description"] = _text(values.get("description"))[:DESCRIPTION_LIMIT]
    known = set(Record.__dataclass_fields__) - {"extra"}
    return Record(**{key: value for key, value in values.items() if key in known})


def _check_unique(records):
    seen = set()
    for record in records:
        if record.identifier in seen:
            raise HarvestError(
                _("The identifier “%(identifier)s” occurs twice. Nothing was changed.")
                % {"identifier": record.identifier}
            )
        seen.add(record.identifier)
