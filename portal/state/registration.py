"""Initiatives register themselves: e-mail confirmation, moderation, their own login.

1. ``register`` stores an unconfirmed registration and mails a signed link;
   nothing is public and nobody is asked to review it until it is opened.
2. ``confirm`` (the link) makes it wait for review and tells the editors.
3. ``approve`` (by the editors of the index it files into: the Landesredaktion
   on the state portal, the town's editors on a town portal) creates and
   publishes the ``InitiativePage``, gives the initiative a login that may
   edit only this page (its changes go through the editors' workflow) and
   mails a link to choose a password; ``reject`` mails the reason.

The signed tokens, mail helpers and unique slugs are the directory's
onboarding pieces (``portal.directory.onboarding``).
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.tokens import default_token_generator
from django.core.files.images import ImageFile
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from wagtail.images import get_image_model
from wagtail.models import GroupPagePermission

from portal.directory.models import InitiativeIndexPage, InitiativePage, PostcodeArea
from portal.directory.onboarding import _pk_from_token, _send, _token, operator_email, unique_slug
from portal.ratelimit import RateLimit
from portal.roles.definitions import ACCESS_ADMIN
from portal.towns import absolute_url, town_of_page

from .models import InitiativeRegistration, InitiativeTeam
from .sites import ensure_initiative_workflow, moderators_of

CONFIRM_SALT = "portal.state.registration"
CONFIRM_MAX_AGE = 60 * 60 * 24 * 7
# Every submitted form counts, valid or not: an initiative registers once, a
# handful of tries an hour are plenty; a bot gets nothing stored beyond them.
REGISTRATIONS = RateLimit("state:register", limit=5, window=60 * 60)
TEAM_PAGE_PERMISSIONS = ("change_page",)


def index_for_site(site):
    """The live initiatives index of ``site`` (where its registrations file in), or ``None``."""
    if site is None:
        return None
    return (
        InitiativeIndexPage.objects.live()
        .filter(path__startswith=site.root_page.path)
        .order_by("depth", "path")
        .first()
    )


def _absolute(path, index):
    return absolute_url(path, town_of_page(index))


@transaction.atomic
def register(index, *, offers=(), logo=None, **fields):
    """Store an unconfirmed registration and mail its confirmation link."""
    registration = InitiativeRegistration(index=index, **fields)
    for name, key in InitiativePage.OFFER_FIELDS:
        setattr(registration, name, key in offers)
    if logo is not None:
        registration.logo.save(logo.name, logo, save=False)
    registration.save()
    url = _absolute(reverse("state:confirm", args=[_token(registration.pk, CONFIRM_SALT)]), index)
    _send(
        _("Please confirm the registration of %(name)s") % {"name": registration.name},
        "state/emails/confirm.txt",
        {"registration": registration, "url": url, "days": CONFIRM_MAX_AGE // 86400},
        [registration.contact_email],
    )
    return registration


def registration_from_token(token):
    pk = _pk_from_token(token, CONFIRM_SALT, CONFIRM_MAX_AGE)
    if pk is None:
        return None
    return InitiativeRegistration.objects.filter(pk=pk).select_related("index").first()


@transaction.atomic
def confirm(registration):
    """The applicant opened the link: the registration waits for review (once)."""
    updated = InitiativeRegistration.objects.filter(
        pk=registration.pk, status=InitiativeRegistration.STATUS_UNCONFIRMED
    ).update(status=InitiativeRegistration.STATUS_PENDING, confirmed_at=timezone.now())
    if updated:
        registration.refresh_from_db()
        _send(
            _("New initiative registration: %(name)s") % {"name": registration.name},
            "state/emails/editors.txt",
            {
                "registration": registration,
                "admin_url": _absolute(reverse("state_registrations:index"), registration.index),
            },
            [operator_email(registration.index)],
        )
    return bool(updated)


# Moderation ----------------------------------------------------------------------


def may_moderate(user, index):
    """Who decides on registrations of ``index``: whoever may publish there
    (Landesredaktion on the state tree, a town's editors in their town)."""
    return bool(user.is_active and index.permissions_for_user(user).can_publish_subpage())


def moderated_indexes(user):
    """The initiatives indexes whose registrations ``user`` decides on."""
    if not user.is_active or not user.has_perm(ACCESS_ADMIN):
        return []
    return [index for index in InitiativeIndexPage.objects.all() if may_moderate(user, index)]


def moderates_anything(user):
    return bool(moderated_indexes(user))


def moderated_by(user):
    """The registrations ``user`` may decide on (all but unconfirmed), newest first."""
    indexes = moderated_indexes(user)
    return (
        InitiativeRegistration.objects.filter(index__in=indexes)
        .exclude(status=InitiativeRegistration.STATUS_UNCONFIRMED)
        .select_related("index", "region", "decided_by", "page")
    )


def _logo_image(registration):
    if not registration.logo:
        return None
    Image = get_image_model()
    with registration.logo.open("rb") as stored:
        image = Image(title=f"Logo {registration.name}"[:255])
        image.file.save(registration.logo.name.rsplit("/", 1)[-1], ImageFile(stored), save=False)
        image.save()
    return image


def _team_group(page):
    team = InitiativeTeam.objects.filter(page=page).select_related("group").first()
    if team is not None:
        return team.group
    group, _created = Group.objects.get_or_create(name=f"Initiative {page.pk}: {page.title}"[:150])
    app_label, codename = ACCESS_ADMIN.split(".")
    group.permissions.add(
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
    )
    for permission in Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=TEAM_PAGE_PERMISSIONS
    ):
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)
    InitiativeTeam.objects.create(page=page, group=group)
    return group


