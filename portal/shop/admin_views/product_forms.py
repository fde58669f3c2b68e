"""The product form of the admin: the product, its price and stock, its variants, its pictures.

Three parts submitted together: ``ProductForm`` (Oscar's product with the
marketplace's fields, plus price and stock of a product without variants),
``VariantFormSet`` (one row per size or colour, each with its own price and
stock) and ``ImageFormSet`` (Oscar's product images, uploaded here).
``save_product`` in ``portal.shop.services.catalogue`` stores the first two.
"""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.forms import formset_factory, inlineformset_factory
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from portal.shop import access
from portal.shop.services import catalogue

Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
ProductImage = get_model("catalogue", "ProductImage")
Category = get_model("catalogue", "Category")
StockRecord = get_model("partner", "StockRecord")

MAX_IMAGE_BYTES = 10 * 1024 * 1024
MAX_IMAGES = 8


class CategoryField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        # Indented by depth: the full path would cost a query per category.
        return "– " * (obj.depth - 1) + obj.name


class StockFields(forms.Form):
    """Price and stock of one sellable item (a product without variants, or a variant)."""

    price = forms.DecimalField(
        label=_("Price (gross, incl. VAT)"),
        min_value=Decimal("0.00"),
        max_digits=12,
        decimal_places=2,
        required=False,
        localize=True,  # "4,80" as German merchants type it
        help_text=_("What the customer pays per sales unit, in euros."),
    )
    num_in_stock = forms.IntegerField(
        label=_("Stock count"),
        min_value=0,
        required=False,
        help_text=_("How many you have, including those reserved for open orders."),
    )
    seen_in_stock = forms.IntegerField(widget=forms.HiddenInput, required=False)
    sku = forms.CharField(
        label=_("Article number"),
        max_length=128,
        required=False,
        help_text=_("Your own number for it; empty: one is assigned."),
    )

    def stock(self):
        data = self.cleaned_data
        return catalogue.Stock(
            price=data.get("price"),
            num_in_stock=data.get("num_in_stock"),
            seen_in_stock=data.get("seen_in_stock"),
            low_stock_threshold=data.get("low_stock_threshold"),
            sku=(data.get("sku") or "").strip(),
        )


def stock_initial(record):
    if record is None:
        return {}
    return {
        "price": record.price,
        "num_in_stock": record.num_in_stock,
        "seen_in_stock": record.num_in_stock,
        "low_stock_threshold": record.low_stock_threshold,
        "sku": record.partner_sku,
    }


