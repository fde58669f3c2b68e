"""Open311 GeoReport v2 at ``/open311/v2/`` (https://wiki.open311.org/GeoReport_v2).

Topics are the services (``service_code`` = ``Topic.code``); published concerns
are the service requests, identified by their tracking number. Every endpoint
answers in JSON or XML after the format suffix, and every error uses the
spec's shape (``[{"code": 400, "description": "..."}]`` or
``<errors><error>...``). ``jurisdiction_id`` is accepted everywhere.

Creating a request (POST with an API key, at most
``CONCERNS_OPEN311_RATE_LIMIT`` per key) answers the way GeoReport v2 does
for requests that are not public yet: a concern with an e-mail address is
published only once the citizen confirms it, so the answer carries a
``token`` instead of a ``service_request_id``; ``tokens/<token>.<fmt>``
answers ``service_request_id`` null until the concern is public and its
tracking number afterwards. A concern without e-mail address is public at
once and the answer carries its ``service_request_id`` (and the token).
See ``docs/open311.md``.

Every error, including a body that is too large, a wrong method, a NUL byte
or a date out of range, is a spec-format error. Our four statuses map to the
spec's two (received and in process are ``open``; processed, rejected and
merged duplicates are ``closed``); the detailed status is in ``status_notes``
and in the extension field ``detailed_status``.
"""

import datetime
import json
from xml.etree.ElementTree import Element, SubElement, tostring

from django.core import signing
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, ValidationError
from django.core.files.storage import default_storage
from django.core.validators import validate_email
from django.http import HttpResponse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from portal.concerns import services
from portal.concerns.conf import setting
from portal.concerns.models import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    Concern,
    Kind,
    Office,
    Open311ApiKey,
    Source,
    Status,
    Topic,
)
from portal.ratelimit import RateLimit
from portal.towns import absolute_url, town_for_request

# Tag of each list item in the XML form (the JSON form is a plain array).
ITEM_TAGS = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "attributes": "attribute",
    "values": "value",
}
MAX_IDS = 200
DESCRIPTION_MAX = Concern._meta.get_field("description").max_length
# Dates outside these years are refused (Python's datetime ends at year 9999,
# and no concern was sent before the portal existed).
EARLIEST_YEAR, LATEST_YEAR = 1970, 2999
TOKEN_SALT = "portal.concerns.open311-token"


def creations_limit():
    limit, window = setting("CONCERNS_OPEN311_RATE_LIMIT")
    return RateLimit("concerns:open311:create", limit=limit, window=window)


class Open311Error(Exception):
    def __init__(self, code, description):
        super().__init__(description)
        self.code = code
        self.description = description


# --- Rendering -------------------------------------------------------------------


def _append(parent, tag, value):
    element = SubElement(parent, tag)
    _fill(element, tag, value)


def _fill(element, tag, value):
    if isinstance(value, list):
        for item in value:
            _append(element, ITEM_TAGS[tag], item)
    elif isinstance(value, dict):
        for key, item in value.items():
            _append(element, key, item)
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    elif value is not None:
        element.text = str(value)


def respond(fmt, root, data, status=200):
    """Render ``data`` as JSON or as XML with ``root`` as the document element."""
    if fmt == "xml":
        element = Element(root)
        _fill(element, root, data)
        body = tostring(element, encoding="utf-8", xml_declaration=True)
        response = HttpResponse(body, content_type="application/xml; charset=utf-8", status=status)
    else:
        body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        response = HttpResponse(body, content_type="application/json; charset=utf-8", status=status)
    # The data is public: browser-based Open311 clients may read it from anywhere.
    response["Access-Control-Allow-Origin"] = "*"
    return response


def error_response(fmt, code, description):
    return respond(fmt, "errors", [{"code": code, "description": description}], status=code)


def _format_of(request):
    return "xml" if request.path.endswith(".xml") else "json"


def bad_request_response(request, message):
    """The 400 for hostile input (``portal.middleware``), in the spec's error format."""
    return error_response(_format_of(request), 400, message)