def _login_for(email, name):
    """The account of ``email`` (created without a password if new) and whether it is new."""
    User = get_user_model()
    email = email.strip().lower()
    user = User.objects.filter(Q(email__iexact=email) | Q(username__iexact=email)).first()
    if user is not None:
        return user, False
    user = User(username=email[:150], email=email, first_name=name[:150])
    user.set_unusable_password()
    user.save()
    return user, True


def password_url(user, index):
    """Link to choose a password (Wagtail's own password reset page)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("wagtailadmin_password_reset_confirm", args=[uid, token])
    return _absolute(path, index)


@transaction.atomic
def approve(registration, decided_by):
    """Create and publish the initiative's page, give it a login, mail the applicant."""
    registration = (
        InitiativeRegistration.objects.select_for_update()
        .filter(pk=registration.pk, status=InitiativeRegistration.STATUS_PENDING)
        .first()
    )
    if registration is None:
        return None
    index = registration.index.specific
    area = PostcodeArea.objects.filter(postcode=registration.postcode).first()
    page = InitiativePage(
        title=registration.name,
        slug=unique_slug(index, registration.name),
        region=registration.region,
        kind=registration.kind,
        short_description=registration.short_description,
        website=registration.website,
        postcode=registration.postcode,
        latitude=area.latitude if area else None,
        longitude=area.longitude if area else None,
        contact_name=registration.contact_name,
        contact_email=registration.contact_email,
        contact_phone=registration.contact_phone,
        logo=_logo_image(registration),
        **{name: getattr(registration, name) for name, _key in InitiativePage.OFFER_FIELDS},
    )
    index.add_child(instance=page)
    page.save_revision(user=decided_by, log_action=True).publish(user=decided_by)
    user, new = _login_for(registration.contact_email, registration.contact_name)
    if not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
    user.groups.add(_team_group(page))
    page.owner = user
    page.save(update_fields=["owner"], clean=False)
    ensure_initiative_workflow(index, moderators_of(index))
    registration.status = InitiativeRegistration.STATUS_APPROVED
    registration.decided_at = timezone.now()
    registration.decided_by = decided_by
    registration.page = page
    registration.user = user
    registration.save()
    _send(
        _("%(name)s is now listed") % {"name": registration.name},
        "state/emails/approved.txt",
        {
            "registration": registration,
            "page_url": page.get_full_url(),
            "password_url": password_url(user, index) if new else "",
            "login_url": _absolute(reverse("wagtailadmin_login"), index),
        },
        [registration.contact_email],
    )
    return page


@transaction.atomic
def reject(registration, decided_by, reason=""):
    """Turn the registration down and mail the applicant (with ``reason``, if given)."""
    updated = InitiativeRegistration.objects.filter(
        pk=registration.pk, status=InitiativeRegistration.STATUS_PENDING
    ).update(
        status=InitiativeRegistration.STATUS_REJECTED,
        decided_at=timezone.now(),
        decided_by=decided_by,
    )
    if not updated:
        return False
    _send(
        _("Your registration of %(name)s") % {"name": registration.name},
        "state/emails/rejected.txt",
        {"registration": registration, "reason": reason.strip()},
        [registration.contact_email],
    )
    if registration.logo:
        registration.logo.delete(save=True)
    return True