class ProductForm(forms.ModelForm):
    """The product itself and, without variants, its price and stock."""

    partner = forms.ModelChoiceField(
        label=_("Shop"), queryset=None, empty_label=None, help_text=_("Which shop sells it.")
    )
    categories = CategoryField(
        label=_("Categories"),
        queryset=Category.objects.order_by("path"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Where residents find it when they browse the city shop."),
    )
    price = StockFields.base_fields["price"]
    num_in_stock = StockFields.base_fields["num_in_stock"]
    seen_in_stock = StockFields.base_fields["seen_in_stock"]
    low_stock_threshold = forms.IntegerField(
        label=_("Warn when stock falls to"),
        min_value=0,
        required=False,
    )
    sku = StockFields.base_fields["sku"]

    class Meta:
        model = Product
        fields = [
            "title",
            "description",
            "product_class",
            "categories",
            "vat_rate",
            "sales_unit",
            "net_content",
            "net_content_unit",
            "is_public",
        ]
        labels = {
            "title": _("Name"),
            "description": _("Description"),
            "product_class": _("Kind of product"),
            "is_public": _("Show in the shop"),
        }
        help_texts = {
            "description": _("Plain text; blank lines start a new paragraph."),
            "product_class": _(
                "Fresh goods are sold by weight or piece; vouchers and gift cards need no stock."
            ),
            "is_public": _("Untick to hide the product without deleting it."),
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}
        localized_fields = ["net_content"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        product = self.instance
        self.fields["product_class"].queryset = ProductClass.objects.order_by("pk")
        self.fields["product_class"].empty_label = None
        self.fields["title"].required = True
        self.fields["low_stock_threshold"].help_text = _(
            "Your start page lists the product when this many or fewer are left; empty: %(n)s."
        ) % {"n": catalogue.DEFAULT_LOW_STOCK}
        partners = access.partners_for(user).order_by("name")
        partner = self.fields["partner"]
        partner.queryset = partners
        if product.pk:
            # A product stays with its shop; the field only names it.
            partner.queryset = partners.filter(pk=product.partner_id)
            partner.disabled = True
            partner.initial = product.partner_id
        elif len(partner.queryset) == 1:
            partner.initial = partner.queryset[0].pk
            partner.widget = forms.HiddenInput()
        self.record = None
        if product.pk and not product.is_parent:
            self.record = StockRecord.objects.filter(product=product).first()
            for name, value in stock_initial(self.record).items():
                self.fields[name].initial = value

    def _section(self, names):
        return [self[name] for name in names if not self[name].is_hidden]

    @property
    def product_fields(self):
        return self._section(
            [
                "partner",
                "title",
                "description",
                "product_class",
                "categories",
                "vat_rate",
                "is_public",
            ]
        )

    @property
    def unit_fields(self):
        return self._section(["sales_unit", "net_content", "net_content_unit"])

    @property
    def stock_fields(self):
        return self._section(["price", "num_in_stock", "low_stock_threshold", "sku"])

    def tracks_stock(self):
        product_class = self.cleaned_data.get("product_class")
        return product_class is None or product_class.track_stock

    def check_stock(self):
        """Price (and, for tracked goods, stock) are needed when there are no variants."""
        if self.cleaned_data.get("price") is None:
            self.add_error("price", _("Enter the price."))
        if self.tracks_stock() and self.cleaned_data.get("num_in_stock") is None:
            self.add_error("num_in_stock", _("Enter how many you have (0 if none)."))

    def stock(self):
        return StockFields.stock(self)


class VariantForm(StockFields):
    """One variant: a size, colour or pack with its own price and stock."""

    pk = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(
        label=_("Variant"), max_length=255, required=False, help_text=_('e.g. "Size M", "red"')
    )

    field_order = ["pk", "title", "price", "num_in_stock", "seen_in_stock", "sku"]

    def clean(self):
        data = super().clean()
        if self.has_changed() and not data.get("DELETE"):
            if not data.get("title"):
                self.add_error("title", _("Name the variant."))
            if data.get("price") is None:
                self.add_error("price", _("Enter the price."))
        return data

    def variant(self):
        data = self.cleaned_data
        return catalogue.Variant(
            pk=data.get("pk"),
            title=data.get("title", "").strip(),
            stock=self.stock(),
            delete=bool(data.get("DELETE")),
        )


class BaseVariantFormSet(forms.BaseFormSet):
    def filled_forms(self):
        return [form for form in self.forms if form.has_changed() or form.initial]

    def clean(self):
        if any(self.errors):
            return
        titles = set()
        for form in self.filled_forms():
            if form.cleaned_data.get("DELETE"):
                continue
            title = form.cleaned_data.get("title", "").strip().lower()
            if title in titles:
                raise ValidationError(_("Two variants have the same name."))
            titles.add(title)

    def variants(self):
        return [form.variant() for form in self.filled_forms()]


VariantFormSet = formset_factory(
    VariantForm, formset=BaseVariantFormSet, extra=2, can_delete=True, max_num=50
)


def variant_initial(product):
    if not product.pk or not product.is_parent:
        return []
    children = product.children.prefetch_related("stockrecords").order_by("pk")
    rows = []
    for child in children:
        record = next(iter(child.stockrecords.all()), None)
        rows.append({"pk": child.pk, "title": child.title, **stock_initial(record)})
    return rows


class ImageForm(forms.ModelForm):
    class Meta:
        model = ProductImage
        fields = ["original", "caption", "display_order"]
        labels = {
            "original": _("Picture"),
            "caption": _("Description of the picture"),
            "display_order": _("Position"),
        }
        help_texts = {
            "original": _("JPEG, PNG or WebP, up to 10 MB."),
            "caption": _("What the picture shows, for people who cannot see it."),
            "display_order": _("The picture with the lowest number is shown first."),
        }

    def clean_original(self):
        image = self.cleaned_data.get("original")
        if image and getattr(image, "size", 0) > MAX_IMAGE_BYTES:
            raise ValidationError(_("The picture is larger than 10 MB."))
        return image


ImageFormSet = inlineformset_factory(
    Product,
    ProductImage,
    form=ImageForm,
    extra=1,
    max_num=MAX_IMAGES,
    can_delete=True,
)
