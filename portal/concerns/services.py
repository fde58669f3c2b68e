"""Domain operations on concerns: submitting, confirming, handling, retention.

Views, the admin queue, the Open311 API, the demo step and the management
command all go through these functions, so each rule lives once: routing to
the topic's office, publication after e-mail confirmation, the history entry
for every change, and the mails that follow it (background tasks).
"""

import datetime

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.signing import Signer
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from portal.concerns import notifications
from portal.concerns.conf import setting
from portal.concerns.models import (
    CLOSED_STATUSES,
    Concern,
    ConcernEvent,
    EventAction,
    Status,
    TrackingCounter,
)
from portal.concerns.photos import new_photo_name


def can_handle_concerns(user):
    """May ``user`` open the admin queue at all (editor or staff of an office)?"""
    if not user.is_authenticated or not user.is_active:
        return False
    return (
        user.is_superuser
        or user.has_perm("concerns.view_all_concerns")
        or user.concern_offices.exists()
    )


def allocate_tracking_number(year=None):
    """The next tracking number of ``year``, e.g. ``2026-000123``.

    The counter row is incremented with one UPDATE, which holds its row lock
    until the surrounding transaction ends: concurrent submissions queue
    there and each reads back its own value. The unique constraint on
    ``Concern.tracking_number`` is the final guard.
    """
    year = year or timezone.localdate().year
    with transaction.atomic():
        if not TrackingCounter.objects.filter(year=year).update(last_number=F("last_number") + 1):
            try:
                with transaction.atomic():
                    TrackingCounter.objects.create(year=year, last_number=1)
            except IntegrityError:  # another request created this year's counter first
                TrackingCounter.objects.filter(year=year).update(last_number=F("last_number") + 1)
        number = TrackingCounter.objects.get(year=year).last_number
    return f"{year}-{number:06d}"


def _record(concern, action, user=None, **fields):
    return ConcernEvent.objects.create(concern=concern, action=action, user=user, **fields)


def _locked(concern):
    """Re-read ``concern`` with a row lock so concurrent handling never loses a change."""
    return Concern.objects.select_for_update().get(pk=concern.pk)


@transaction.atomic
def submit_concern(
    *,
    kind,
    topic,
    description,
    source,
    latitude=None,
    longitude=None,
    address="",
    photo=None,
    email="",
    api_key=None,
):
    """Store a new concern, route it to its topic's office and send the mails.

    Without an e-mail address the concern is published at once; with one it
    waits until the citizen opens the link in the confirmation mail.
    ``photo`` must already be cleaned (``portal.concerns.photos.clean_photo``).
    """
    now = timezone.now()
    concern = Concern(
        kind=kind,
        topic=topic,
        office=topic.office,
        description=description.strip(),
        latitude=latitude,
        longitude=longitude,
        address=address.strip(),
        email=email.strip(),
        source=source,
        api_key=api_key,
        created_at=now,
        is_published=not email,
        published_at=None if email else now,
    )
    if photo is not None:
        concern.photo.save(photo.name, photo, save=False)
    concern.tracking_number = allocate_tracking_number(timezone.localdate(now).year)
    concern.save()
    _record(concern, EventAction.CREATED, status=Status.RECEIVED, detail=concern.office.name)
    notifications.new_concern_for_office(concern)
    if concern.email:
        notifications.confirmation_for_citizen(concern, confirmation_code(concern))
    return concern


def confirmation_code(concern):
    """The code in the confirmation mail's link that proves the address works."""
    return Signer(salt="portal.concerns.confirm-email").signature(concern.private_token)


@transaction.atomic
def confirm_email(concern, code):
    """Confirm the citizen's address and publish the concern; False for a wrong code."""
    if not concern.email or not constant_time_compare(code, confirmation_code(concern)):
        return False
    concern = _locked(concern)
    if concern.email_confirmed_at is not None:
        return True
    now = timezone.now()
    concern.email_confirmed_at = now
    fields = ["email_confirmed_at"]
    if not concern.is_published:
        concern.is_published = True
        concern.published_at = now
        fields += ["is_published", "published_at"]
    concern.save(update_fields=fields)
    _record(concern, EventAction.CONFIRMED)
    return True


@transaction.atomic
def change_status(concern, user, *, status, public_note="", internal_note=""):
    """Set a new status and/or add notes; the citizen is mailed about public changes."""
    concern = _locked(concern)
    public_note, internal_note = public_note.strip(), internal_note.strip()
    status_changed = status != concern.status
    if not (status_changed or public_note or internal_note):
        raise ValidationError(_("Nothing changed: choose another status or write a note."))
    fields = []
    if status_changed:
        concern.status = status
        concern.closed_at = timezone.now() if status in CLOSED_STATUSES else None
        fields += ["status", "closed_at"]
    if public_note:
        concern.status_note = public_note
        fields.append("status_note")
    if fields:
        concern.save(update_fields=fields)
    event = _record(
        concern,
        EventAction.STATUS,
        user,
        status=status if status_changed else "",
        public_note=public_note,
        internal_note=internal_note,
    )
    if status_changed or public_note:
        notifications.update_for_citizens(concern, event)
    return concern


