"""Customer registration that never tells whether an e-mail address has an account.

Oscar's registration refuses a known address with "A user with that email
address already exists" and logs a new customer in at once, so its answer
tells anyone which addresses are registered. Here every valid registration
gets the same answer, a redirect to "we have sent you an e-mail", and the
difference goes only to the mailbox:

- an unknown address gets an inactive account and an activation link; the
  account works after the link was opened (the token is Django's password
  reset token, so it is void once used or once the password changed);
- an address with an active account gets a note that it already has one,
  with links to log in and to reset the password;
- an address whose account was never activated gets a fresh link, for the
  password just chosen (only the mailbox owner can use it).

The views replace Oscar's ``customer:login`` and ``customer:register`` paths
(mounted before Oscar's in ``portal/shop/urls.py``); logging in is Oscar's.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _
from oscar.apps.customer.signals import user_registered
from oscar.apps.customer.utils import normalise_email
from oscar.core.loading import get_class

from portal.towns import absolute_url, town_for_request

EmailUserCreationForm = get_class("customer.forms", "EmailUserCreationForm")
generate_username = get_class("customer.forms", "generate_username")
AccountAuthView = get_class("customer.views", "AccountAuthView")
AccountRegistrationView = get_class("customer.views", "AccountRegistrationView")

EMAIL_BACKEND = "oscar.apps.customer.auth_backends.EmailBackend"


class RegistrationForm(EmailUserCreationForm):
    """Oscar's form without the check that reveals known addresses."""

    def clean_email(self):
        return normalise_email(self.cleaned_data["email"])


def _mail(subject, template, context, email):
    send_mail(subject, render_to_string(template, context), settings.DEFAULT_FROM_EMAIL, [email])


def activation_url(user, site=None):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return absolute_url(reverse("shop:activate", args=[uid, token]), site)


@transaction.atomic
def register(email, password, site=None):
    """Register ``email`` or tell its owner about the account it has: same outcome for callers.

    The mail's links point at ``site``, the town the resident registered in.
    """
    User = get_user_model()
    existing = User.objects.select_for_update().filter(email__iexact=email).order_by("pk").first()
    if existing is not None and existing.is_active:
        _mail(
            _("Your account at the city portal"),
            "shop/emails/account_exists.txt",
            {
                "login_url": absolute_url(reverse("customer:login"), site),
                "reset_url": absolute_url(reverse("password-reset"), site),
            },
            existing.email,
        )
        return
    user = existing or User(email=email, username=generate_username(), is_active=False)
    user.set_password(password)
    user.save()
    _mail(
        _("Please confirm your registration"),
        "shop/emails/activation.txt",
        {"url": activation_url(user, site)},
        user.email,
    )


def activate(uidb64, token):
    """The user the link belongs to, now active; ``None`` for an invalid or used link."""
    User = get_user_model()
    try:
        user = User.objects.get(pk=force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError, User.DoesNotExist):
        return None
    if user.is_active or not default_token_generator.check_token(user, token):
        return None
    user.is_active = True
    user.save(update_fields=["is_active"])
    return user


class RegistrationMixin:
    """``register_user`` as Oscar's views call it, without logging anyone in."""

    registration_form_class = RegistrationForm

    def register_user(self, form):
        register(
            form.cleaned_data["email"],
            form.cleaned_data["password1"],
            town_for_request(self.request),
        )

    def registration_sent(self):
        return redirect("shop:registration-sent")


class AuthView(RegistrationMixin, AccountAuthView):
    def validate_registration_form(self):
        form = self.get_registration_form(bind_data=True)
        if form.is_valid():
            self.register_user(form)
            return self.registration_sent()
        ctx = self.get_context_data(registration_form=form)
        return self.render_to_response(ctx)


class RegistrationView(RegistrationMixin, AccountRegistrationView):
    form_class = RegistrationForm

    def form_valid(self, form):
        self.register_user(form)
        return self.registration_sent()


def registration_sent(request):
    return TemplateResponse(request, "shop/registration_sent.html")


def activate_view(request, uidb64, token):
    user = activate(uidb64, token)
    if user is None:
        return TemplateResponse(request, "shop/activation_failed.html", status=400)
    login(request, user, backend=EMAIL_BACKEND)
    user_registered.send_robust(sender=activate_view, request=request, user=user)
    messages.success(request, _("Your customer account is active. Welcome!"))
    return redirect(settings.LOGIN_REDIRECT_URL)
