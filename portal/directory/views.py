"""Thin views behind the directory's page routes; the work is in ``onboarding``."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.ratelimit import client_ip, too_many_requests

from . import onboarding, services
from .forms import ClaimForm, RegistrationForm, WebsiteHelpForm


def _limited(request, limit, page):
    """Counts an anonymous submission under ``limit``; a 429 response once it is reached."""
    if request.method != "POST" or request.user.is_authenticated:
        return None
    ip = client_ip(request)
    if limit.exceeded(ip):
        return too_many_requests(
            request,
            _(
                "Too many registrations or profile claims were sent from your network "
                "in the last hour. Please try again in an hour."
            ),
            retry_after=limit.window,
            back_page=page,
        )
    limit.record(ip)
    return None


def register(request, index):
    if response := _limited(request, onboarding.REGISTRATIONS, index):
        return response
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        onboarding.register_merchant(
            index,
            name=data["name"],
            category=data["category"],
            street=data["street"],
            postcode=data["postcode"],
            city=data["city"],
            email=data["email"],
            password=data["password"],
        )
        return redirect(index.url + index.reverse_subpage("register_done"))
    return TemplateResponse(
        request, "directory/register.html", {"page": index, "self": index, "form": form}
    )


def register_done(request, index):
    return TemplateResponse(request, "directory/register_done.html", {"page": index, "self": index})


def activate(request, index, uidb64, token):
    user = onboarding.activate(uidb64, token)
    if user is None:
        return TemplateResponse(
            request, "directory/activation_failed.html", {"page": index, "self": index}, status=400
        )
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    page = services.merchant_pages_for_user(user).first()
    messages.success(
        request,
        _("Your account is active. Complete your profile and submit it for approval."),
    )
    if page is None:
        return redirect("wagtailadmin_home")
    return redirect("wagtailadmin_pages:edit", page.pk)


def claim(request, page):
    if not services.is_claimable(page):
        return TemplateResponse(
            request, "directory/claim_unavailable.html", {"page": page, "self": page}, status=409
        )
    if response := _limited(request, onboarding.CLAIMS, page):
        return response
    form = ClaimForm(request.POST or None, page=page, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        onboarding.request_claim(
            page,
            user=form.user,
            email=data.get("email", ""),
            password=data.get("password", ""),
            method=data["method"],
            message=data.get("message", ""),
        )
        return TemplateResponse(
            request,
            "directory/claim_sent.html",
            {"page": page, "self": page, "method": data["method"]},
        )
    return TemplateResponse(
        request, "directory/claim.html", {"page": page, "self": page, "form": form}
    )


def confirm_claim(request, page, token):
    claim_request = onboarding.claim_from_token(page, token)
    if claim_request is None:
        return TemplateResponse(
            request, "directory/claim_failed.html", {"page": page, "self": page}, status=400
        )
    if request.method == "POST":
        onboarding.confirm_claim(claim_request)
        return TemplateResponse(
            request, "directory/claim_confirmed.html", {"page": page, "self": page}
        )
    # A GET only shows the button: mail scanners that open links confirm nothing.
    return TemplateResponse(
        request,
        "directory/claim_confirm.html",
        {"page": page, "self": page, "claim": claim_request},
    )


def website_help_form(request, page, *, template, extra=None):
    """Shared by the profile route and the admin view: only the profile's team may ask."""
    if not services.user_manages(request.user, page):
        raise PermissionDenied
    initial = {
        "contact_name": request.user.get_full_name() or page.title,
        "contact_email": request.user.email or page.email,
        "contact_phone": page.phone,
    }
    form = WebsiteHelpForm(request.POST or None, initial=initial, designers=onboarding.designers())
    if request.method == "POST" and form.is_valid():
        onboarding.request_website_help(page, user=request.user, **form.cleaned_data)
        messages.success(
            request,
            _("Your request was sent to %(designer)s and the city marketing team.")
            % {"designer": form.cleaned_data["designer"].title},
        )
        return None
    return TemplateResponse(
        request, template, {"page": page, "self": page, "form": form, **(extra or {})}
    )


def website_help(request, page):
    if not request.user.is_authenticated:
        return redirect(f"{reverse('wagtailadmin_login')}?next={request.path}")
    response = website_help_form(request, page, template="directory/website_help.html")
    return response or redirect(page.url)


def accept_invitation(request, index, token):
    """The link of a staff invitation: choose a password (or log in) and accept."""
    invitation = onboarding.invitation_from_token(token)
    if invitation is None:
        return TemplateResponse(
            request, "directory/invitation_failed.html", {"page": index, "self": index}, status=400
        )
    user = invitation.user
    context = {"page": index, "self": index, "invitation": invitation}
    needs_password = not user.has_usable_password()
    if not needs_password and request.user != user:
        context["login_url"] = f"{reverse('wagtailadmin_login')}?next={request.path}"
        return TemplateResponse(request, "directory/invitation.html", context)
    form = SetPasswordForm(user, request.POST or None) if needs_password else None
    if request.method == "POST" and (form is None or form.is_valid()):
        password = form.cleaned_data["new_password1"] if form else None
        accepted = onboarding.accept_invitation(invitation, password=password)
        if accepted is None:
            return TemplateResponse(
                request,
                "directory/invitation_failed.html",
                {"page": index, "self": index},
                status=400,
            )
        if request.user != accepted.user:
            # The user as saved: the session keeps a hash of the new password.
            login(request, accepted.user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request,
            _("Welcome to the team of %(name)s. You can now redeem city vouchers for it.")
            % {"name": invitation.team.page.title},
        )
        return redirect("wagtailadmin_home")
    context["form"] = form
    return TemplateResponse(request, "directory/invitation.html", context)
