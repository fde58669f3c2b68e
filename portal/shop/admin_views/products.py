"""Products in the admin: the merchant's list, the product form with variants and pictures.

A ``ModelViewSet`` over Oscar's ``Product`` with the views confined to
``access.products_for`` (``OwnRowsMixin``). The list shows products and
parents (variants are edited on their parent's form) with price, stock and
visibility computed in the list's one query. Saving goes through
``services.catalogue.save_product``; pictures are Oscar's product images,
uploaded on the same form.
"""

from django.db import transaction
from django.db.models import Count, Min, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.shortcuts import redirect
from django.urls import path
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_filters import BooleanFilter, ModelChoiceFilter
from oscar.core.loading import get_model
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import BooleanColumn, Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from portal.shop import access
from portal.shop.services import catalogue

from . import product_forms
from .permissions import OwnRowsMixin

Product = get_model("catalogue", "Product")
Partner = get_model("partner", "Partner")
StockRecord = get_model("partner", "StockRecord")


def products_with_figures(user):
    """The user's products and parents with price ("from" for variants) and stock counts."""
    own_or_children = Q(product=OuterRef("pk")) | Q(product__parent=OuterRef("pk"))
    records = StockRecord.objects.filter(own_or_children).order_by().values("product__partner")

    def figure(expression):
        return Subquery(records.annotate(value=expression).values("value")[:1])

    return (
        access.products_for(user)
        .filter(parent=None)
        .select_related("partner", "product_class")
        .annotate(
            min_price=figure(Min("price")),
            in_stock=figure(Sum(Coalesce("num_in_stock", 0))),
            reserved=figure(Sum(Coalesce("num_allocated", 0))),
            variant_count=Count("children", distinct=True),
        )
    )


def price_text(product):
    from oscar.templatetags.currency_filters import currency

    if product.min_price is None:
        return "–"
    text = currency(product.min_price, "EUR")
    return _("from %(price)s") % {"price": text} if product.variant_count else text


def stock_text(product):
    if not product.product_class.track_stock:
        return _("not counted")
    if product.in_stock is None:
        return "–"
    available = product.in_stock - (product.reserved or 0)
    if product.reserved:
        return _("%(available)s (%(reserved)s reserved)") % {
            "available": available,
            "reserved": product.reserved,
        }
    return str(available)


class ProductFilterSet(WagtailFilterSet):
    is_public = BooleanFilter(label=_("Shown in the shop"))
    partner = ModelChoiceFilter(
        label=_("Shop"),
        queryset=lambda request: access.partners_for(request.user),
        empty_label=_("All"),
    )

    class Meta:
        model = Product
        fields = ["is_public", "partner"]


class ProductIndexView(OwnRowsMixin, generic.IndexView):
    rows_for = staticmethod(products_with_figures)
    filterset_class = ProductFilterSet
    search_fields = ["title"]  # switches the search box on; ``search_queryset`` does the work
    default_ordering = "title"
    page_title = _("Products")

    @cached_property
    def columns(self):
        columns = [
            TitleColumn(
                "title",
                label=_("Name"),
                sort_key="title",
                get_url=self.get_edit_url,
            ),
            Column("price", label=_("Price"), accessor=price_text),
            Column("stock", label=_("Available now"), accessor=stock_text),
            Column("variants", label=_("Variants"), accessor="variant_count"),
            BooleanColumn("is_public", label=_("In the shop"), sort_key="is_public"),
        ]
        if self.several_shops:
            columns.append(Column("partner", label=_("Shop"), accessor="partner.name"))
        return columns

    @cached_property
    def several_shops(self):
        return access.partners_for(self.request.user).count() > 1

    def search_queryset(self, queryset):
        """By name or article number, of the product or of one of its variants."""
        if not self.is_searching:
            return queryset
        term = self.search_query
        matching = Product.objects.filter(
            Q(title__icontains=term) | Q(stockrecords__partner_sku__icontains=term)
        ).values("pk")
        parents = Product.objects.filter(pk__in=matching, parent__isnull=False).values("parent")
        return queryset.filter(Q(pk__in=matching) | Q(pk__in=parents))