def open311_view(view=None, *, methods=("GET", "HEAD")):
    """Check the method and ``jurisdiction_id``; turn every refusal into a spec-format error."""
    if view is None:
        return lambda view: open311_view(view, methods=methods)

    def wrapper(request, *args, fmt="json", **kwargs):
        try:
            if request.method not in methods:
                response = error_response(
                    fmt, 405, f"Method {request.method} not allowed; use {', '.join(methods)}."
                )
                response["Allow"] = ", ".join(methods)
                return response
            try:
                form_data = request.POST
            except (RequestDataTooBig, TooManyFieldsSent):
                raise Open311Error(413, "The request body is too large.") from None
            jurisdiction = setting("CONCERNS_OPEN311_JURISDICTION")
            given = request.GET.get("jurisdiction_id") or form_data.get("jurisdiction_id")
            if jurisdiction and given and given != jurisdiction:
                raise Open311Error(404, f"jurisdiction_id not found: {given}")
            return view(request, *args, fmt=fmt, **kwargs)
        except Open311Error as error:
            return error_response(fmt, error.code, error.description)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    wrapper.bad_request_response = bad_request_response
    # An API without cookies: a POST to any path gets a GeoReport answer, not a CSRF page.
    wrapper.csrf_exempt = True
    return wrapper


# --- Serialisation ---------------------------------------------------------------


def service_data(topic):
    return {
        "service_code": topic.code,
        "service_name": topic.name,
        "description": topic.description or topic.name,
        "metadata": True,
        "type": "realtime",
        "keywords": "",
        "group": topic.office.name,
    }


def service_definition(topic):
    return {
        "service_code": topic.code,
        "attributes": [
            {
                "variable": True,
                "code": "kind",
                "datatype": "singlevaluelist",
                "required": False,
                "datatype_description": _("One of: problem, idea, hint."),
                "order": 1,
                "description": _("Kind of concern"),
                "values": [{"key": key, "name": str(label)} for key, label in Kind.choices],
            }
        ],
    }


# Columns a service request is built from: read with ``values()`` so a full page
# of 1000 requests costs one query and no model instances.
REQUEST_COLUMNS = (
    "tracking_number",
    "status",
    "status_note",
    "merged_into__tracking_number",
    "topic_id",
    "office_id",
    "description",
    "created_at",
    "updated_at",
    "address",
    "latitude",
    "longitude",
    "photo",
)


def service_requests(concerns, site):
    """The spec's service request dicts for a queryset of ``site``'s concerns."""
    topics = {topic.pk: topic for topic in Topic.objects.all()}
    offices = dict(Office.objects.values_list("pk", "name"))
    labels = {key: str(label) for key, label in Status.choices}
    zone = timezone.get_current_timezone()

    def w3c(value):
        return value.astimezone(zone).isoformat(timespec="seconds")

    def number(value):
        return float(value) if value is not None else None

    requests = []
    for row in concerns.values(*REQUEST_COLUMNS):
        merged = row["merged_into__tracking_number"]
        if merged:
            notes = _("Merged with %(number)s") % {"number": merged}
        else:
            label = labels[row["status"]]
            notes = f"{label}: {row['status_note']}" if row["status_note"] else label
        topic = topics[row["topic_id"]]
        requests.append(
            {
                "service_request_id": row["tracking_number"],
                "status": "closed" if merged or row["status"] in CLOSED_STATUSES else "open",
                "status_notes": notes,
                "detailed_status": "merged" if merged else row["status"],
                "service_name": topic.name,
                "service_code": topic.code,
                "description": row["description"],
                "agency_responsible": offices[row["office_id"]],
                "service_notice": None,
                "requested_datetime": w3c(row["created_at"]),
                "updated_datetime": w3c(row["updated_at"]),
                "expected_datetime": None,
                "address": row["address"] or None,
                "address_id": None,
                "zipcode": None,
                "lat": number(row["latitude"]),
                "long": number(row["longitude"]),
                "media_url": absolute_url(default_storage.url(row["photo"]), site)
                if row["photo"]
                else None,
            }
        )
    return requests


# --- Parameters ------------------------------------------------------------------


