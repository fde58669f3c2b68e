"""The marketplace checkout: who, fulfilment per merchant, address, payment, order.

Steps (URL names are Oscar's, so every link into the checkout keeps working):

1. ``checkout:index``: sign in, or continue as a guest with an email address.
2. ``checkout:shipping-method``: per merchant, pickup, delivery or shipping,
   with each option's cost.
3. ``checkout:shipping-address``: only if something is delivered or shipped.
4. ``checkout:payment-method``: the methods of ``portal.shop.payments`` that fit.
5. ``checkout:preview``: every merchant's part with fees and VAT, links to the
   terms and the withdrawal information, and the button "zahlungspflichtig
   bestellen". Its POST places the orders (``services.placement.place``); it
   runs outside ``ATOMIC_REQUESTS`` (see ``apps.py``) because placing manages
   its own transactions.
6. ``checkout:thank-you``: the checkout with each order's number, pickup code
   and what to do next. The same page, reached by number and secret key, is
   the order status page (``shop:checkout-status``).

The choices of steps 2-4 live in Oscar's checkout session under the
"marketplace" namespace.
"""

import secrets
import uuid

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic
from oscar.apps.checkout import exceptions
from oscar.apps.checkout.views import IndexView as OscarIndexView
from oscar.apps.checkout.views import ShippingAddressView as OscarShippingAddressView
from oscar.core.loading import get_class
from wagtail import hooks

from portal.shop import payments
from portal.shop.models import Checkout, MerchantShop, ShopSettings
from portal.shop.services import placement
from portal.shop.services.plan import plan_for

from .forms import AddressForm, FulfilmentForm, PaymentMethodForm

CheckoutSessionMixin = get_class("checkout.session", "CheckoutSessionMixin")
CheckoutSessionData = get_class("checkout.utils", "CheckoutSessionData")

NAMESPACE = "marketplace"
STEPS = [
    ("checkout:index", gettext_lazy("Contact")),
    ("checkout:shipping-method", gettext_lazy("Fulfilment")),
    ("checkout:shipping-address", gettext_lazy("Address")),
    ("checkout:payment-method", gettext_lazy("Payment")),
    ("checkout:preview", gettext_lazy("Review and order")),
]


class MarketplaceCheckoutMixin(CheckoutSessionMixin):
    """Reads the marketplace choices from the session and builds the plan from them."""

    step = None

    def session_get(self, key, default=None):
        return self.checkout_session._get(NAMESPACE, key, default)

    def session_set(self, key, value):
        self.checkout_session._set(NAMESPACE, key, value)

    def address_fields(self):
        return self.checkout_session.new_shipping_address_fields() or {}

    def get_plan(self, with_postcode=True):
        if not hasattr(self, "_plan"):
            postcode = self.address_fields().get("postcode") if with_postcode else None
            self._plan = plan_for(self.request.basket, self.session_get("fulfilment"), postcode)
        return self._plan

    def guest_email(self):
        user = self.request.user
        if user.is_authenticated:
            return user.email
        return self.checkout_session.get_guest_email()

    # Pre-conditions (names listed in each view's ``pre_conditions``)

    def check_basket_is_sellable(self, request):
        plan = self.get_plan(with_postcode=False)
        if plan.problems:
            raise exceptions.FailedPreCondition(
                url=reverse("basket:summary"), messages=plan.problems
            )

    def check_fulfilment_is_chosen(self, request):
        if not self.get_plan(with_postcode=False).is_complete:
            raise exceptions.FailedPreCondition(
                url=reverse("checkout:shipping-method"),
                message=_("Please choose how each shop gets your goods to you."),
            )

    def check_address_is_captured(self, request):
        plan = self.get_plan()
        if plan.needs_address and not self.address_fields():
            raise exceptions.FailedPreCondition(
                url=reverse("checkout:shipping-address"),
                message=_("Please enter the delivery address."),
            )
        if not plan.is_complete:  # the address rules out a chosen delivery
            raise exceptions.FailedPreCondition(
                url=reverse("checkout:shipping-method"),
                message=_("A shop does not deliver to this postcode: please choose again."),
            )

    def check_payment_method_is_chosen(self, request):
        method = payments.get(self.session_get("payment_method") or "")
        if method is None or method not in payments.available(self.get_plan()):
            raise exceptions.FailedPreCondition(
                url=reverse("checkout:payment-method"),
                message=_("Please choose how you want to pay."),
            )

    def check_payment_covers_the_order(self, request):
        """The chosen method's ``review`` of the basket; its notes are shown on the page."""
        method = payments.get(self.session_get("payment_method"))
        try:
            self.payment_notes = method.review(
                self.get_plan(), self.session_get("payment_details") or {}
            )
        except payments.PaymentDeclined as declined:
            raise exceptions.FailedPreCondition(
                url=reverse("checkout:payment-method"), message=str(declined)
            ) from declined

    def get_context_data(self, **kwargs):
        # Oscar's checkout context (its single-basket order submission) is not used.
        context = super(CheckoutSessionMixin, self).get_context_data(**kwargs)
        context["plan"] = self.get_plan()
        context["steps"] = [
            (url_name, label, url_name == self.step)
            for url_name, label in STEPS
            if url_name != "checkout:shipping-address" or self.get_plan().needs_address
        ]
        return context


