"""The owners' staff page in the Wagtail admin: who works at the till, invitations, removal.

Only the owners of a business reach its team here (``merchant_pages_for_user``);
every object is looked up through the owner's own teams, so another
business's people answer 404. Invitations are mailed by ``onboarding``.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from . import onboarding, services
from .models import MerchantTeam, StaffInvitation


class InvitationForm(forms.Form):
    page = forms.ModelChoiceField(queryset=None, label=gettext_lazy("Business"), empty_label=None)
    email = forms.EmailField(label=gettext_lazy("E-mail address"))
    first_name = forms.CharField(label=gettext_lazy("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=gettext_lazy("Last name"), max_length=150, required=False)

    def __init__(self, *args, pages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["page"].queryset = pages
        if len(pages) == 1:
            self.fields["page"].widget = forms.HiddenInput()
            self.fields["page"].initial = pages[0].pk


def _owned_pages(request):
    pages = services.merchant_pages_for_user(request.user).order_by("title")
    if not pages.exists():
        raise PermissionDenied
    return pages


def _own_teams(request):
    return MerchantTeam.objects.filter(page__in=_owned_pages(request))


def index(request):
    pages = _owned_pages(request)
    form = InvitationForm(request.POST or None, pages=pages)
    if request.method == "POST" and form.is_valid():
        team = services.ensure_team(form.cleaned_data["page"])
        try:
            invitation = onboarding.invite_staff(
                team,
                email=form.cleaned_data["email"],
                invited_by=request.user,
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
            )
        except onboarding.InvitationError as error:
            form.add_error("email", str(error))
        else:
            messages.success(
                request,
                _("The invitation was sent to %(email)s. It is valid for 14 days.")
                % {"email": invitation.email},
            )
            return redirect("directory_staff:index")
    teams = [services.ensure_team(page) for page in pages]
    businesses = [
        {
            "team": team,
            "owners": team.members.order_by("last_name", "username"),
            "staff": team.staff.order_by("last_name", "username"),
            "invitations": team.invitations.filter(accepted_at__isnull=True),
        }
        for team in teams
    ]
    return TemplateResponse(
        request, "directory/admin/staff.html", {"businesses": businesses, "form": form}
    )


@require_POST
def remove(request, team_pk, user_pk):
    team = get_object_or_404(_own_teams(request), pk=team_pk)
    person = get_object_or_404(team.staff, pk=user_pk)
    services.remove_staff(team, person)
    messages.success(
        request,
        _("%(person)s no longer works at the till of %(name)s.")
        % {"person": person.get_full_name() or person.email, "name": team.page.title},
    )
    return redirect("directory_staff:index")


def _own_invitation(request, pk):
    return get_object_or_404(
        StaffInvitation.objects.filter(team__in=_own_teams(request), accepted_at__isnull=True),
        pk=pk,
    )


@require_POST
def resend(request, pk):
    invitation = _own_invitation(request, pk)
    if onboarding.INVITATIONS.exceeded(request.user.pk):
        messages.error(
            request, _("You have sent many invitations today. Please try again tomorrow.")
        )
        return redirect("directory_staff:index")
    onboarding.send_invitation(invitation, request.user)
    messages.success(
        request, _("The invitation was sent again to %(email)s.") % {"email": invitation.email}
    )
    return redirect("directory_staff:index")


@require_POST
def withdraw(request, pk):
    invitation = _own_invitation(request, pk)
    invitation.delete()
    messages.success(
        request, _("The invitation to %(email)s was withdrawn.") % {"email": invitation.email}
    )
    return redirect("directory_staff:index")


urlpatterns = [
    path("", index, name="index"),
    path("<int:team_pk>/entfernen/<int:user_pk>/", remove, name="remove"),
    path("einladung/<int:pk>/erneut/", resend, name="resend"),
    path("einladung/<int:pk>/zurueckziehen/", withdraw, name="withdraw"),
]
