"""The dashboard's home and the marketplace pages merchants use besides Oscar's.

Every queryset comes from ``portal.shop.access``: a merchant reaches its own
shops and orders only (another's answer 404), staff reach all.
"""

from datetime import timedelta
from decimal import Decimal

from django import forms
from django.contrib import messages
from django.db.models import Count, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic
from oscar.apps.dashboard.views import IndexView as OscarIndexView

from portal.directory.services import merchant_pages_for_user
from portal.shop import access, statuses
from portal.shop.models import MerchantShop
from portal.shop.services import orders as order_service


class IndexView(OscarIndexView):
    """Staff get Oscar's overview; a merchant gets its own shop's figures only."""

    def get_template_names(self):
        if access.sees_all(self.request.user):
            return ["oscar/dashboard/index.html"]
        return ["shop/dashboard/index.html"]

    def get_stats(self):
        user = self.request.user
        if access.sees_all(user):
            return super().get_stats()
        orders = access.orders_for(user)
        day_ago = timezone.now() - timedelta(hours=24)
        today = orders.filter(date_placed__gt=day_ago)
        return {
            "shops": access.shops_for(user).select_related("page"),
            "total_orders_last_day": today.count(),
            "total_revenue_last_day": today.aggregate(total=Sum("total_incl_tax"))["total"]
            or Decimal("0.00"),
            "total_orders": orders.count(),
            "total_revenue": orders.aggregate(total=Sum("total_incl_tax"))["total"]
            or Decimal("0.00"),
            "total_products": access.products_for(user).filter(parent=None).count(),
            "order_status_breakdown": [
                {"status": statuses.status_label(row["status"]), "freq": row["freq"]}
                for row in orders.order_by("status").values("status").annotate(freq=Count("id"))
            ],
            "open_pickups": orders.filter(
                merchant_order__method=MerchantShop.PICKUP,
                status__in=[statuses.NEW, statuses.IN_PROGRESS, statuses.READY_FOR_PICKUP],
            ).count(),
        }


class ShopListView(generic.ListView):
    template_name = "shop/dashboard/shop_list.html"
    context_object_name = "shops"

    def get_queryset(self):
        return access.shops_for(self.request.user).select_related("page", "partner")

    def get(self, request, *args, **kwargs):
        shops = self.get_queryset()
        if not access.sees_all(request.user) and len(shops) == 1:
            return redirect("dashboard:shop-settings", pk=shops[0].pk)
        return super().get(request, *args, **kwargs)


class ShopSettingsForm(forms.ModelForm):
    class Meta:
        model = MerchantShop
        fields = [
            "is_open",
            "order_email",
            "offers_pickup",
            "pickup_hours",
            "pickup_note",
            "offers_delivery",
            "delivery_postcodes",
            "delivery_fee",
            "free_delivery_above",
            "offers_shipping",
            "shipping_fee",
            "free_shipping_above",
            "offers_email",
        ]
        widgets = {"delivery_postcodes": forms.Textarea(attrs={"rows": 2})}


class ShopSettingsView(generic.UpdateView):
    """A merchant's fulfilment offer: pickup hours, delivery area and fees, shipping fee."""

    template_name = "shop/dashboard/shop_settings.html"
    form_class = ShopSettingsForm
    context_object_name = "shop"

    def get_queryset(self):
        return access.shops_for(self.request.user).select_related("page")

    def form_valid(self, form):
        messages.success(self.request, _("Your shop settings are saved."))
        return super().form_valid(form)

    def get_success_url(self):
        return reverse("dashboard:shop-settings", kwargs={"pk": self.object.pk})


class PickupForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Pickup code"),
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class PickupView(generic.FormView):
    """The pickup desk: the customer shows its code, the merchant hands the order over."""

    template_name = "shop/dashboard/pickup.html"
    form_class = PickupForm

    def form_valid(self, form):
        code = form.cleaned_data["code"]
        own_orders = access.orders_for(self.request.user)
        order = order_service.find_by_pickup_code(own_orders, code)
        if order is None:
            form.add_error("code", _("None of your orders has this pickup code."))
            return self.form_invalid(form)
        if self.request.POST.get("confirm") != order.number:
            return self.render_to_response(self.get_context_data(form=form, found=order))
        try:
            order_service.confirm_pickup(order, code)
        except order_service.OrderActionError as error:
            messages.error(self.request, str(error))
            return self.render_to_response(self.get_context_data(form=form, found=order))
        messages.success(
            self.request, _("Order %(number)s has been handed over.") % {"number": order.number}
        )
        return redirect("dashboard:shop-pickup")


class ProfileRedirectView(generic.RedirectView):
    """From the shop to its profile in the Wagtail admin (one login for both)."""

    def get_redirect_url(self, *args, **kwargs):
        shop = get_object_or_404(access.shops_for(self.request.user), pk=kwargs["pk"])
        page_id = shop.page_id
        user = self.request.user
        if page_id is None or not (
            access.sees_all(user) or merchant_pages_for_user(user).filter(pk=page_id).exists()
        ):
            raise Http404
        return reverse("wagtailadmin_pages:edit", args=[page_id])
