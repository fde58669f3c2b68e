"""Orders in the admin: the merchant's list with filters and CSV export, and an order's page.

The list is a Wagtail listing over Oscar's ``Order`` confined to
``access.orders_for`` (each order belongs to one merchant). The order's page
shows lines, totals with VAT, the customer's contact and address as far as
the fulfilment needs them, the status history, and the next steps the
status pipeline (``portal.shop.statuses``) allows: every change goes through
``services.orders``, which keeps the stock right (Oscar's allocation is
released on cancellation and consumed on handover) and emails the customer.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django_filters import ChoiceFilter, DateFromToRangeFilter, ModelChoiceFilter
from oscar.core.loading import get_model
from oscar.templatetags.currency_filters import currency
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from portal import spreadsheets
from portal.shop import access, payments, statuses
from portal.shop.models import MerchantShop
from portal.shop.services import orders as order_service
from portal.shop.services import refunds, vat

from .permissions import OwnRowsMixin

Order = get_model("order", "Order")


def orders_with_details(user):
    return access.orders_for(user).select_related(
        "merchant_order__shop__page",
        "merchant_order__shop__partner",
        "shipping_address",
        "user",
    )


def customer_name(order):
    address = order.shipping_address
    if address is not None and (address.first_name or address.last_name):
        return f"{address.first_name} {address.last_name}".strip()
    if order.user_id and order.user.get_full_name():
        return order.user.get_full_name()
    return order.email


def method_label(order):
    part = order_service.merchant_order(order)
    return part.get_method_display() if part else ""


def status_text(order):
    return str(statuses.status_label(order.status))


def is_paid(order):
    part = order_service.merchant_order(order)
    return bool(part and part.paid_at)


class OrderFilterSet(WagtailFilterSet):
    status = ChoiceFilter(
        label=gettext_lazy("Status"),
        choices=list(statuses.LABELS.items()),
        empty_label=gettext_lazy("All"),
    )
    method = ChoiceFilter(
        label=gettext_lazy("Fulfilment"),
        field_name="merchant_order__method",
        choices=MerchantShop.METHOD_CHOICES,
        empty_label=gettext_lazy("All"),
    )
    date_placed = DateFromToRangeFilter(label=gettext_lazy("Placed"), widget=DateRangePickerWidget)
    shop = ModelChoiceFilter(
        label=gettext_lazy("Shop"),
        field_name="merchant_order__shop",
        queryset=lambda request: access.shops_for(request.user).select_related("page", "partner"),
        empty_label=gettext_lazy("All"),
    )

    class Meta:
        model = Order
        fields = []


EXPORT_HEADINGS = [
    gettext_lazy("Order number"),
    gettext_lazy("Placed"),
    gettext_lazy("Status"),
    gettext_lazy("Fulfilment"),
    gettext_lazy("Customer"),
    gettext_lazy("Email"),
    gettext_lazy("Phone"),
    gettext_lazy("Address"),
    gettext_lazy("Items"),
    gettext_lazy("Delivery fee (EUR)"),
    gettext_lazy("Total (EUR)"),
    gettext_lazy("Paid"),
    gettext_lazy("Handed over"),
    gettext_lazy("Shop"),
]


def export_rows(orders):
    """The CSV rows of ``orders``: one order per row, its items in one cell."""
    yield EXPORT_HEADINGS
    for order in orders.prefetch_related("lines"):
        part = order_service.merchant_order(order)
        address = order.shipping_address
        yield [
            order.number,
            order.date_placed,
            status_text(order),
            method_label(order),
            customer_name(order),
            order.email,
            str(address.phone_number or "") if address else "",
            ", ".join(address.active_address_fields()) if address else "",
            ", ".join(f"{line.quantity} × {line.title}" for line in order.lines.all()),
            order.shipping_incl_tax,
            order.total_incl_tax,
            part.paid_at if part else None,
            part.collected_at if part else None,
            part.shop.name if part else "",
        ]


class OrderIndexView(OwnRowsMixin, generic.IndexView):
    rows_for = staticmethod(orders_with_details)
    filterset_class = OrderFilterSet
    search_fields = ["number"]  # switches the search box on; ``search_queryset`` does the work
    default_ordering = "-date_placed"
    page_title = gettext_lazy("Orders")
    list_export = ["number"]  # switches the export button on; ``export_rows`` writes the file
    export_filename = "bestellungen"
    FORMATS = (generic.IndexView.FORMAT_CSV,)

    @cached_property
    def columns(self):
        return [
            TitleColumn(
                "number",
                label=_("Order number"),
                sort_key="number",
                get_url=lambda order: reverse("shop_orders:detail", args=[order.pk]),
            ),
            DateColumn("date_placed", label=_("Placed"), sort_key="date_placed"),
            Column("customer", label=_("Customer"), accessor=customer_name),
            Column("method", label=_("Fulfilment"), accessor=method_label),
            Column("status", label=_("Status"), accessor=status_text, sort_key="status"),
            Column(
                "total",
                label=_("Total"),
                accessor=lambda order: currency(order.total_incl_tax, order.currency),
                sort_key="total_incl_tax",
            ),
            BooleanColumn("paid", label=_("Paid"), accessor=is_paid),
        ]

    def search_queryset(self, queryset):
        """By order number, customer name, email or pickup code."""
        if not self.is_searching:
            return queryset
        from django.db.models import Q

        term = self.search_query.strip()
        return queryset.filter(
            Q(number__icontains=term)
            | Q(guest_email__icontains=term)
            | Q(user__email__icontains=term)
            | Q(shipping_address__last_name__icontains=term)
            | Q(shipping_address__first_name__icontains=term)
            | Q(merchant_order__pickup_code=term.upper().replace(" ", ""))
        )

    @cached_property
    def header_more_buttons(self):
        # Wagtail offers XLSX too; the portal's files are CSV from one writer.
        return [
            button
            for button in super().header_more_buttons
            if "export=xlsx" not in (getattr(button, "url", "") or "")
        ]

    def as_spreadsheet(self, queryset, spreadsheet_format):
        return spreadsheets.csv_response(self.get_filename(), export_rows(queryset))


def payment_shares(part):
    """How a merchant order was paid: its shares, each with the method's name."""
    if part is None:
        return []
    shares = list(part.payment_shares.select_related("payment"))
    for share in shares:
        method = payments.get(share.payment.method)
        share.method_label = method.label if method else share.payment.method
    return shares


