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

The choices of steps 2-4 live in the checkout session (``utils.CheckoutSessionData``).
"""

import secrets
import uuid

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
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
from portal.shop.services import discounts, placement
from portal.shop.services.plan import plan_for

from .forms import AddressForm, FulfilmentForm, GatewayForm, PaymentMethodForm

CheckoutSessionMixin = get_class("checkout.session", "CheckoutSessionMixin")
CheckoutSessionData = get_class("checkout.utils", "CheckoutSessionData")

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
        return self.checkout_session.marketplace_choice(key, default)

    def session_set(self, key, value):
        self.checkout_session.set_marketplace_choice(key, value)

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

    def check_vouchers_still_apply(self, request):
        """A code that stopped applying goes back to the basket page, before anything is paid."""
        notices = discounts.drop_unusable_vouchers(request.basket, request.user)
        if notices:
            self.session_set("token", None)
            raise exceptions.FailedPreCondition(url=reverse("basket:summary"), messages=notices)

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
        offered = payments.available(self.get_plan())
        parts = [payments.get(part["method"]) for part in self.session_get("payment_parts") or []]
        if method is None or method not in offered or any(p not in offered for p in parts):
            raise exceptions.FailedPreCondition(
                url=reverse("checkout:payment-method"),
                message=_("Please choose how you want to pay."),
            )

    def check_payment_covers_the_order(self, request):
        """The chosen methods' review of the basket; their notes are shown on the page."""
        try:
            self.payment_notes, self.amount_by_parts = review_payment(
                self.get_plan(),
                payments.get(self.session_get("payment_method")),
                self.session_get("payment_details") or {},
                self.session_get("payment_parts") or [],
            )
        except payments.PaymentDeclined as declined:
            raise exceptions.FailedPreCondition(
                url=reverse("checkout:payment-method"), message=str(declined)
            ) from declined

    def build_submission(self, **kwargs):
        """Nothing: Oscar's single-basket order submission is never built.

        Oscar's ``get_context_data`` puts the submission into every checkout
        page's context; the marketplace places one order per merchant
        (``services.placement``) and shows its ``plan`` instead.
        """
        return {"order_kwargs": {}}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["plan"] = self.get_plan()
        context["steps"] = [
            (url_name, label, url_name == self.step)
            for url_name, label in STEPS
            if url_name != "checkout:shipping-address" or self.get_plan().needs_address
        ]
        return context


def review_payment(plan, method, details, parts):
    """``(notes, amount paid by partial payments)`` for ``plan``; or ``PaymentDeclined``."""
    due, notes = plan.total, []
    for part in parts:
        amount, part_notes = payments.get(part["method"]).review_part(
            plan, part.get("details") or {}, due
        )
        due -= amount
        notes += part_notes
    if parts and due <= 0:
        notes.append(_("Your city vouchers pay the whole order: nothing is left to pay online."))
    else:
        notes += method.review(plan, details)
    return notes, plan.total - due


BASKET_CONDITIONS = [
    "check_basket_is_not_empty",
    "check_basket_is_valid",
    "check_basket_is_sellable",
    "check_vouchers_still_apply",
]