def parse_w3c(name, value):
    """A W3C datetime (``2010-01-01T00:00:00Z``, offsets allowed) or a plain date."""
    try:
        parsed = parse_datetime(value)
        if parsed is None:
            day = parse_date(value)
            if day is not None:
                parsed = datetime.datetime.combine(day, datetime.time.min)
    except ValueError:
        parsed = None
    if parsed is None:
        raise Open311Error(
            400, f"Invalid {name}: {value!r}. Use the W3C format, e.g. 2026-01-01T00:00:00Z."
        )
    if not EARLIEST_YEAR <= parsed.year <= LATEST_YEAR:
        raise Open311Error(
            400,
            f"{name} out of range: {value!r}. Use a year from {EARLIEST_YEAR} to {LATEST_YEAR}.",
        )
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def _list_param(value):
    return [item.strip() for item in value.split(",") if item.strip()]


def filter_requests(params, site):
    """Apply the spec's filters (plus ``updated_after``) to the listed concerns of ``site``."""
    concerns = Concern.objects.filter(topic__site=site)
    ids = _list_param(params.get("service_request_id", ""))
    if ids:
        # The spec: service_request_id overrides all other arguments.
        if len(ids) > MAX_IDS:
            raise Open311Error(400, f"At most {MAX_IDS} service_request_id values at once.")
        return concerns.public().filter(tracking_number__in=ids)
    concerns = concerns.listed()
    codes = _list_param(params.get("service_code", ""))
    if codes:
        known = set(Topic.objects.filter(site=site, code__in=codes).values_list("code", flat=True))
        unknown = sorted(set(codes) - known)
        if unknown:
            raise Open311Error(400, f"Unknown service_code: {', '.join(unknown)}")
        concerns = concerns.filter(topic__code__in=codes)
    statuses = _list_param(params.get("status", ""))
    if statuses:
        invalid = sorted(set(statuses) - {"open", "closed"})
        if invalid:
            raise Open311Error(400, f"Invalid status: {', '.join(invalid)}. Use open or closed.")
        if set(statuses) == {"open"}:
            concerns = concerns.filter(status__in=OPEN_STATUSES)
        elif set(statuses) == {"closed"}:
            concerns = concerns.filter(status__in=CLOSED_STATUSES)
    start = parse_w3c("start_date", params["start_date"]) if params.get("start_date") else None
    end = parse_w3c("end_date", params["end_date"]) if params.get("end_date") else None
    window = datetime.timedelta(days=setting("CONCERNS_OPEN311_MAX_DAYS"))
    if start and end and start > end:
        raise Open311Error(400, "start_date must not be after end_date.")
    if start and end and end - start > window:
        raise Open311Error(400, f"The date range may span at most {window.days} days.")
    if start is None and end is None:
        end = timezone.now()
    start = start or end - window
    end = end or start + window
    concerns = concerns.filter(created_at__gte=start, created_at__lte=end)
    if params.get("updated_after"):
        concerns = concerns.filter(
            updated_at__gt=parse_w3c("updated_after", params["updated_after"])
        )
    return concerns.order_by("-created_at", "-id")[: setting("CONCERNS_OPEN311_MAX_RESULTS")]


# --- Views -----------------------------------------------------------------------


@open311_view
def service_list(request, fmt):
    topics = Topic.objects.active().filter(site=town_for_request(request)).select_related("office")
    return respond(fmt, "services", [service_data(topic) for topic in topics])


@open311_view
def service_detail(request, code, fmt):
    topic = Topic.objects.active().filter(site=town_for_request(request), code=code).first()
    if topic is None:
        raise Open311Error(404, f"service_code not found: {code}")
    return respond(fmt, "service_definition", service_definition(topic))


@csrf_exempt
@open311_view(methods=("GET", "HEAD", "POST"))
def request_list(request, fmt):
    if request.method == "POST":
        return create_request(request, fmt)
    concerns = filter_requests(request.GET, town_for_request(request))
    return respond(fmt, "service_requests", service_requests(concerns, town_for_request(request)))


@open311_view
def request_detail(request, request_id, fmt):
    found = service_requests(
        Concern.objects.public().filter(
            topic__site=town_for_request(request), tracking_number=request_id
        ),
        town_for_request(request),
    )
    if not found:
        raise Open311Error(404, f"service_request_id not found: {request_id}")
    return respond(fmt, "service_requests", found)


def token_for(concern):
    """The GeoReport token of a created request: its key, signed (no column needed)."""
    return signing.Signer(salt=TOKEN_SALT).sign(str(concern.pk)).replace(":", "-")


