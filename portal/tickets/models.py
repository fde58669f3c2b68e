"""Ticket sales of events, their categories, and the tickets issued after payment.

A ``TicketSale`` ties one event page to its organiser, a business of the
directory whose shop sells the tickets. Each ``TicketCategory`` ("Erwachsene
12 €", "ermäßigt 8 €") is a product of that shop (``product``), so tickets go
through the shop's basket, checkout, payment and refunds like any goods.

Places are counted here, not in Oscar's stock: ``TicketCategory.taken`` and
``TicketSale.taken`` count the places held by placed orders (paid or still
being paid) and are raised by one conditional ``UPDATE`` each while the
shop places an order (``services.hold_places``), so a quota is never
oversold. A ``Ticket`` exists only once its order is paid; it carries the
secret code of its QR code and is checked in at most once.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

VAT_CHOICES = [
    ("19", _("19 % (standard rate)")),
    ("7", _("7 % (reduced rate: concerts, theatre, museums)")),
    ("0", _("0 % (exempt, e.g. a club's own events)")),
]


class TicketSaleQuerySet(models.QuerySet):
    def upcoming(self):
        """Sales of events not yet over (an event without an end lasts its day)."""
        now = timezone.now()
        return self.filter(
            Q(event__end__gte=now)
            | Q(event__end__isnull=True, event__start__date__gte=timezone.localdate())
        )


class TicketSale(models.Model):
    event = models.OneToOneField(
        "home.EventPage",
        verbose_name=_("event"),
        on_delete=models.PROTECT,
        related_name="ticket_sale",
    )
    organiser = models.ForeignKey(
        "directory.MerchantPage",
        verbose_name=_("organiser"),
        on_delete=models.PROTECT,
        related_name="ticket_sales",
        help_text=_(
            "The business or club that sells the tickets in its shop and receives the money."
        ),
    )
    capacity = models.PositiveIntegerField(
        _("total capacity"),
        null=True,
        blank=True,
        help_text=_("Most tickets of all categories together; empty: only the categories' quotas."),
    )
    taken = models.PositiveIntegerField(_("places taken"), default=0, editable=False)
    names_on_tickets = models.BooleanField(
        _("name on each ticket"),
        default=False,
        help_text=_("Buyers can put a name on each ticket; the door sees it when checking in."),
    )
    refund_hours = models.PositiveIntegerField(
        _("single tickets refundable until (hours before the start)"),
        null=True,
        blank=True,
        help_text=_(
            "Until then the organiser may cancel and refund a single ticket; "
            "empty: single tickets are not refunded."
        ),
    )
    few_left = models.PositiveIntegerField(
        _("show how many are left below"),
        default=10,
        help_text=_("The event page says how many tickets are left once fewer than this remain."),
    )
    cancelled_at = models.DateTimeField(_("event cancelled"), null=True, blank=True, editable=False)
    cancel_reason = models.CharField(_("reason for the cancellation"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = TicketSaleQuerySet.as_manager()

    class Meta:
        verbose_name = _("ticket sale")
        verbose_name_plural = _("ticket sales")
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(taken__lte=models.F("capacity")),
                name="tickets_sale_taken_within_capacity",
            )
        ]

    def __str__(self):
        return self.event.title

    @property
    def is_cancelled(self):
        return self.cancelled_at is not None

    @property
    def places_left(self):
        """Places left under the total capacity, or ``None`` without one."""
        return None if self.capacity is None else max(self.capacity - self.taken, 0)


class TicketCategory(models.Model):
    sale = models.ForeignKey(
        TicketSale,
        verbose_name=_("ticket sale"),
        on_delete=models.CASCADE,
        related_name="categories",
    )
    name = models.CharField(_("category"), max_length=80, help_text=_("e.g. Erwachsene, ermäßigt"))
    price = models.DecimalField(
        _("price (gross, EUR)"),
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.00"))],
    )
    vat_rate = models.CharField(_("VAT rate"), max_length=2, choices=VAT_CHOICES, default="7")
    quota = models.PositiveIntegerField(
        _("quota"),
        null=True,
        blank=True,
        help_text=_("Most tickets of this category; empty: no own limit."),
    )
    taken = models.PositiveIntegerField(_("places taken"), default=0, editable=False)
    slot = models.DateTimeField(
        _("time slot"),
        null=True,
        blank=True,
        help_text=_(
            "For repeated events (tours, shows): the time this category admits, each slot "
            "with its own quota; empty: the event's start."
        ),
    )
    sale_starts = models.DateTimeField(_("on sale from"), null=True, blank=True)
    sale_ends = models.DateTimeField(
        _("on sale until"),
        null=True,
        blank=True,
        help_text=_("Empty: until the slot or the event starts."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    product = models.OneToOneField(
        "catalogue.Product",
        verbose_name=_("product in the shop"),
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="ticket_category",
    )

    class Meta:
        verbose_name = _("ticket category")
        verbose_name_plural = _("ticket categories")
        ordering = ["slot", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quota__isnull=True) | Q(taken__lte=models.F("quota")),
                name="tickets_category_taken_within_quota",
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.sale_starts and self.sale_ends and self.sale_ends <= self.sale_starts:
            raise ValidationError({"sale_ends": _("The sale must end after it starts.")})

    @property
    def quota_left(self):
        return None if self.quota is None else max(self.quota - self.taken, 0)

    def left(self, sale=None):
        """Tickets of this category still for sale: its quota and the sale's capacity."""
        sale = sale or self.sale
        limits = [n for n in (self.quota_left, sale.places_left) if n is not None]
        return min(limits) if limits else None

    @property
    def starts(self):
        """When a ticket of this category lets its holder in: its slot or the event's start."""
        return self.slot or self.sale.event.start

    def on_sale(self, at=None):
        at = at or timezone.now()
        ends = self.sale_ends or self.starts
        return (
            not self.sale.is_cancelled
            and (self.sale_starts is None or self.sale_starts <= at)
            and at < ends
        )


class Ticket(models.Model):
    class Status(models.TextChoices):
        VALID = "valid", _("valid")
        CANCELLED = "cancelled", _("cancelled")

    sale = models.ForeignKey(
        TicketSale, verbose_name=_("ticket sale"), on_delete=models.PROTECT, related_name="tickets"
    )
    category = models.ForeignKey(
        TicketCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="tickets"
    )
    order_line = models.ForeignKey(
        "order.Line", verbose_name=_("order line"), on_delete=models.PROTECT, related_name="tickets"
    )
    position = models.PositiveSmallIntegerField(_("number in the order line"))
    code = models.CharField(_("check-in code"), max_length=64, unique=True, editable=False)
    short_code = models.CharField(_("short code"), max_length=12, unique=True, editable=False)
    price = models.DecimalField(_("price"), max_digits=8, decimal_places=2)
    holder_name = models.CharField(_("name on the ticket"), max_length=120, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.VALID
    )
    issued_at = models.DateTimeField(_("issued"))
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    entrance = models.CharField(_("entrance"), max_length=60, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked in by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancel_reason = models.CharField(_("reason for the cancellation"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["order_line", "position"], name="tickets_one_ticket_per_unit"
            )
        ]
        indexes = [models.Index(fields=["sale", "status"], name="tickets_sale_status")]

    def __str__(self):
        return f"{self.category.name} {self.short_code_display}"

    @property
    def short_code_display(self):
        return f"{self.short_code[:4]}-{self.short_code[4:]}"

    @property
    def is_valid(self):
        return self.status == self.Status.VALID

    @property
    def starts(self):
        """When the ticket lets its holder in: its category's slot or the event's start."""
        return self.category.slot or self.sale.event.start