@transaction.atomic
def reassign(concern, user, office, internal_note=""):
    """Hand the concern to another office, which is notified like for a new one."""
    concern = _locked(concern)
    if office.pk == concern.office_id:
        raise ValidationError(_("The concern is already with this office."))
    previous = concern.office
    concern.office = office
    concern.save(update_fields=["office"])
    _record(
        concern,
        EventAction.REASSIGNED,
        user,
        internal_note=internal_note.strip(),
        detail=f"{previous.name} → {office.name}",
    )
    notifications.new_concern_for_office(concern)
    return concern


@transaction.atomic
def merge(duplicate, target, user, internal_note=""):
    """Fold ``duplicate`` into ``target``: it closes, and its citizen follows the target."""
    duplicate = _locked(duplicate)
    while target.merged_into_id is not None:
        target = target.merged_into
    if target.pk == duplicate.pk:
        raise ValidationError(_("A concern cannot be merged into itself."))
    if duplicate.merged_into_id is not None:
        raise ValidationError(_("This concern is already merged into another one."))
    if duplicate.duplicates.exists():
        raise ValidationError(_("Other concerns were merged into this one; merge them first."))
    duplicate.merged_into = target
    duplicate.closed_at = timezone.now()
    duplicate.save(update_fields=["merged_into", "closed_at"])
    _record(
        duplicate,
        EventAction.MERGED,
        user,
        internal_note=internal_note.strip(),
        detail=target.tracking_number,
    )
    _record(
        target,
        EventAction.MERGED,
        user,
        detail=_("%(number)s was merged into this concern") % {"number": duplicate.tracking_number},
    )
    notifications.merged_for_citizen(duplicate, target)
    return duplicate


@transaction.atomic
def set_hidden(concern, user, hidden, internal_note=""):
    """Take a concern out of every public view (or put it back)."""
    concern = _locked(concern)
    if concern.is_hidden == hidden:
        return concern
    concern.is_hidden = hidden
    fields = ["is_hidden"]
    if hidden and concern.photo:
        # Photo files are served by URL; a new random name makes every address
        # that was public before the concern was hidden stop working.
        _rename_photo(concern)
        fields.append("photo")
    concern.save(update_fields=fields)
    action = EventAction.HIDDEN if hidden else EventAction.SHOWN
    _record(concern, action, user, internal_note=internal_note.strip())
    return concern


def _rename_photo(concern):
    old_name, storage = concern.photo.name, concern.photo.storage
    with storage.open(old_name, "rb") as old_file:
        concern.photo.save(new_photo_name(), File(old_file), save=False)
    transaction.on_commit(lambda: storage.delete(old_name))


@transaction.atomic
def edit_description(concern, user, description):
    """Replace the text, e.g. to remove personal data; the old text is not kept."""
    concern = _locked(concern)
    description = description.strip()
    if description == concern.description:
        raise ValidationError(_("The text is unchanged."))
    concern.description = description
    concern.save(update_fields=["description"])
    _record(concern, EventAction.EDITED, user)
    return concern


@transaction.atomic
def remove_photo(concern, user):
    """Delete the photo file and its reference."""
    concern = _locked(concern)
    if not concern.photo:
        raise ValidationError(_("This concern has no photo."))
    name = concern.photo.name
    storage = concern.photo.storage
    concern.photo = ""
    concern.save(update_fields=["photo"])
    _record(concern, EventAction.PHOTO_REMOVED, user)
    transaction.on_commit(lambda: storage.delete(name))
    return concern


def purge_expired_emails(now=None, days=None):
    """Delete citizens' e-mail addresses of concerns closed more than ``days`` ago.

    Returns the number of concerns changed. Each deletion is recorded in the
    history (without the address).
    """
    now = now or timezone.now()
    days = setting("CONCERNS_EMAIL_RETENTION_DAYS") if days is None else days
    cutoff = now - datetime.timedelta(days=days)
    purged = 0
    expired = Concern.objects.closed().filter(closed_at__lte=cutoff).exclude(email="")
    for pk in expired.values_list("pk", flat=True).iterator():
        with transaction.atomic():
            concern = Concern.objects.select_for_update().get(pk=pk)
            concern.email = ""
            concern.save(update_fields=["email"])
            _record(concern, EventAction.EMAIL_DELETED, created_at=now)
        purged += 1
    return purged