BASKET_CONDITIONS = [
    "check_basket_is_not_empty",
    "check_basket_is_valid",
    "check_basket_is_sellable",
]


class IndexView(MarketplaceCheckoutMixin, OscarIndexView):
    template_name = "shop/checkout/gateway.html"
    success_url = reverse_lazy("checkout:shipping-method")
    pre_conditions = BASKET_CONDITIONS
    step = "checkout:index"


class FulfilmentView(MarketplaceCheckoutMixin, generic.FormView):
    template_name = "shop/checkout/fulfilment.html"
    pre_conditions = [*BASKET_CONDITIONS, "check_user_email_is_captured"]
    step = "checkout:shipping-method"

    def get_form(self, form_class=None):
        return FulfilmentForm(self.get_plan(with_postcode=False), **self.get_form_kwargs())

    def form_valid(self, form):
        self.session_set("fulfilment", form.choices())
        plan = plan_for(self.request.basket, form.choices())
        if plan.needs_address:
            return redirect("checkout:shipping-address")
        self.checkout_session.reset_shipping_data()
        return redirect("checkout:payment-method")


class AddressView(MarketplaceCheckoutMixin, OscarShippingAddressView):
    template_name = "shop/checkout/address.html"
    form_class = AddressForm
    success_url = reverse_lazy("checkout:payment-method")
    pre_conditions = [
        *BASKET_CONDITIONS,
        "check_user_email_is_captured",
        "check_fulfilment_is_chosen",
    ]
    skip_conditions = ["skip_unless_address_is_needed"]
    step = "checkout:shipping-address"

    def skip_unless_address_is_needed(self, request):
        if not self.get_plan(with_postcode=False).needs_address:
            raise exceptions.PassedSkipCondition(url=reverse("checkout:payment-method"))

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        plan = self.get_plan(with_postcode=False)
        kwargs["delivering_shops"] = [
            part.shop for part in plan.parts if part.method == MerchantShop.DELIVERY
        ]
        return kwargs


class PaymentMethodView(MarketplaceCheckoutMixin, generic.FormView):
    template_name = "shop/checkout/payment_method.html"
    pre_conditions = [
        *BASKET_CONDITIONS,
        "check_user_email_is_captured",
        "check_fulfilment_is_chosen",
        "check_address_is_captured",
    ]
    step = "checkout:payment-method"

    def get_form(self, form_class=None):
        kwargs = self.get_form_kwargs()
        if self.request.method == "GET" and self.session_get("payment_method"):
            kwargs["initial"] = {"method": self.session_get("payment_method")}
        return PaymentMethodForm(payments.available(self.get_plan()), **kwargs)

    def form_valid(self, form):
        method, details = form.selected(), form.details()
        try:
            method.review(self.get_plan(), details)
        except payments.PaymentDeclined as declined:
            form.add_error(None, str(declined))
            return self.form_invalid(form)
        self.session_set("payment_method", method.code)
        self.session_set("payment_details", details)
        return redirect("checkout:preview")


