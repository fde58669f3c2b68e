"""Content-Security-Policy and Permissions-Policy on every response.

Public pages and the shop run only the portal's own scripts and styles:
``script-src 'self'`` with no inline script at all (every script is a static
file; data for them travels in ``json_script`` blocks and data attributes),
``style-src 'self'`` for style sheets. Style *attributes* stay allowed
(``style-src-attr 'unsafe-inline'``): templates set a programme's colour as
a CSS variable and Leaflet positions markers with them; they cannot run code.
Images come from the portal and from the map tile server in ``MAP_TILE_URL``.

The back offices, Wagtail's admin (``/admin/``) and Oscar's dashboard
(``/shop/dashboard/``), get the same policy except that Wagtail 8 and Oscar
still render inline scripts (inline panels, date pickers, dashboard widgets)
and inline styles themselves, so there ``script-src`` and ``style-src`` also allow
``'unsafe-inline'``; objects, foreign scripts, frames from elsewhere, foreign
form targets and ``<base>`` stay forbidden.

Every cookie gets ``SameSite`` (``Lax`` unless its writer chose): Django's own
set it, Oscar's basket cookie does not.

Permissions-Policy denies camera, microphone, geolocation, payment and the
rest everywhere; a template that needs one says so with
``{% permit_feature "camera" %}`` (``portal.home.templatetags.security_tags``):
the till's scan page asks for the camera, the directory's "near me" for the
position.
"""

from urllib.parse import urlsplit

from django.conf import settings

FEATURES = (
    "accelerometer",
    "camera",
    "display-capture",
    "geolocation",
    "gyroscope",
    "magnetometer",
    "microphone",
    "payment",
    "usb",
)


MOLLIE_PAYMENT_PAGES = "https://www.mollie.com"


def _origin(url):
    parts = urlsplit(url.replace("{s}", "a"))
    if not parts.scheme or not parts.netloc:
        return ""
    host = parts.netloc
    if "{s}" in url:  # Leaflet's subdomain placeholder: a., b., c.
        host = "*." + host.split(".", 1)[1]
    return f"{parts.scheme}://{host}"


def _payment_page_origin():
    """Where checkout sends the resident to pay: the provider's hosted page.

    Browsers apply form-action to the redirect that follows a submitted form,
    so the provider's origin must be allowed there. Without a key no payment
    page exists; the local fake serves its page from its API endpoint.
    """
    if not getattr(settings, "SHOP_MOLLIE_API_KEY", ""):
        return ""
    return _origin(getattr(settings, "SHOP_MOLLIE_API_ENDPOINT", "")) or MOLLIE_PAYMENT_PAGES


def content_security_policy(admin=False):
    tiles = _origin(getattr(settings, "PORTAL_MAP_TILE_URL", ""))
    inline = " 'unsafe-inline'" if admin else ""
    directives = {
        "default-src": "'self'",
        "script-src": "'self'" + inline,
        "style-src": "'self'" + inline,
        "style-src-attr": "'unsafe-inline'",
        "img-src": " ".join(filter(None, ["'self'", "data:", "blob:", tiles])),
        "font-src": "'self'",
        "connect-src": "'self'",
        "frame-src": "'self'",
        "frame-ancestors": "'self'",
        "form-action": " ".join(filter(None, ["'self'", _payment_page_origin()])),
        "base-uri": "'self'",
        "object-src": "'none'",
        "worker-src": "'self' blob:",
        "manifest-src": "'self'",
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def permissions_policy(permitted=()):
    return ", ".join(
        f"{feature}=(self)" if feature in permitted else f"{feature}=()" for feature in FEATURES
    )


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        # Back offices: Wagtail's admin and Oscar's dashboard (both render inline scripts).
        self.admin_prefixes = ("/admin/", "/shop/dashboard/")

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            admin = request.path.startswith(self.admin_prefixes)
            response["Content-Security-Policy"] = content_security_policy(admin=admin)
        permitted = getattr(request, "permitted_features", ())
        response.setdefault("Permissions-Policy", permissions_policy(permitted))
        for morsel in response.cookies.values():
            if not morsel["samesite"]:  # Oscar's basket cookie sets none
                morsel["samesite"] = "Lax"
        return response
