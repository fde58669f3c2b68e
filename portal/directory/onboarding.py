"""Merchant onboarding: self-registration, activation, claiming profiles, staff, website help.

Registration creates an inactive account and a draft profile; the emailed
link activates the account, the merchant completes the profile in the
Wagtail admin and submits it, and an editor approves the first publication
through the directory's moderation workflow. Claims attach an existing
(imported) profile to a new or logged-in user once the business confirms by
the link mailed to the address on file, or an editor approves. Owners invite
their till staff by e-mail: the link lets a new person set a password (an
existing one logs in) and accept; only then does it join the staff.
"""

import base64

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _
from wagtail.models import Site

from portal.home.slugs import german_slugify as slugify
from portal.ratelimit import RateLimit
from portal.towns import absolute_url, town_of_page

from . import services
from .finder import postcode_origin
from .models import (
    ClaimRequest,
    DirectoryIndexPage,
    MerchantPage,
    StaffInvitation,
    WebsiteHelpRequest,
)

CLAIM_SALT = "portal.directory.claim"
CLAIM_MAX_AGE = 60 * 60 * 24 * 7
INVITATION_SALT = "portal.directory.staff-invitation"
INVITATION_MAX_AGE = 60 * 60 * 24 * 14

# Anonymous registrations and claims create accounts and send mail. Every
# submitted form counts (also ones with errors, so addresses cannot be probed
# endlessly): ten an hour per address are plenty for a business, few for a bot.
REGISTRATIONS = RateLimit("directory:register", limit=10, window=60 * 60)
CLAIMS = RateLimit("directory:claim", limit=10, window=60 * 60)
# Owners send invitations (sent again included) to addresses they choose: a
# day's worth for a shop's team, too few to use the portal for mass mail.
INVITATIONS = RateLimit("directory:invite", limit=20, window=24 * 60 * 60)


def _absolute(url, page):
    """``url`` on the address of ``page``'s town (mails are read away from any request)."""
    return absolute_url(url, town_of_page(page))


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
    """Create an inactive user and a draft profile they manage; mail the activation link.

    An address that already has an account gets an e-mail saying so (log in and
    add the business there) and nothing is created: ``(None, None)``. The caller
    answers both cases alike, so the form never reveals which addresses exist.
    """
    if email_taken(email):
        _send(
            _("Your account at the city portal"),
            "directory/emails/account_exists.txt",
            {
                "name": name,
                "login_url": _absolute(reverse("wagtailadmin_login"), index),
                "reset_url": _absolute(reverse("wagtailadmin_password_reset"), index),
            },
            [email],
        )
        return None, None
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
    return _absolute(index.url + index.reverse_subpage("activate", args=[uid, token]), index)


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
        url = _absolute(page.url + page.reverse_subpage("confirm_claim", args=[token]), page)
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
                "admin_url": _absolute(reverse("directory_claims:index"), page),
            },
            [operator_email(page)],
        )
    return claim


def _token(pk, salt):
    """A signed, expiring token for a link in an e-mail.

    Wagtail's page URLs only allow letters, digits, ``_`` and ``-`` in path
    segments, so the signed value (which contains ``:``) is base64-encoded.
    """
    signed = signing.dumps(pk, salt=salt)
    return base64.urlsafe_b64encode(signed.encode()).decode().rstrip("=")


def _pk_from_token(token, salt, max_age):
    try:
        signed = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        return signing.loads(signed, salt=salt, max_age=max_age)
    except (signing.BadSignature, ValueError, UnicodeDecodeError):
        return None


def claim_token(claim):
    return _token(claim.pk, CLAIM_SALT)


def claim_from_token(page, token):
    pk = _pk_from_token(token, CLAIM_SALT, CLAIM_MAX_AGE)
    if pk is None:
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
        {"claim": claim, "login_url": _absolute(reverse("wagtailadmin_login"), claim.page)},
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
# Till staff


class InvitationError(Exception):
    """An invitation cannot be sent; the message says why, in the user's language."""


@transaction.atomic
def invite_staff(team, *, email, invited_by, first_name="", last_name=""):
    """Invite ``email`` to the staff of ``team`` and mail the link (again, if already invited).

    The person's account is found by its address, or created without a
    usable password; it gains nothing until the invitation is accepted.
    """
    if INVITATIONS.exceeded(invited_by.pk):
        raise InvitationError(_("You have sent many invitations today. Please try again tomorrow."))
    User = get_user_model()
    email = email.strip().lower()
    same_address = Q(email__iexact=email) | Q(username__iexact=email)
    user = User.objects.filter(same_address).order_by("pk").first()
    if user is None:
        user = User(username=email[:150], email=email, first_name=first_name, last_name=last_name)
        user.set_unusable_password()
        user.save()
    elif not user.is_active:
        raise InvitationError(
            _("The account of %(email)s is not active. Please contact the city marketing team.")
            % {"email": email}
        )
    elif team.group.user_set.filter(pk=user.pk).exists():
        raise InvitationError(_("%(email)s already owns this business.") % {"email": email})
    elif team.staff_group_id and team.staff_group.user_set.filter(pk=user.pk).exists():
        raise InvitationError(_("%(email)s already works at this business.") % {"email": email})
    invitation, _created = StaffInvitation.objects.get_or_create(
        team=team,
        user=user,
        accepted_at=None,
        defaults={"email": email, "invited_by": invited_by},
    )
    send_invitation(invitation, invited_by)
    return invitation


def invitation_url(invitation):
    index = DirectoryIndexPage.objects.ancestor_of(invitation.team.page).first()
    path = index.url + index.reverse_subpage(
        "accept_invitation", args=[_token(invitation.pk, INVITATION_SALT)]
    )
    return _absolute(path, invitation.team.page)


def send_invitation(invitation, sender):
    """Mail the invitation's link (again); counts against ``sender``'s daily limit."""
    INVITATIONS.record(sender.pk)
    invitation.sent_at = timezone.now()
    invitation.save(update_fields=["sent_at"])
    inviter = invitation.invited_by
    _send(
        _("Invitation to the till of %(name)s") % {"name": invitation.team.page.title},
        "directory/emails/staff_invitation.txt",
        {
            "invitation": invitation,
            "page": invitation.team.page,
            "inviter": (inviter.get_full_name() or inviter.email) if inviter else "",
            "url": invitation_url(invitation),
            "days": INVITATION_MAX_AGE // (60 * 60 * 24),
        },
        [invitation.email],
    )


def invitation_from_token(token):
    """The open invitation the link belongs to; ``None`` if expired, withdrawn or used."""
    pk = _pk_from_token(token, INVITATION_SALT, INVITATION_MAX_AGE)
    if pk is None:
        return None
    return (
        StaffInvitation.objects.filter(pk=pk, accepted_at__isnull=True)
        .select_related("team__page", "user")
        .first()
    )


@transaction.atomic
def accept_invitation(invitation, password=None):
    """The invited user joins the staff (with ``password`` set, if it had none); exactly once."""
    invitation = (
        StaffInvitation.objects.select_for_update()
        .filter(pk=invitation.pk, accepted_at__isnull=True)
        .select_related("team__page", "user")
        .first()
    )
    if invitation is None:
        return None
    user = invitation.user
    if password:
        user.set_password(password)
        user.save(update_fields=["password"])
    services.add_staff(invitation.team.page, user)
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return invitation


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
