"""``/admin/anmeldesperren/``: administrators see blocked logins and unlock them.

django-axes records failed logins (``portal.home.logins``); a row with as
many failures as ``AXES_FAILURE_LIMIT`` blocks its account or address until
``AXES_COOLOFF_TIME`` has passed. Here an administrator (anyone allowed to
delete axes' attempt records: superusers, or a group given that permission)
lifts the block at once, e.g. after a phone call from a merchant.
"""

from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

PERMISSION = "axes.delete_accessattempt"


def may_unlock(user):
    return user.is_active and user.has_perm(PERMISSION)


def _require(request):
    if not may_unlock(request.user):
        raise PermissionDenied


def index(request):
    _require(request)
    attempts = AccessAttempt.objects.order_by("-attempt_time")[:200]
    return TemplateResponse(
        request,
        "home/admin/lockouts.html",
        {
            "page_title": _("Blocked logins"),
            "header_icon": "lock",
            "attempts": attempts,
            "limit": settings.AXES_FAILURE_LIMIT,
        },
    )


@require_POST
def unlock(request, pk):
    _require(request)
    attempt = get_object_or_404(AccessAttempt, pk=pk)
    if attempt.username:
        reset(username=attempt.username)
    if attempt.ip_address:
        reset(ip=attempt.ip_address)
    messages.success(
        request,
        _("The login for %(who)s is unlocked.") % {"who": attempt.username or attempt.ip_address},
    )
    return redirect("lockouts:index")
