"""Admin views: "Initiativen-Anmeldungen", the editors' review of self-registrations.

Each user sees and decides only the registrations of the initiatives indexes
they may publish in (``registration.may_moderate``); any other answers 404.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import registration as service
from .models import InitiativeRegistration


def registrations_index(request):
    registrations = list(service.moderated_by(request.user)[:200])
    if not registrations and not service.moderates_anything(request.user):
        raise PermissionDenied
    pending = [r for r in registrations if r.status == InitiativeRegistration.STATUS_PENDING]
    decided = [r for r in registrations if r.status != InitiativeRegistration.STATUS_PENDING]
    return TemplateResponse(
        request,
        "state/admin/registrations.html",
        {"pending": pending, "decided": decided},
    )


@require_POST
def registration_decide(request, pk, decision):
    registration = get_object_or_404(
        service.moderated_by(request.user),
        pk=pk,
        status=InitiativeRegistration.STATUS_PENDING,
    )
    if decision == "approve":
        page = service.approve(registration, request.user)
        messages.success(
            request,
            _("%(name)s is published; the initiative got an e-mail with its login.")
            % {"name": page.title},
        )
    elif decision == "reject":
        service.reject(registration, request.user, request.POST.get("reason", "")[:1000])
        messages.success(request, _("Registration rejected; the applicant was told by e-mail."))
    else:
        raise PermissionDenied
    return redirect("state_registrations:index")
