"""Wagtail admin views of the directory: claims, website help, merchant teams, import."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.admin.views.generic.models import EditView

from portal.roles.services import for_towns_of

from . import onboarding, services
from .models import ClaimRequest
from .views import website_help_form

CLAIM_PERMISSION = "directory.change_claimrequest"


def _require(request, permission):
    if not request.user.has_perm(permission):
        raise PermissionDenied


def claims_index(request):
    _require(request, CLAIM_PERMISSION)
    claims = for_towns_of(ClaimRequest.objects.all(), request.user, "page:page")
    claims = claims.select_related("page", "user", "decided_by")[:200]
    return TemplateResponse(request, "directory/admin/claims.html", {"claims": claims})


@require_POST
def claim_decide(request, pk, decision):
    _require(request, CLAIM_PERMISSION)
    claim = get_object_or_404(
        for_towns_of(ClaimRequest.objects.all(), request.user, "page:page"),
        pk=pk,
        status=ClaimRequest.STATUS_PENDING,
    )
    if decision == "confirm":
        onboarding.confirm_claim(claim, decided_by=request.user)
        messages.success(
            request,
            _("Claim confirmed: %(user)s now manages %(page)s.")
            % {"user": claim.user.email, "page": claim.page.title},
        )
    else:
        onboarding.reject_claim(claim, decided_by=request.user)
        messages.success(request, _("Claim rejected."))
    return redirect("directory_claims:index")


def website_help(request):
    """The merchant's way to ask for website help from inside the admin."""
    pages = list(services.merchant_pages_for_user(request.user).order_by("title"))
    if not pages:
        raise PermissionDenied
    chosen = pages[0]
    page_id = request.GET.get("seite") or request.POST.get("seite")
    if page_id:
        chosen = next((page for page in pages if str(page.pk) == page_id), None)
        if chosen is None:
            raise PermissionDenied
    response = website_help_form(
        request,
        chosen,
        template="directory/admin/website_help.html",
        extra={"pages": pages, "chosen": chosen},
    )
    return response or redirect("directory_website_help")


class MerchantTeamEditView(EditView):
    """Saving a team re-syncs its group's page permissions with the approval setting."""

    def save_instance(self):
        team = super().save_instance()
        services.sync_team_permissions(team)
        return team
