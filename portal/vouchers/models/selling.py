"""Which shop products sell the city voucher (see ``portal.vouchers.selling``)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .programme import MONEY, VoucherProgramme


class VoucherProduct(models.Model):
    """A product of the operator's shop that sells the programme's voucher.

    One parent product ("Stadtgutschein", the page the buy button opens,
    ``value`` empty) with one variant per denomination. When an order with
    such a line is paid, each unit becomes a voucher of the line's price.
    """

    programme = models.ForeignKey(
        VoucherProgramme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="products",
    )
    product = models.OneToOneField(
        "catalogue.Product",
        verbose_name=_("product"),
        on_delete=models.CASCADE,
        related_name="city_voucher",
    )
    value = models.DecimalField(_("value"), **MONEY, null=True, blank=True)

    class Meta:
        verbose_name = _("voucher product")
        verbose_name_plural = _("voucher products")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "value"], name="cityv_one_product_per_value"
            ),
            models.UniqueConstraint(
                fields=["programme"],
                condition=Q(value__isnull=True),
                name="cityv_one_parent_product",
            ),
        ]

    def __str__(self):
        return str(self.product)
