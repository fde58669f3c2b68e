"""The product form with the marketplace's fields: VAT rate, sales unit, net content."""

from django.utils.translation import gettext_lazy as _
from oscar.apps.dashboard.catalogue import forms as oscar_forms


class ProductForm(oscar_forms.ProductForm):
    class Meta(oscar_forms.ProductForm.Meta):
        fields = [
            *oscar_forms.ProductForm.Meta.fields,
            "vat_rate",
            "sales_unit",
            "net_content",
            "net_content_unit",
        ]

    def delete_non_child_fields(self):
        # Variants share the parent's VAT rate and unit.
        super().delete_non_child_fields()
        for name in ("vat_rate", "sales_unit", "net_content", "net_content_unit"):
            self.fields.pop(name, None)


class StockRecordForm(oscar_forms.StockRecordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "price" in self.fields:
            self.fields["price"].label = _("Price (gross, incl. VAT)")
            self.fields["price"].help_text = _("What the customer pays per sales unit.")
