"""Public views of the federation app: the town's feed and the installation-wide near-me."""

import hashlib
import json

from django.http import HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from portal.towns import absolute_url, town_for_request

from . import feed, nearby
from .forms import NearMeForm

FEED_MAX_AGE = 600


@require_safe
def feed_json(request):
    """The request's town's businesses and initiatives (docs/federation.md)."""
    raw = request.GET.get("seite", "1")
    if not raw.isdigit() or not 1 <= int(raw) <= 10_000:
        return JsonResponse(
            {"fehler": _("The page “%(page)s” does not exist.") % {"page": raw[:20]}}, status=400
        )
    number = int(raw)
    site = town_for_request(request)
    feed_url = absolute_url(reverse("federation_feed"), site)
    data, has_next = feed.feed_page(site, number, feed_url)
    if number > 1 and not data["dataFeedElement"]:
        return JsonResponse(
            {"fehler": _("The page “%(page)s” does not exist.") % {"page": number}}, status=404
        )
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(body, content_type="application/ld+json; charset=utf-8")
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={FEED_MAX_AGE}"
    response["Access-Control-Allow-Origin"] = "*"
    if data.get("dateModified"):
        from django.utils.dateparse import parse_datetime

        response["Last-Modified"] = http_date(parse_datetime(data["dateModified"]).timestamp())
    if has_next:
        response["Link"] = f'<{data["nextPage"]}>; rel="next"'
    return response


def near_me(request):
    """Läden in der Nähe: the nearest businesses of every town and of harvested sources."""
    form = NearMeForm(request.GET or None)
    places, searched = [], False
    if form.is_bound and form.is_valid() and form.origin is not None:
        searched = True
        places = nearby.nearest(form.origin, form.cleaned_data.get("nur") or [])
    return TemplateResponse(
        request,
        "federation/near_me.html",
        {"form": form, "places": places, "searched": searched, "origin": form.origin},
    )
