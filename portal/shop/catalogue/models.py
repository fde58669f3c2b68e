"""Oscar's catalogue with what a German marketplace needs on each product.

``Product`` gains the merchant that owns it (``partner``), its VAT rate and,
for goods sold by weight or in containers, the sales unit and net content
from which the base price ("Grundpreis") is computed. Everything else is
Oscar's own model, imported at the bottom as Oscar's docs prescribe.

Products are indexed in Wagtail's search like pages (``index.Indexed``), so
the site search and the search boxes' suggestions find them with the same
German rules as businesses (``portal.sitesearch``). Variants are not
indexed on their own: their parent stands for them.
"""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from oscar.apps.catalogue.abstract_models import AbstractProduct
from wagtail.search import index

# German VAT rates: standard, reduced (food, books, flowers), none (e.g. vouchers).
VAT_STANDARD, VAT_REDUCED, VAT_NONE = "19", "7", "0"
VAT_CHOICES = [
    (VAT_STANDARD, _("19 % (standard rate)")),
    (VAT_REDUCED, _("7 % (reduced rate: food, books, flowers)")),
    (VAT_NONE, _("0 % (no VAT, e.g. multi-purpose vouchers)")),
]
# Units a base price is quoted per (PAngV): per kilogram or per litre.
CONTENT_UNITS = [
    ("g", _("grams")),
    ("ml", _("millilitres")),
]


class Product(index.Indexed, AbstractProduct):
    partner = models.ForeignKey(
        "partner.Partner",
        verbose_name=_("merchant"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_products",
        help_text=_("The shop that sells this product; only its team can change it."),
    )
    vat_rate = models.CharField(
        _("VAT rate"), max_length=2, choices=VAT_CHOICES, default=VAT_STANDARD
    )
    sales_unit = models.CharField(
        _("sold per"),
        max_length=30,
        blank=True,
        help_text=_('e.g. "piece", "250 g", "bunch", "jar"; shown next to the price.'),
    )
    net_content = models.DecimalField(
        _("net content"),
        max_digits=8,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.1"))],
        help_text=_("Amount per sales unit, for the base price per kilogram or litre."),
    )
    net_content_unit = models.CharField(
        _("unit of the net content"), max_length=2, choices=CONTENT_UNITS, blank=True
    )

    search_fields = [
        index.SearchField("title", boost=2),
        index.SearchField("description", boost=0.5),
        index.AutocompleteField("title"),
        index.FilterField("id"),
        index.FilterField("is_public"),
    ]

    @classmethod
    def get_indexed_objects(cls):
        return cls.objects.filter(parent=None)

    @property
    def vat_percent(self):
        """The VAT rate as a ``Decimal`` percentage (children use their parent's rate)."""
        product = self.parent if self.is_child and self.parent_id else self
        return Decimal(product.vat_rate)

    def base_price(self, gross_price):
        """Price per kilogram or litre for ``gross_price`` per sales unit, or ``None``."""
        product = self.parent if self.is_child and self.parent_id else self
        if not product.net_content or not product.net_content_unit or gross_price is None:
            return None
        return (gross_price * 1000 / product.net_content).quantize(Decimal("0.01"))

    @property
    def base_unit(self):
        product = self.parent if self.is_child and self.parent_id else self
        return {"g": "kg", "ml": "l"}.get(product.net_content_unit, "")


from oscar.apps.catalogue.models import *  # noqa: E402,F403
