"""Employers who buy vouchers for their staff, paid by invoice and issued monthly."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .programme import MONEY, VoucherProgramme
from .settlement import next_month

# Tax-free non-cash benefit per employee and month (§ 8 Abs. 2 Satz 11 EStG).
TAX_FREE_MONTHLY_LIMIT = Decimal("50")


class Employer(models.Model):
    """A company buying for its staff; ``users`` may order and download code sheets."""

    name = models.CharField(_("company"), max_length=200)
    street = models.CharField(_("street and number"), max_length=200)
    postcode = models.CharField(_("postcode"), max_length=10)
    city = models.CharField(_("town"), max_length=120)
    vat_id = models.CharField(_("VAT id"), max_length=20, blank=True)
    contact_email = models.EmailField(_("email for invoices"))
    users = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("users"), related_name="voucher_employers"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("employer")
        verbose_name_plural = _("employers")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def address_lines(self):
        return [self.name, self.street, f"{self.postcode} {self.city}"]


class EmployerOrderQuerySet(models.QuerySet):
    def paid(self):
        return self.filter(paid_at__isnull=False, cancelled_at__isnull=True)

    def for_user(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(employer__users=user)


class EmployerOrder(models.Model):
    """``employees`` vouchers of ``value_per_employee`` every month for ``months`` months.

    Paid once in advance by bank transfer; the operator marks it paid. The
    vouchers of a month are issued by ``issue_employer_vouchers`` (run daily
    by a timer) in a batch whose reference is the order number plus month.
    """

    employer = models.ForeignKey(
        Employer, verbose_name=_("employer"), on_delete=models.PROTECT, related_name="orders"
    )
    programme = models.ForeignKey(
        VoucherProgramme, verbose_name=_("programme"), on_delete=models.PROTECT
    )
    number = models.CharField(_("order number"), max_length=20, unique=True)
    employees = models.PositiveIntegerField(
        _("employees"), validators=[MinValueValidator(1), MaxValueValidator(100_000)]
    )
    value_per_employee = models.DecimalField(
        _("value per employee and month"), **MONEY, validators=[MinValueValidator(1)]
    )
    months = models.PositiveSmallIntegerField(
        _("months"), validators=[MinValueValidator(1), MaxValueValidator(36)]
    )
    first_month = models.DateField(_("first month"))
    created_at = models.DateTimeField(_("ordered"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ordered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    paid_at = models.DateTimeField(_("payment received"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    objects = EmployerOrderQuerySet.as_manager()

    class Meta:
        verbose_name = _("employer order")
        verbose_name_plural = _("employer orders")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.number} ({self.employer})"

    @property
    def total(self):
        return self.employees * self.value_per_employee * self.months

    @property
    def exceeds_tax_free_limit(self):
        return self.value_per_employee > TAX_FREE_MONTHLY_LIMIT

    def month_list(self):
        months, month = [], self.first_month
        for _index in range(self.months):
            months.append(month)
            month = next_month(month)
        return months

    def due_months(self, today=None):
        today = today or timezone.localdate()
        return [month for month in self.month_list() if month <= today]

    def batch_reference(self, month):
        return f"employer:{self.number}:{month:%Y-%m}"
