"""A citizen's concern, its history and the counter behind tracking numbers."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .offices import Office, Open311ApiKey, Topic


class Kind(models.TextChoices):
    PROBLEM = "problem", _("Problem")
    IDEA = "idea", _("Idea")
    HINT = "hint", _("Hint")


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    IN_PROCESS = "in_process", _("In process")
    PROCESSED = "processed", _("Processed")
    REJECTED = "rejected", _("Rejected")


CLOSED_STATUSES = (Status.PROCESSED, Status.REJECTED)
OPEN_STATUSES = (Status.RECEIVED, Status.IN_PROCESS)


class Source(models.TextChoices):
    WEB = "web", _("Web form")
    OPEN311 = "open311", _("Open311")


def new_private_token():
    """The secret in the citizen's private link (256 bits)."""
    return secrets.token_urlsafe(32)


# Published, visible and not folded into another concern: what the public list,
# the map and Open311's requests.json show. The partial indexes below use it.
LISTED = Q(is_published=True, is_hidden=False, merged_into__isnull=True)


class ConcernQuerySet(models.QuerySet):
    def public(self):
        """Concerns anyone may look up by number: published and not hidden."""
        return self.filter(is_published=True, is_hidden=False)

    def listed(self):
        """Public concerns that are not merged into another one."""
        return self.filter(LISTED)

    def open(self):
        return self.filter(status__in=OPEN_STATUSES, merged_into__isnull=True)

    def closed(self):
        return self.filter(Q(status__in=CLOSED_STATUSES) | Q(merged_into__isnull=False))

    def for_user(self, user):
        """The concerns ``user`` may see in the admin: all for editors (of their towns, for a
        town's editors), else their offices'."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser or user.has_perm("concerns.view_all_concerns"):
            from portal.roles.services import for_towns_of

            return for_towns_of(self, user, "topic__site")
        return self.filter(office__staff=user)


class Concern(models.Model):
    """One suggestion or complaint, from its submission to its closing.

    ``office`` starts as the topic's office and changes on reassignment.
    ``status_note`` repeats the latest public note so lists and Open311 need
    no extra query. Every change goes through ``portal.concerns.services``,
    which records a ``ConcernEvent``.
    """

    tracking_number = models.CharField(_("tracking number"), max_length=20, unique=True)
    private_token = models.CharField(max_length=64, unique=True, default=new_private_token)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PROBLEM)
    topic = models.ForeignKey(
        Topic, verbose_name=_("topic"), on_delete=models.PROTECT, related_name="concerns"
    )
    office = models.ForeignKey(
        Office, verbose_name=_("office"), on_delete=models.PROTECT, related_name="concerns"
    )
    description = models.TextField(_("description"), max_length=2000)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    photo = models.FileField(_("photo"), upload_to="concerns/%Y/%m/", blank=True, max_length=200)
    email = models.EmailField(_("e-mail address"), blank=True)
    email_confirmed_at = models.DateTimeField(_("e-mail confirmed"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.RECEIVED
    )
    status_note = models.TextField(_("latest public note"), blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    is_hidden = models.BooleanField(_("hidden by moderation"), default=False)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    api_key = models.ForeignKey(
        Open311ApiKey, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now, db_index=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    objects = ConcernQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("concern")
        verbose_name_plural = _("concerns")
        permissions = [("view_all_concerns", "Can see and handle the concerns of every office")]
        indexes = [
            models.Index(
                fields=["-created_at", "-id"], condition=LISTED, name="concern_listed_idx"
            ),
            models.Index(
                fields=["topic", "-created_at"], condition=LISTED, name="concern_listed_topic_idx"
            ),
            models.Index(
                fields=["status", "-created_at"], condition=LISTED, name="concern_listed_status_idx"
            ),
            models.Index(fields=["office", "status", "-created_at"], name="concern_queue_idx"),
        ]

    def __str__(self):
        return self.tracking_number

    def save(self, *args, **kwargs):
        self.updated_at = timezone.now()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "updated_at"}
        super().save(*args, **kwargs)

    @property
    def is_closed(self):
        return self.status in CLOSED_STATUSES or self.merged_into_id is not None

    @property
    def has_location(self):
        return self.latitude is not None and self.longitude is not None

    @property
    def masked_email(self):
        """``m•••@example.org``: enough for the citizen to recognise, little for anyone else."""
        local, _at, domain = self.email.partition("@")
        return f"{local[:1]}•••@{domain}" if domain else ""

    @property
    def email_confirmed(self):
        return bool(self.email) and self.email_confirmed_at is not None


class EventAction(models.TextChoices):
    CREATED = "created", _("Received")
    CONFIRMED = "confirmed", _("E-mail confirmed and published")
    STATUS = "status", _("Status or note")
    REASSIGNED = "reassigned", _("Reassigned")
    MERGED = "merged", _("Merged into another concern")
    HIDDEN = "hidden", _("Hidden")
    SHOWN = "shown", _("Shown again")
    EDITED = "edited", _("Text edited")
    PHOTO_REMOVED = "photo_removed", _("Photo removed")
    EMAIL_DELETED = "email_deleted", _("E-mail address deleted")


class ConcernEvent(models.Model):
    """One entry of a concern's history: who did what and when.

    ``user`` is empty for the citizen and for automatic steps. An edited text
    is never copied here: moderation removes personal data, the history must
    not keep it.
    """

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="events")
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=20, choices=EventAction.choices)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, blank=True)
    public_note = models.TextField(_("public note"), blank=True)
    internal_note = models.TextField(_("internal note"), blank=True)
    detail = models.CharField(_("detail"), max_length=255, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("history entry")
        verbose_name_plural = _("history entries")

    def __str__(self):
        return f"{self.concern} {self.get_action_display()}"


class TrackingCounter(models.Model):
    """Last tracking number handed out per year; its row lock serialises numbering."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last_number}"
