"""The interface every payment method of the marketplace checkout implements.

A resident pays once for the orders of several merchants. The checkout
(``portal.shop.services.placement``) drives a method through these steps:

1. ``is_available(plan)`` decides whether the method is offered at all for
   this basket (pay on pickup, for instance, only when everything is picked up).
2. ``form_class`` (optional) collects extra input on the payment step, e.g. a
   voucher code. Its ``cleaned_data`` must be JSON-serialisable: it is kept in
   the session and handed to ``reserve`` as ``details``. A form may also check
   the input early (``clean``) for a friendly message; ``reserve`` checks again.
3. ``reserve(checkout, details)`` runs BEFORE any order exists, outside the
   orders' transaction (it commits on its own). It must lock or authorise the
   money - a card authorisation, a voucher marked as reserved for
   ``checkout.number`` - and be undoable. It returns a reference (stored as
   ``checkout.payment_reference``) or raises ``PaymentDeclined`` with a message
   for the resident; then nothing else happens.
4. The orders are created in one transaction. If that fails (stock gone, any
   error), ``release(checkout)`` must give the reservation back. Releasing
   something already released must be harmless.
5. ``settle(checkout, orders)`` runs AFTER the orders are committed: capture
   the authorisation, redeem the voucher. If it raises ``PaymentDeclined`` the
   orders are cancelled (their stock returns) and ``release`` is called.
   After a successful ``settle`` the checkout's ``payment_status`` becomes the
   method's ``payment_status``.

So money is never taken for orders that do not exist, and no order exists
for money that was not taken (except methods that are paid later on purpose:
``payment_status`` says which).

Adding a method - the city voucher app does it like this (see
``portal.vouchers.payment``)::

    # portal/vouchers/apps.py
    class VouchersConfig(AppConfig):
        def ready(self):
            from portal.shop import payments
            payments.register(CityVoucherPayment())
            payments.restrict(paid_in_advance)  # no voucher bought on pickup

    class CityVoucherPayment(payments.PaymentMethod):
        code = "city-voucher"
        label = _("City voucher")
        form_class = VoucherCodeForm            # the code, checked early
        payment_status = Checkout.PAYMENT_SETTLED

        def review(self, plan, details): ...    # worth enough? "no change given"
        def reserve(self, checkout, details):   # lock the voucher row, mark it reserved
            ...                                 # for checkout.number, or PaymentDeclined
        def release(self, checkout): ...        # reserved -> valid again
        def settle(self, checkout, orders): ... # reserved -> redeemed

A method pays the whole checkout; combining two methods for one checkout (a
voucher plus the rest by card) is not supported yet.
"""

from django.utils.translation import gettext_lazy as _

from portal.shop import statuses
from portal.shop.models import Checkout


class PaymentDeclined(Exception):
    """The payment cannot be made; ``str(error)`` is shown to the resident."""


class PaymentMethod:
    #: Stable identifier stored on the checkout (``Checkout.payment_method``).
    code = ""
    #: Name on the payment step, the confirmation and the merchant's order.
    label = ""
    #: One sentence under the name on the payment step.
    description = ""
    #: Optional form for extra input (see module docstring).
    form_class = None
    #: The checkout's payment state once the orders exist.
    payment_status = Checkout.PAYMENT_NONE
    #: The status each merchant's order starts in.
    order_status = statuses.NEW
    #: Methods only for development and tests say so loudly on every screen.
    is_test = False

    def is_available(self, plan):
        return True

    def review(self, plan, details):
        """Notes for the review page, or ``PaymentDeclined`` if ``details`` cannot pay ``plan``."""
        return []

    def reserve(self, checkout, details):
        return ""

    def release(self, checkout):
        """Undo ``reserve``; must be safe to call more than once."""

    def settle(self, checkout, orders):
        """Take the money for the placed ``orders``."""

    def instructions(self, checkout):
        """What the resident must still do to pay (shown on the confirmation), or ""."""
        return ""


class PayOnPickup(PaymentMethod):
    code = "pay-on-pickup"
    label = _("Pay on pickup")
    description = _("You pay each shop when you collect your goods, in cash or by card.")

    def is_available(self, plan):
        return plan.all_pickup


class BankTransfer(PaymentMethod):
    """Bank transfer in advance to the marketplace operator.

    The orders wait in "awaiting payment" until the operator or the merchant
    marks them paid (``services.orders.mark_paid``); only then do merchants
    prepare them.
    """

    code = "bank-transfer"
    label = _("Bank transfer in advance")
    description = _("You transfer the total; the shops prepare your order once it has arrived.")
    payment_status = Checkout.PAYMENT_AWAITED
    order_status = statuses.AWAITING_PAYMENT

    def instructions(self, checkout):
        from oscar.templatetags.currency_filters import currency

        from portal.shop.models import ShopSettings

        shop_settings = ShopSettings.load()
        if not shop_settings.iban:
            return _("Please transfer %(total)s quoting the reference %(number)s.") % {
                "total": currency(checkout.total),
                "number": checkout.number,
            }
        return _(
            "Please transfer %(total)s within %(days)s days to %(holder)s, "
            "IBAN %(iban)s, BIC %(bic)s (%(bank)s), quoting the reference %(number)s."
        ) % {
            "total": currency(checkout.total),
            "days": shop_settings.payment_days,
            "holder": shop_settings.account_holder,
            "iban": shop_settings.iban,
            "bic": shop_settings.bic,
            "bank": shop_settings.bank_name,
            "number": checkout.number,
        }