class IndexView(MarketplaceCheckoutMixin, OscarIndexView):
    template_name = "shop/checkout/gateway.html"
    form_class = GatewayForm
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
        plan = self.get_plan()
        return PaymentMethodForm(
            payments.available(plan),
            part_methods=payments.part_methods(plan),
            plan=plan,
            **kwargs,
        )

    def form_valid(self, form):
        method, details, parts = form.selected(), form.details(), form.parts()
        try:
            review_payment(self.get_plan(), method, details, parts)
        except payments.PaymentDeclined as declined:
            form.add_error(None, str(declined))
            return self.form_invalid(form)
        self.session_set("payment_method", method.code)
        self.session_set("payment_details", details)
        self.session_set("payment_parts", parts)
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
        return CheckoutSessionData(request).marketplace_choice("token")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        token = self.session_get("token")
        if not token:
            token = uuid.uuid4().hex
            self.session_set("token", token)
        method = payments.get(self.session_get("payment_method"))
        by_parts = getattr(self, "amount_by_parts", 0)
        context.update(
            token=token,
            payment_method=method,
            paid_by_vouchers=by_parts,
            paid_by_method=self.get_plan().total - by_parts,
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
                parts=self.session_get("payment_parts") or [],
                request=request,
            )
        except placement.PlacementError as error:
            self.session_set("token", None)
            messages.error(request, str(error))
            return redirect("basket:summary")
        request.session["checkout_id"] = checkout.pk
        if checkout.status == Checkout.PLACED:
            self.checkout_session.flush()
        provider_page = placement.redirect_url(checkout)
        if provider_page:
            return HttpResponseRedirect(provider_page)
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
            .prefetch_related("lines", "discounts")
        )
        for order in orders:
            order.status_sections = []
        by_pk = {order.pk: order for order in orders}
        for hook in hooks.get_hooks("shop_checkout_status"):
            for order_pk, html in (hook(self.request, checkout, orders) or {}).items():
                by_pk[order_pk].status_sections.append(html)
        method = payments.get(checkout.payment_method)
        checkout_payments = list(checkout.payments.all())
        return self.render_to_response(
            {
                "checkout": checkout,
                "orders": orders,
                "payment_method": method,
                "payment_instructions": method.instructions(checkout) if method else "",
                "payments": [
                    (payment, payments.get(payment.method)) for payment in checkout_payments
                ],
                "pay_url": placement.redirect_url(checkout) if checkout.awaits_provider else "",
                "status_json_url": reverse(
                    "shop:checkout-status-json",
                    kwargs={"number": checkout.number, "key": checkout.access_key},
                ),
                **context,
            }
        )


class ThankYouView(CheckoutStatusMixin, generic.TemplateView):
    def get(self, request, *args, **kwargs):
        checkout = Checkout.objects.filter(pk=request.session.get("checkout_id")).first()
        if checkout is None:
            return redirect("catalogue:index")
        return self.render_checkout(checkout, just_placed=True)


def checkout_or_404(number, key):
    """The checkout ``number`` if ``key`` is its secret; 404 otherwise (no hint which was wrong)."""
    checkout = get_object_or_404(Checkout, number=number)
    if not secrets.compare_digest(key, checkout.access_key):
        raise Http404
    return checkout


class CheckoutStatusView(CheckoutStatusMixin, generic.TemplateView):
    """The order status page, for anyone holding the link from the confirmation email."""

    def get(self, request, number, key):
        return self.render_checkout(checkout_or_404(number, key))


class PaymentReturnView(CheckoutStatusMixin, generic.TemplateView):
    """Where the provider sends the resident back after paying (or not).

    The page shows what the webhook has decided so far: while the payment
    is still being checked it says so and asks ``static/js/payment-status.js``
    to poll ``shop:checkout-status-json`` (slower and slower, and only for a
    few minutes); the page reloads itself once the state is final. It never
    changes anything: the webhook does, even if the resident never returns.
    """

    def get(self, request, number, key):
        checkout = checkout_or_404(number, key)
        request.session["checkout_id"] = checkout.pk
        return self.render_checkout(checkout, just_placed=True, returned=True)


def checkout_status_json(request, number, key):
    """The payment state of a checkout, polled by the return page."""
    checkout = checkout_or_404(number, key)
    response = JsonResponse(
        {
            "status": checkout.status,
            "payment": checkout.payment_status,
            "final": not checkout.awaits_provider,
        }
    )
    response["Cache-Control"] = "no-store"
    return response


def invoice_download(request, number, key, order_number):
    """One merchant order's invoice, for the holder of the checkout's secret link."""
    from portal.shop.services import invoices

    checkout = checkout_or_404(number, key)
    order = (
        checkout.orders()
        .select_related("merchant_order__shop__page", "shipping_address", "user")
        .filter(number=order_number)
        .first()
    )
    if order is None or checkout.status != Checkout.PLACED:
        raise Http404
    return pdf_response(invoices.invoice_pdf(order), invoices.filename(order))


def pdf_response(data, filename):
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class RestoreBasketView(generic.View):
    """After a failed payment: the checkout's goods back into the resident's basket."""

    def post(self, request, number, key):
        checkout = checkout_or_404(number, key)
        if checkout.status != Checkout.FAILED:
            return redirect(checkout.get_absolute_url())
        added = placement.restore_basket(checkout, request.basket)
        if added:
            messages.success(request, _("Your goods are back in your basket."))
        else:
            messages.warning(request, _("These goods are no longer available."))
        return redirect("basket:summary")