class ProductFormMixin:
    """The product form with its variant and picture formsets, validated and saved together."""

    template_name = "shop/admin/product_form.html"

    def get_form_class(self):
        return product_forms.ProductForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        product = form.instance
        data = self.request.POST if self.request.method == "POST" else None
        files = self.request.FILES if data is not None else None
        self.variant_formset = product_forms.VariantFormSet(
            data, prefix="variants", initial=product_forms.variant_initial(product)
        )
        self.image_formset = product_forms.ImageFormSet(
            data, files, instance=product, prefix="images"
        )
        return form

    def is_valid(self, form):
        valid = all(
            [form.is_valid(), self.variant_formset.is_valid(), self.image_formset.is_valid()]
        )
        if valid:
            self.check_stock_and_numbers(form)
            valid = form.is_valid()
        if not valid:
            self.produced_error_code = "validation_error"
            self.produced_error_message = self.get_error_message()
        return valid

    def check_stock_and_numbers(self, form):
        variants = [v for v in self.variant_formset.variants() if not v.delete]
        if not variants:
            form.check_stock()
        partner = form.cleaned_data["partner"]
        own = (
            StockRecord.objects.filter(Q(product=form.instance) | Q(product__parent=form.instance))
            if form.instance.pk
            else StockRecord.objects.none()
        )
        own = list(own)
        wanted = [v.stock.sku for v in variants] or [form.cleaned_data.get("sku") or ""]
        wanted = [sku.strip() for sku in wanted if sku and sku.strip()]
        if len(wanted) != len(set(wanted)) or any(
            catalogue.sku_taken(partner, sku, own) for sku in wanted
        ):
            form.add_error(None, _("An article number is already used by another product."))

    def save_instance(self):
        form = self.form
        data = catalogue.ProductData(stock=form.stock(), variants=self.variant_formset.variants())
        with transaction.atomic():
            product = form.save(commit=False)
            catalogue.save_product(product, form.cleaned_data["partner"], data)
            form.save_m2m()
            self.image_formset.instance = product
            self.image_formset.save()
        return product

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["variant_formset"] = self.variant_formset
        context["image_formset"] = self.image_formset
        context["form_is_multipart"] = True
        return context


class ProductCreateView(ProductFormMixin, generic.CreateView):
    page_title = _("New product")

    def get_success_url(self):
        return self.get_edit_url()


class ProductEditView(ProductFormMixin, OwnRowsMixin, generic.EditView):
    rows_for = staticmethod(access.products_for)

    def get_object(self, queryset=None):
        product = super().get_object(queryset)
        if product.is_child:
            # Variants are edited on their parent's form.
            self.parent_redirect = product.parent_id
        return product

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if getattr(self, "parent_redirect", None):
            return redirect(self.edit_url_name, self.parent_redirect)
        return super().get(request, *args, **kwargs)


class ProductDeleteView(OwnRowsMixin, generic.DeleteView):
    rows_for = staticmethod(access.products_for)

    @property
    def confirmation_message(self):
        return _(
            "Delete this product with its variants and pictures? Past orders keep their "
            "lines. To take it out of the shop for a while, untick “Show in the shop” instead."
        )


class ProductViewSet(ModelViewSet):
    """Menu entry "Products" and its views (no copy, history or usage pages)."""

    model = Product
    name = "shop_products"
    url_prefix = "shop/produkte"
    icon = "form"
    menu_label = _("Products")
    add_to_reference_index = False
    copy_view_enabled = False
    index_view_class = ProductIndexView
    add_view_class = ProductCreateView
    edit_view_class = ProductEditView
    delete_view_class = ProductDeleteView

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(history_url_name=None, usage_url_name=None, **kwargs)

    def get_form_class(self, for_update=False):
        return product_forms.ProductForm

    def get_permissions_to_register(self):
        return []  # the shop's policy decides, not Django permissions

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("neu/", self.add_view, name="add"),
            path("<int:pk>/", self.edit_view, name="edit"),
            path("<int:pk>/loeschen/", self.delete_view, name="delete"),
        ]