@open311_view
def token_detail(request, token, fmt):
    """``tokens/<token>``: the request's ``service_request_id`` once it is public, else null."""
    try:
        pk = signing.Signer(salt=TOKEN_SALT).unsign(token.replace("-", ":", 1))
    except signing.BadSignature:
        raise Open311Error(404, f"token not found: {token}") from None
    concern = Concern.objects.filter(pk=pk, topic__site=town_for_request(request)).first()
    if concern is None:
        raise Open311Error(404, f"token not found: {token}")
    public = Concern.objects.public().filter(pk=pk).exists()
    return respond(
        fmt,
        "service_requests",
        [{"service_request_id": concern.tracking_number if public else None, "token": token}],
    )


@open311_view(methods=("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"))
def not_found(request, fmt, path=""):
    raise Open311Error(404, f"No such Open311 resource: {request.path}")


def _coordinate(name, value, limit):
    try:
        number = float(value)
    except ValueError:
        raise Open311Error(400, f"Invalid {name}: {value!r}.") from None
    if not -limit <= number <= limit:
        raise Open311Error(400, f"{name} out of range: {value}.")
    return round(number, 6)


def create_request(request, fmt):
    """POST requests.<fmt>: create a concern for an application with an API key."""
    data = request.POST
    if any("\x00" in value for values in data.lists() for value in values[1]):
        raise Open311Error(400, "The request contains a control character (NUL).")
    town = town_for_request(request)
    keys = Open311ApiKey.objects.filter(site=town, is_active=True)
    api_key = keys.filter(key=data.get("api_key", "")).first()
    if not data.get("api_key") or api_key is None:
        raise Open311Error(403, "Invalid api_key received -- can't proceed with create_request.")
    limit = creations_limit()
    if limit.exceeded(api_key.pk):
        raise Open311Error(
            429,
            f"Too many requests created with this api_key; at most {limit.limit} "
            f"in {limit.window // 60} minutes.",
        )
    limit.record(api_key.pk)
    code = data.get("service_code", "")
    if not code:
        raise Open311Error(400, "service_code is required.")
    topic = Topic.objects.active().select_related("office").filter(site=town, code=code).first()
    if topic is None:
        raise Open311Error(400, f"service_code not found: {code}")
    latitude = longitude = None
    if data.get("lat") or data.get("long"):
        if not (data.get("lat") and data.get("long")):
            raise Open311Error(400, "lat and long must be given together.")
        latitude = _coordinate("lat", data["lat"], 90)
        longitude = _coordinate("long", data["long"], 180)
    address = (data.get("address_string") or data.get("address_id") or "").strip()
    if latitude is None and not address:
        raise Open311Error(400, "A location is required: lat and long, or address_string.")
    if len(address) > 200:
        raise Open311Error(400, "address_string may have at most 200 characters.")
    description = data.get("description", "").strip()
    if not description:
        raise Open311Error(400, "description is required.")
    if len(description) > DESCRIPTION_MAX:
        raise Open311Error(400, f"description may have at most {DESCRIPTION_MAX} characters.")
    kind = data.get("attribute[kind]", Kind.PROBLEM)
    if kind not in Kind.values:
        raise Open311Error(400, f"Invalid attribute[kind]: {kind}. Use problem, idea or hint.")
    email = data.get("email", "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise Open311Error(400, f"Invalid email: {email}") from None
    # first_name, last_name, phone, device_id and account_id are not stored (data
    # minimisation); media_url is not fetched from outside.
    concern = services.submit_concern(
        kind=kind,
        topic=topic,
        description=description,
        latitude=latitude,
        longitude=longitude,
        address=address,
        email=email,
        source=Source.OPEN311,
        api_key=api_key,
    )
    if email:
        notice = _("Please confirm your e-mail address with the link we sent you.")
    else:
        notice = _("Your concern was passed on to the %(office)s.") % {"office": topic.office.name}
    # GeoReport v2: a request that is not public yet is known to the app by its token.
    public = Concern.objects.public().filter(pk=concern.pk).exists()
    created = {
        "service_request_id": concern.tracking_number if public else None,
        "token": token_for(concern),
        "service_notice": notice,
        "account_id": None,
    }
    return respond(fmt, "service_requests", [created], status=201)
