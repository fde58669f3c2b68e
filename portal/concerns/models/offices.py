"""Who handles concerns: offices, the topics routed to them, and Open311 clients."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from portal.towns import town_field


class Office(models.Model):
    """A municipal office (e.g. "Tiefbauamt") that receives the concerns of its topics.

    Its ``staff`` see and handle only this office's concerns in the admin
    queue; adding a user here also lets them log in to the admin (see
    ``portal.concerns.signals``).
    """

    site = town_field(related_name="concern_offices")
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(
        _("e-mail address"), help_text=_("New concerns are announced to this address.")
    )
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff"),
        blank=True,
        related_name="concern_offices",
        help_text=_("These users see and handle the concerns of this office."),
    )

    panels = [FieldPanel("site"), FieldPanel("name"), FieldPanel("email"), FieldPanel("staff")]

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["site", "name"], name="concerns_office_name_per_town")
        ]
        verbose_name = _("office")
        verbose_name_plural = _("offices")

    def __str__(self):
        return self.name


class TopicQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Topic(models.Model):
    """An editor-managed topic citizens choose ("Straßenbeleuchtung").

    The topic decides which office a new concern goes to; its ``code`` is the
    Open311 ``service_code``.
    """

    site = town_field(related_name="concern_topics")
    name = models.CharField(_("name"), max_length=80)
    code = models.SlugField(
        _("code"),
        max_length=40,
        help_text=_("Short fixed identifier, also the Open311 service code."),
    )
    description = models.CharField(_("description"), max_length=255, blank=True)
    office = models.ForeignKey(
        Office,
        verbose_name=_("responsible office"),
        on_delete=models.PROTECT,
        related_name="topics",
    )
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=100)
    is_active = models.BooleanField(
        _("offered"), default=True, help_text=_("Only offered topics appear in the form.")
    )

    objects = TopicQuerySet.as_manager()

    panels = [
        FieldPanel("site"),
        FieldPanel("name"),
        FieldPanel("code"),
        FieldPanel("description"),
        FieldPanel("office"),
        FieldPanel("sort_order"),
        FieldPanel("is_active"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["site", "name"], name="concerns_topic_name_per_town"),
            models.UniqueConstraint(fields=["site", "code"], name="concerns_topic_code_per_town"),
        ]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.office_id and self.site_id and self.office.site_id != self.site_id:
            raise ValidationError({"office": _("Choose an office of the same town.")})


def new_api_key():
    return secrets.token_urlsafe(32)


class Open311ApiKey(models.Model):
    """A key that lets one outside application create concerns through Open311,
    in one town: the key is unknown at every other town's endpoint."""

    site = town_field(related_name="open311_keys")
    name = models.CharField(_("application"), max_length=120, unique=True)
    key = models.CharField(_("key"), max_length=64, unique=True, default=new_api_key)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    panels = [
        FieldPanel("site"),
        FieldPanel("name"),
        FieldPanel("key", read_only=True),
        FieldPanel("is_active"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("Open311 API key")
        verbose_name_plural = _("Open311 API keys")

    def __str__(self):
        return self.name