def order_or_404(user, pk):
    order = (
        orders_with_details(user)
        .select_related("merchant_order__checkout")
        .prefetch_related("lines", "status_changes")
        .filter(pk=pk)
        .first()
    )
    if order is None:
        raise Http404
    return order


class OrderDetailView(generic.WagtailAdminTemplateMixin, View):
    """An order's page; its buttons POST here with an ``action``.

    Status moves other than handover and cancellation are plain buttons;
    handing over needs the customer's pickup code, cancelling a second click
    on a confirmation (the reserved stock goes back on sale).
    """

    template_name = "shop/admin/order_detail.html"
    header_icon = "list-ul"
    actions = ("status", "cancel", "paid", "handover", "checkout_paid", "checkout_refund")

    def dispatch(self, request, pk):
        if not access.is_shop_owner(request.user):
            raise Http404
        self.order = order_or_404(request.user, pk)
        self.part = order_service.merchant_order(self.order)
        return super().dispatch(request, pk)

    def get_page_title(self):
        return _("Order %(number)s") % {"number": self.order.number}

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("shop_orders:index"), "label": _("Orders")},
            {"url": "", "label": self.order.number},
        ]

    def get(self, request, pk):
        return self.render_to_response(self.get_context_data())

    def post(self, request, pk):
        action = request.POST.get("action")
        if action not in self.actions:
            return redirect(request.path)
        return getattr(self, f"do_{action}")(request)

    def next_statuses(self):
        if self.part is None:
            return []
        return statuses.next_statuses(self.order, self.part.method)

    def get_context_data(self, **kwargs):
        order, part = self.order, self.part
        following = self.next_statuses()
        awaiting_payment = order.status == statuses.AWAITING_PAYMENT
        lines = list(order.lines.all())
        return super().get_context_data(
            order=order,
            part=part,
            lines=lines,
            status_label=statuses.status_label(order.status),
            vat_rows=vat.order_breakdown(order, lines),
            moves=[
                (status, statuses.status_label(status))
                for status in following
                if status not in (statuses.COLLECTED, statuses.CANCELLED)
            ],
            can_cancel=statuses.CANCELLED in following
            and not (part and part.checkout.awaits_provider),
            can_hand_over=bool(
                part and part.is_pickup and statuses.COLLECTED in following and not awaiting_payment
            ),
            can_mark_paid=bool(
                part
                and not part.paid_at
                and order.status != statuses.CANCELLED
                and not part.checkout.awaits_provider
            ),
            awaits_provider=bool(part and part.checkout.awaits_provider),
            refundable=refunds.refundable(order) if part else 0,
            payment_shares=payment_shares(part),
            refund_rows=list(part.refunds.select_related("payment")) if part else [],
            awaiting_payment=awaiting_payment,
            history=[
                (change.date_created, statuses.status_label(change.new_status))
                for change in sorted(order.status_changes.all(), key=lambda c: c.date_created)
            ],
            customer=customer_name(order),
            sees_all=access.sees_all(self.request.user),
            **kwargs,
        )

    def _run(self, action, *args, done):
        try:
            action(*args)
        except order_service.OrderActionError as error:
            messages.error(self.request, str(error))
        else:
            messages.success(self.request, done)
        return redirect("shop_orders:detail", self.order.pk)

    def do_status(self, request):
        new_status = request.POST.get("new_status", "")
        if new_status in (statuses.COLLECTED, statuses.CANCELLED):
            return redirect(request.path)  # these have their own buttons and checks
        done = _("The order is now “%(status)s”.") % {"status": statuses.status_label(new_status)}
        return self._run(order_service.change_status, self.order, new_status, done=done)

    def do_cancel(self, request):
        if request.POST.get("confirm") != self.order.number:
            context = self.get_context_data(confirm_cancel=True)
            return TemplateResponse(request, self.template_name, context)
        refundable = refunds.refundable(self.order)
        done = _("Order %(number)s is cancelled; its items are back in stock.") % {
            "number": self.order.number
        }
        if refundable:
            done += " " + _("%(amount)s are refunded to the customer.") % {
                "amount": currency(refundable, self.order.currency)
            }
        return self._run(order_service.cancel, self.order, done=done)

    def do_paid(self, request):
        return self._run(order_service.mark_paid, self.order, done=_("The payment is recorded."))

    def do_handover(self, request):
        code = request.POST.get("code", "")
        return self._run(
            order_service.confirm_pickup,
            self.order,
            code,
            done=_("Order %(number)s has been handed over.") % {"number": self.order.number},
        )

    def do_checkout_refund(self, request):
        """The operator cancels every order of the checkout; each refunds what it was paid."""
        if not access.sees_all(request.user) or self.part is None:
            raise Http404
        checkout = self.part.checkout
        if request.POST.get("confirm") != checkout.number:
            context = self.get_context_data(confirm_checkout_refund=True)
            return TemplateResponse(request, self.template_name, context)
        left = refunds.cancel_checkout_orders(checkout, user=request.user)
        if left:
            messages.warning(
                request,
                _("Orders %(numbers)s were already handed over and are not cancelled.")
                % {"numbers": ", ".join(order.number for order in left)},
            )
        else:
            messages.success(
                request,
                _("Every order of checkout %(number)s is cancelled and refunded.")
                % {"number": checkout.number},
            )
        return redirect("shop_orders:detail", self.order.pk)

    def do_checkout_paid(self, request):
        if not access.sees_all(request.user) or self.part is None:
            raise Http404
        return self._run(
            order_service.mark_checkout_paid,
            self.part.checkout,
            done=_("The payment of the whole checkout is recorded."),
        )


def invoice_view(request, pk):
    """The invoice of one of the user's orders (another merchant's order answers 404)."""
    from portal.shop.checkout.views import pdf_response
    from portal.shop.services import invoices

    if not access.is_shop_owner(request.user):
        raise Http404
    order = order_or_404(request.user, pk)
    if order_service.merchant_order(order) is None:
        raise Http404
    return pdf_response(invoices.invoice_pdf(order), invoices.filename(order))


class OrderViewSet(ModelViewSet):
    """Menu entry "Orders": the list (with CSV export) and each order's page."""

    model = Order
    name = "shop_orders"
    url_prefix = "shop/bestellungen"
    icon = "list-ul"
    menu_label = gettext_lazy("Orders")
    add_to_reference_index = False
    copy_view_enabled = False
    index_view_class = OrderIndexView
    form_fields = []  # no create or edit form: orders come from the checkout

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            add_url_name=None,
            edit_url_name=None,
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
            path("<int:pk>/", OrderDetailView.as_view(), name="detail"),
            path("<int:pk>/rechnung/", invoice_view, name="invoice"),
        ]