class PreviewView(MarketplaceCheckoutMixin, generic.TemplateView):
    """Everything at a glance, and the order button (POST places the orders)."""

    template_name = "shop/checkout/preview.html"
    pre_conditions = [
        *BASKET_CONDITIONS,
        "check_user_email_is_captured",
        "check_fulfilment_is_chosen",
        "check_address_is_captured",
        "check_payment_method_is_chosen",
        "check_payment_covers_the_order",
    ]
    step = "checkout:preview"

    def dispatch(self, request, *args, **kwargs):
        # A repeated submission (double click, retried request) finds the checkout
        # its first submission created, before any check on the (now empty) basket.
        if request.method == "POST":
            token = request.POST.get("token", "")
            done = Checkout.objects.filter(token=token).first() if token else None
            ours = done is not None and (
                request.session.get("checkout_id") == done.pk
                or token == self.checkout_session_token(request)
            )
            if ours:
                request.session["checkout_id"] = done.pk
                return redirect("checkout:thank-you")
        return super().dispatch(request, *args, **kwargs)

    @staticmethod
    def checkout_session_token(request):
        return CheckoutSessionData(request)._get(NAMESPACE, "token")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        token = self.session_get("token")
        if not token:
            token = uuid.uuid4().hex
            self.session_set("token", token)
        method = payments.get(self.session_get("payment_method"))
        context.update(
            token=token,
            payment_method=method,
            payment_notes=getattr(self, "payment_notes", []),
            address=self.address_fields(),
            email=self.guest_email(),
            shop_settings=ShopSettings.load(request_or_site=self.request),
        )
        return context

    def post(self, request, *args, **kwargs):
        token = request.POST.get("token", "")
        if not token or token != self.session_get("token"):
            messages.error(request, _("Please check your order once more and confirm it."))
            return redirect("checkout:preview")
        try:
            checkout = placement.place(
                request.basket,
                token=token,
                user=request.user,
                email=self.guest_email(),
                choices=self.session_get("fulfilment"),
                address_fields=self.address_fields(),
                method_code=self.session_get("payment_method"),
                details=self.session_get("payment_details") or {},
                request=request,
            )
        except placement.PlacementError as error:
            self.session_set("token", None)
            messages.error(request, str(error))
            return redirect("basket:summary")
        request.session["checkout_id"] = checkout.pk
        if checkout.status == Checkout.PLACED:
            self.checkout_session.flush()
        return redirect("checkout:thank-you")


class CheckoutStatusMixin:
    """The customer's view of a checkout: each order, its status and what to do next.

    Other apps add to each order's box through the Wagtail hook
    ``shop_checkout_status``: ``fn(request, checkout, orders)`` returns
    ``{order.pk: html}`` (the city voucher app shows the order's vouchers with
    their status and the buttons to re-send or withdraw them). Only the
    customer reaches this page: by its session right after ordering, or
    through the secret link of the confirmation email.
    """

    template_name = "shop/checkout/status.html"

    def render_checkout(self, checkout, **context):
        orders = list(
            checkout.orders()
            .select_related("merchant_order__shop__page", "shipping_address")
            .prefetch_related("lines")
        )
        for order in orders:
            order.status_sections = []
        by_pk = {order.pk: order for order in orders}
        for hook in hooks.get_hooks("shop_checkout_status"):
            for order_pk, html in (hook(self.request, checkout, orders) or {}).items():
                by_pk[order_pk].status_sections.append(html)
        method = payments.get(checkout.payment_method)
        return self.render_to_response(
            {
                "checkout": checkout,
                "orders": orders,
                "payment_method": method,
                "payment_instructions": method.instructions(checkout) if method else "",
                **context,
            }
        )


class ThankYouView(CheckoutStatusMixin, generic.TemplateView):
    def get(self, request, *args, **kwargs):
        checkout = Checkout.objects.filter(pk=request.session.get("checkout_id")).first()
        if checkout is None:
            return redirect("catalogue:index")
        return self.render_checkout(checkout, just_placed=True)


class CheckoutStatusView(CheckoutStatusMixin, generic.TemplateView):
    """The order status page, for anyone holding the link from the confirmation email."""

    def get(self, request, number, key):
        checkout = get_object_or_404(Checkout, number=number)
        if not secrets.compare_digest(key, checkout.access_key):
            raise Http404
        return self.render_checkout(checkout)
