"""Login throttling for every login form of the portal (django-axes).

Wagtail's admin login, the shop's login (also used by the till and by
employers: ``LOGIN_URL`` is the shop's) and any later form all call Django's
``authenticate(request, ...)``; ``axes.backends.AxesStandaloneBackend``, first
in ``AUTHENTICATION_BACKENDS``, refuses while the account or the address is
locked, and axes' signal handlers count each failure in PostgreSQL (its
database handler): the throttle keeps working while Redis is down.

- ``account_key`` maps what was typed (a username on the admin form, an
  e-mail address on the shop's) to one key per account, so both forms count
  against the same account; unknown names are counted as typed.
- ``lockout_response`` is the German 429 page; ``AXES_COOLOFF_TIME`` unlocks
  by itself, and administrators unlock at once in the admin
  ("Gesperrte Anmeldungen", ``portal.home.lockouts``) or with
  ``manage.py axes_reset_username`` / ``axes_reset_ip``.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext as _

from portal.ratelimit import too_many_requests


def account_key(request, credentials):
    """``user:<pk>`` for a known account (by username or e-mail), else the typed name."""
    typed = ((credentials or {}).get("username") or (credentials or {}).get("email") or "").strip()
    if not typed:
        return ""
    user = (
        get_user_model()
        .objects.filter(Q(username__iexact=typed) | Q(email__iexact=typed))
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    return f"user:{user}" if user else typed.lower()[:150]


def lockout_response(request, original_response=None, credentials=None):
    from axes.helpers import get_cool_off

    seconds = int(get_cool_off(request).total_seconds())
    # Axes' middleware swaps the response after views' responses were rendered.
    return too_many_requests(
        request,
        _(
            "Too many failed logins for this account or from your network. For your "
            "protection, logging in is blocked for %(minutes)d minutes. If you have "
            "forgotten your password, you can reset it; an administrator can also "
            "unlock the login."
        )
        % {"minutes": seconds // 60},
        retry_after=seconds,
        title=_("Login temporarily blocked"),
    ).render()
