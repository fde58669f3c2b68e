"""Oscar's order dashboard, confined to the merchant's own orders.

Oscar decides access by "some line of the order belongs to one of the user's
partners" and then shows the whole order. Here every view starts from
``access.orders_for`` (orders of the user's shops; each order belongs to
exactly one merchant) and the order page shows only the merchant's own lines,
so no list, total, CSV export, line page or address form ever reaches
another merchant's data. The order page also gets the marketplace's actions:
ready for pickup, shipped, payment received, and the pickup code.
"""

from django.contrib import messages
from django.http import Http404
from django.utils.translation import gettext as _
from oscar.apps.dashboard.orders import views as oscar_views
from oscar.core.loading import get_class

from portal.shop import access, statuses
from portal.shop.services import orders as order_service
from portal.shop.services import vat

OrderStatusForm = get_class("dashboard.orders.forms", "OrderStatusForm")


def orders_for(user):
    return (
        access.orders_for(user)
        .select_related(
            "billing_address",
            "billing_address__country",
            "shipping_address",
            "shipping_address__country",
            "user",
            "merchant_order__shop__page",
            "merchant_order__checkout",
        )
        .prefetch_related("lines", "status_changes")
    )


def order_or_404(user, number):
    order = orders_for(user).filter(number=number).first()
    if order is None:
        raise Http404
    return order


class OrderStatsView(oscar_views.OrderStatsView):
    def get_stats(self, filters):
        orders = access.orders_for(self.request.user).filter(**filters)
        stats = super().get_stats({"pk__in": orders.values("pk")})
        stats["order_status_breakdown"] = [
            {"status": statuses.status_label(row["status"]), "freq": row["freq"]}
            for row in stats["order_status_breakdown"]
        ]
        return stats


class OrderListView(oscar_views.OrderListView):
    def dispatch(self, request, *args, **kwargs):
        # Oscar's dispatch only sets its own base queryset; this one replaces it.
        self.base_queryset = orders_for(request.user).order_by("-date_placed")
        return super(oscar_views.OrderListView, self).dispatch(request, *args, **kwargs)

    def get_row_values(self, order):
        row = super().get_row_values(order)
        row["status"] = str(statuses.status_label(order.status))
        return row

    def change_order_status(self, request, order):
        new_status = request.POST.get("new_status", "").strip()
        part = order_service.merchant_order(order)
        if part is not None and new_status not in statuses.next_statuses(order, part.method):
            messages.error(
                request,
                _("Order %(number)s cannot become “%(status)s”.")
                % {"number": order.number, "status": statuses.status_label(new_status)},
            )
            return None
        return super().change_order_status(request, order)


class OrderDetailView(oscar_views.OrderDetailView):
    template_name = "shop/dashboard/order_detail.html"
    order_actions = (
        *oscar_views.OrderDetailView.order_actions,
        "marketplace_status",
        "marketplace_paid",
        "marketplace_checkout_paid",
        "marketplace_pickup",
    )

    def get_object(self, queryset=None):
        return order_or_404(self.request.user, self.kwargs["number"])

    def get_order_lines(self):
        lines = self.object.lines.all()
        if access.sees_all(self.request.user):
            return lines
        return lines.filter(partner__in=access.partners_for(self.request.user))

    def get_order_status_form(self):
        form = super().get_order_status_form()
        part = order_service.merchant_order(self.object)
        if part is not None:
            allowed = statuses.next_statuses(self.object, part.method)
            form.fields["new_status"].choices = [
                (status, statuses.status_label(status)) for status in allowed
            ]
        return form

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        order = self.object
        part = order_service.merchant_order(order)
        context.update(
            part=part,
            status_label=statuses.status_label(order.status),
            vat_rows=vat.order_breakdown(order, context["lines"]),
            next_statuses=[
                (status, statuses.status_label(status))
                for status in (statuses.next_statuses(order, part.method) if part else [])
            ],
            awaiting_payment=order.status == statuses.AWAITING_PAYMENT,
            sees_all=access.sees_all(self.request.user),
        )
        return context

    def _run(self, action, *args):
        try:
            action(*args)
        except order_service.OrderActionError as error:
            return self.reload_page(error=str(error))
        messages.success(self.request, self.done_message)
        return self.reload_page()

    def marketplace_status(self, request, order):
        new_status = request.POST.get("new_status", "")
        self.done_message = _("The order is now “%(status)s”.") % {
            "status": statuses.status_label(new_status)
        }
        return self._run(order_service.change_status, order, new_status)

    def marketplace_paid(self, request, order):
        self.done_message = _("The payment is recorded.")
        return self._run(order_service.mark_paid, order)

    def marketplace_checkout_paid(self, request, order):
        if not access.sees_all(request.user):
            raise Http404
        self.done_message = _("The payment of the whole checkout is recorded.")
        return self._run(order_service.mark_checkout_paid, order.merchant_order.checkout)

    def marketplace_pickup(self, request, order):
        self.done_message = _("The order has been handed over.")
        return self._run(order_service.confirm_pickup, order, request.POST.get("code", ""))


class LineDetailView(oscar_views.LineDetailView):
    def get_object(self, queryset=None):
        order = order_or_404(self.request.user, self.kwargs["number"])
        line = order.lines.filter(pk=self.kwargs["line_id"]).first()
        own = line is not None and (
            access.sees_all(self.request.user)
            or access.partners_for(self.request.user).filter(pk=line.partner_id).exists()
        )
        if not own:
            raise Http404
        return line


class ShippingAddressUpdateView(oscar_views.ShippingAddressUpdateView):
    def get_object(self, queryset=None):
        order = order_or_404(self.request.user, self.kwargs["number"])
        if order.shipping_address is None:
            raise Http404
        return order.shipping_address
