"""The pickup desk: the customer shows the pickup code, the order is handed over.

Open to everyone ``access.handover_partners_for`` names (the shop's owners
and the business's till staff), which is why the page shows only what
the handover needs: the order's number, its items and whether it is paid.
Typing a code finds the order among the user's shops only; a second click
("hand over") marks it collected through ``services.orders.confirm_pickup``.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from portal.shop import access, statuses
from portal.shop.services import orders as order_service


class PickupForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Pickup code"),
        max_length=20,
        help_text=gettext_lazy("The six characters on the customer's order confirmation."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "autofocus": True}
        ),
    )


class PickupDeskView(WagtailAdminTemplateMixin, FormView):
    template_name = "shop/admin/pickup.html"
    form_class = PickupForm
    page_title = gettext_lazy("Pickup desk")
    header_icon = "pick"

    def dispatch(self, request, *args, **kwargs):
        if not access.can_hand_over(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def form_valid(self, form):
        code = form.cleaned_data["code"]
        orders = access.handover_orders_for(self.request.user).select_related(
            "merchant_order__shop__page", "merchant_order__shop__partner"
        )
        order = order_service.find_by_pickup_code(orders, code)
        if order is None:
            form.add_error("code", _("None of your orders has this pickup code."))
            return self.form_invalid(form)
        if self.request.POST.get("confirm") != order.number:
            return self.render_to_response(self.found_context(form, order))
        try:
            order_service.confirm_pickup(order, code)
        except order_service.OrderActionError as error:
            messages.error(self.request, str(error))
            return self.render_to_response(self.found_context(form, order))
        messages.success(
            self.request, _("Order %(number)s has been handed over.") % {"number": order.number}
        )
        return redirect("shop_pickup:index")

    def found_context(self, form, order):
        part = order.merchant_order
        return self.get_context_data(
            form=form,
            found=order,
            part=part,
            lines=list(order.lines.all()),
            status_label=statuses.status_label(order.status),
            ready=statuses.COLLECTED in statuses.next_statuses(order, part.method)
            and order.status != statuses.AWAITING_PAYMENT,
            to_pay=None if part.paid_at else order.total_incl_tax,
            several_shops=access.handover_partners_for(self.request.user).count() > 1,
        )


class PickupMenuItem(MenuItem):
    def is_shown(self, request):
        return access.can_hand_over(request.user)


class PickupViewSet(ViewSet):
    """Menu entry "Pickup desk" and its one page."""

    name = "shop_pickup"
    url_prefix = "shop/abholung"
    icon = "pick"
    menu_label = gettext_lazy("Pickup desk")
    menu_item_class = PickupMenuItem

    def get_urlpatterns(self):
        return [path("", PickupDeskView.as_view(), name="index")]
