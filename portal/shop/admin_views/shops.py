"""A shop's settings in the admin: pickup, delivery area and fees, shipping, e-mail delivery.

A ``ModelViewSet`` over ``MerchantShop`` that can only list and edit the
user's own shops (``access.shops_for``): shops are opened from a profile
(``opening``), never created here, and closing one is a setting, not a
deletion. A merchant with one shop goes straight to its form.
"""

from django import forms
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from portal.shop import access
from portal.shop.models import MerchantShop

from .permissions import OwnRowsMixin


def own_shops(user):
    return access.shops_for(user).select_related("page", "partner")


class ShopSettingsForm(WagtailAdminModelForm):
    """Amounts typed the German way ("3,50"), postcodes in a small text area."""

    class Meta:
        model = MerchantShop
        fields = []
        localized_fields = [
            "delivery_fee",
            "free_delivery_above",
            "shipping_fee",
            "free_shipping_above",
        ]
        widgets = {"delivery_postcodes": forms.Textarea(attrs={"rows": 2})}


class ShopIndexView(OwnRowsMixin, generic.IndexView):
    rows_for = staticmethod(own_shops)
    page_title = _("Shop settings")
    default_ordering = "partner__name"

    def get(self, request, *args, **kwargs):
        shops = list(self.own_rows()[:2])
        if len(shops) == 1 and not access.sees_all(request.user):
            return redirect("shop_settings:edit", shops[0].pk)
        return super().get(request, *args, **kwargs)

    @cached_property
    def columns(self):
        return [
            TitleColumn("name", label=_("Shop"), accessor="name", get_url=self.get_edit_url),
            BooleanColumn("is_open", label=_("Open"), sort_key="is_open"),
            Column(
                "methods",
                label=_("Fulfilment"),
                accessor=lambda shop: ", ".join(str(offer["label"]) for offer in shop.offer),
            ),
        ]


class ShopEditView(OwnRowsMixin, generic.EditView):
    rows_for = staticmethod(own_shops)
    success_message = _("Your shop settings are saved.")

    def get_success_url(self):
        return reverse("shop_settings:edit", args=[self.object.pk])

    def get_page_subtitle(self):
        return self.object.name


class ShopSettingsViewSet(ModelViewSet):
    """Menu entry "Shop settings": one form per shop, no adding or deleting."""

    model = MerchantShop
    name = "shop_settings"
    url_prefix = "shop/einstellungen"
    icon = "cog"
    menu_label = _("Shop settings")
    add_to_reference_index = False
    copy_view_enabled = False
    index_view_class = ShopIndexView
    edit_view_class = ShopEditView
    edit_handler = ObjectList(
        [
            HelpPanel(
                content=_(
                    "How customers get their goods from you and what it costs them. The checkout "
                    "offers only what you switch on here."
                )
            ),
            MultiFieldPanel([FieldPanel("is_open"), FieldPanel("order_email")], heading=_("Shop")),
            MultiFieldPanel(
                [
                    FieldPanel("offers_pickup"),
                    FieldPanel("pickup_hours"),
                    FieldPanel("pickup_note"),
                    FieldPanel("pickup_payment"),
                ],
                heading=_("Pickup in the shop"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("offers_delivery"),
                    FieldPanel("delivery_postcodes"),
                    FieldPanel("delivery_window"),
                    FieldPanel("delivery_fee"),
                    FieldPanel("free_delivery_above"),
                ],
                heading=_("Delivery in town"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("offers_shipping"),
                    FieldPanel("shipping_fee"),
                    FieldPanel("free_shipping_above"),
                ],
                heading=_("Parcel shipping"),
            ),
            MultiFieldPanel([FieldPanel("offers_email")], heading=_("Delivery by email")),
        ],
        base_form_class=ShopSettingsForm,
    )

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            add_url_name=None,
            delete_url_name=None,
            history_url_name=None,
            usage_url_name=None,
            **kwargs,
        )

    def get_permissions_to_register(self):
        return []  # the shop's policy decides, not Django permissions

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("<int:pk>/", self.edit_view, name="edit"),
        ]
