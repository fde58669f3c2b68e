"""Site-wide request guards: hostile input answers 400, a missing service answers 503.

``HostileInputMiddleware`` refuses a NUL byte anywhere in the path, the query
string or a url-encoded form body before a view sees it: PostgreSQL cannot
store or compare text containing NUL, so such a value would otherwise reach
the database as a 500. Forms check their own fields as well (Django's
``CharField`` refuses NUL), and multipart bodies are left to them, since
reading them here would defeat the views' upload handlers. A view that speaks
another error format (Open311) sets ``view.bad_request_response(request,
message)`` and gets to answer itself.

``ServiceUnavailableMiddleware`` turns a fail-closed rate limit whose counter
store is down (``portal.ratelimit.RateLimitUnavailable``) and a lost database
connection into the German 503 page, which renders without the database.
"""

import logging

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.utils.translation import gettext as _

from portal.ratelimit import RateLimitUnavailable

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"


def _has_nul(values):
    return any("\x00" in key or any("\x00" in value for value in items) for key, items in values)


def contains_nul(request):
    """True if the path, the query string or a url-encoded body holds a NUL byte."""
    if "\x00" in request.path or _has_nul(request.GET.lists()):
        return True
    if request.method == "POST" and request.content_type == FORM_CONTENT_TYPE:
        try:
            return _has_nul(request.POST.lists())
        except (RequestDataTooBig, TooManyFieldsSent):
            return False  # the view reads the body again and answers that error itself
    return False


def bad_request(request, message=""):
    """The German 400 page; rendered without the database."""
    template = loader.get_template("400.html")
    return HttpResponse(template.render({"message": message}), status=400)


def service_unavailable(request=None):
    """The German 503 page ("please try again shortly"); renders without the database."""
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class HostileInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not contains_nul(request):
            return None
        message = _("The request contains a control character (NUL) and was refused.")
        respond = getattr(view_func, "bad_request_response", None)
        if respond is not None:
            return respond(request, message)
        return bad_request(request, message)


class ServiceUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, RateLimitUnavailable):
            logger.warning("Refused %s: rate limit %s cannot count.", request.path, exception)
            return service_unavailable(request)
        if isinstance(exception, (OperationalError, InterfaceError)):
            logger.error("Database unavailable on %s: %s", request.path, exception)
            return service_unavailable(request)
        return None
