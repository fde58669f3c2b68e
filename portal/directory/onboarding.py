"""Merchant onboarding: self-registration, activation, claiming profiles, website help.

Registration creates an inactive account and a draft profile; the emailed
link activates the account, the merchant completes the profile in the
Wagtail admin and submits it, and an editor approves the first publication
through the directory's moderation workflow. Claims attach an existing
(imported) profile to a new or logged-in user once the business confirms by
the link mailed to the address on file, or an editor approves.
"""

import base64

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Site

from portal.ratelimit import RateLimit

from . import services
from .finder import postcode_origin
from .models import ClaimRequest, MerchantPage, WebsiteHelpRequest

CLAIM_SALT = "portal.directory.claim"
CLAIM_MAX_AGE = 60 * 60 * 24 * 7

# Anonymous registrations and claims create accounts and send mail. Every
# submitted form counts (also ones with errors, so addresses cannot be probed
# endlessly): ten an hour per address are plenty for a business, few for a bot.
REGISTRATIONS = RateLimit("directory:register", limit=10, window=60 * 60)
CLAIMS = RateLimit("directory:claim", limit=10, window=60 * 60)


def _absolute(url):
    return url if url.startswith("http") else settings.WAGTAILADMIN_BASE_URL.rstrip("/") + url


def _send(subject, template, context, recipients):
    body = render_to_string(template, context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)


def operator_email(page):
    """Where requests to the operator go: the portal settings' email, else the sender."""
    from portal.home.models import PortalSettings

    site = page.get_site() or Site.objects.filter(is_default_site=True).first()
    email = PortalSettings.for_site(site).email if site else ""
    return email or settings.DEFAULT_FROM_EMAIL


def unique_slug(parent, title):
    base = slugify(title)[:70] or "betrieb"
    slug, number = base, 1
    siblings = set(parent.get_children().values_list("slug", flat=True))
    while slug in siblings:
        number += 1
        slug = f"{base}-{number}"
    return slug


def _new_user(email, password, first_name="", last_name=""):
    User = get_user_model()
    user = User(
        username=email.lower()[:150],
        email=email.lower(),
        first_name=first_name,
        last_name=last_name,
        is_active=False,
    )
    user.set_password(password)
    user.save()
    return user


def email_taken(email):
    User = get_user_model()
    return (
        User.objects.filter(email__iexact=email).exists()
        or User.objects.filter(username__iexact=email).exists()
    )


@transaction.atomic
def register_merchant(index, *, name, category, street, postcode, city, email, password):
    """Create an inactive user and a draft profile they manage; mail the activation link."""
    user = _new_user(email, password)
    origin, _suggestions = postcode_origin(postcode)
    page = MerchantPage(
        title=name,
        slug=unique_slug(index, name),
        primary_category=category,
        street=street,
        postcode=postcode,
        city=city,
        email=email.lower(),
        latitude=origin.latitude if origin else None,
        longitude=origin.longitude if origin else None,
        live=False,
        owner=user,
    )
    index.add_child(instance=page)
    page.save_revision(user=user, log_action=True)
    services.add_member(page, user)
    send_activation(index, user, page)
    return user, page


def activation_url(index, user):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return _absolute(index.url + index.reverse_subpage("activate", args=[uid, token]))


def send_activation(index, user, page):
    _send(
        _("Please confirm your registration"),
        "directory/emails/activation.txt",
        {"user": user, "page": page, "url": activation_url(index, user)},
        [user.email],
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


# ---------------------------------------------------------------------------
# Claims


@transaction.atomic
def request_claim(page, *, user=None, email="", password="", method, message=""):
    """Record a claim on ``page``; a new claimant's account stays inactive until it is confirmed."""
    if user is None:
        user = _new_user(email, password)
    claim = ClaimRequest.objects.create(page=page, user=user, method=method, message=message)
    if method == ClaimRequest.METHOD_EMAIL and page.email:
        token = claim_token(claim)
        url = _absolute(page.url + page.reverse_subpage("confirm_claim", args=[token]))
        _send(
            _("Someone wants to manage your profile in the city portal"),
            "directory/emails/claim_confirm.txt",
            {"claim": claim, "page": page, "url": url},
            [page.email],
        )
    else:
        _send(
            _("New profile claim: %(name)s") % {"name": page.title},
            "directory/emails/claim_editors.txt",
            {
                "claim": claim,
                "page": page,
                "admin_url": _absolute(reverse("directory_claims:index")),
            },
            [operator_email(page)],
        )
    return claim


def claim_token(claim):
    """A signed, expiring token for the claim's confirmation link.

    Wagtail's page URLs only allow letters, digits, ``_`` and ``-`` in path
    segments, so the signed value (which contains ``:``) is base64-encoded.
    """
    signed = signing.dumps(claim.pk, salt=CLAIM_SALT)
    return base64.urlsafe_b64encode(signed.encode()).decode().rstrip("=")


def claim_from_token(page, token):
    try:
        signed = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        pk = signing.loads(signed, salt=CLAIM_SALT, max_age=CLAIM_MAX_AGE)
    except (signing.BadSignature, ValueError, UnicodeDecodeError):
        return None
    return ClaimRequest.objects.filter(pk=pk, page=page, status=ClaimRequest.STATUS_PENDING).first()


@transaction.atomic
def confirm_claim(claim, decided_by=None):
    """Accept a claim: the claimant joins the team (and can log in)."""
    claim.status = ClaimRequest.STATUS_CONFIRMED
    claim.decided_at = timezone.now()
    claim.decided_by = decided_by
    claim.save()
    user = claim.user
    if not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
    services.add_member(claim.page.specific, user)
    _send(
        _("You can now manage your profile"),
        "directory/emails/claim_accepted.txt",
        {"claim": claim, "login_url": _absolute(reverse("wagtailadmin_login"))},
        [user.email],
    )
    return claim


def reject_claim(claim, decided_by):
    claim.status = ClaimRequest.STATUS_REJECTED
    claim.decided_at = timezone.now()
    claim.decided_by = decided_by
    claim.save()
    return claim


# ---------------------------------------------------------------------------
# Website help


def designers():
    """Live profiles in a web-design category: they can be asked for website help."""
    from .models import Category

    return (
        MerchantPage.objects.live()
        .filter(primary_category__role=Category.ROLE_WEB_DESIGN)
        .order_by("title")
    )


def request_website_help(
    page, *, designer, user, contact_name, contact_email, contact_phone, message
):
    """Store the request and mail it to the chosen designer and the operator."""
    help_request = WebsiteHelpRequest.objects.create(
        page=page,
        designer=designer,
        requested_by=user,
        contact_name=contact_name,
        contact_email=contact_email,
        contact_phone=contact_phone,
        message=message,
    )
    recipients = [address for address in (designer.email, operator_email(page)) if address]
    _send(
        _("Website help requested by %(name)s") % {"name": page.title},
        "directory/emails/website_help.txt",
        {"help": help_request, "page_url": page.get_full_url()},
        recipients,
    )
    return help_request
