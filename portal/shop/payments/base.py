"""The interface every payment method of the marketplace checkout implements.

A resident pays once for the orders of several merchants. The checkout
(``portal.shop.services.placement``) drives the methods through these steps;
each step's money is a ``Payment`` row of the checkout, split into one
``PaymentShare`` per merchant order (``portal.shop.models.payments``).

1. ``is_available(plan)`` decides whether the method is offered at all for
   this basket (pay on pickup, for instance, only when everything is picked
   up at shops that allow it).
2. ``form_class`` (optional) collects extra input on the payment step, e.g. a
   voucher code. Its ``cleaned_data`` must be JSON-serialisable: it is kept in
   the session and handed to ``reserve`` as ``details``. ``review(plan,
   details)`` checks it before the order button and returns notes for the
   review page, or raises ``PaymentDeclined``.
3. ``reserve(checkout, details)`` runs BEFORE any order exists, outside the
   orders' transaction (it commits on its own). It must lock the money - a
   voucher marked as reserved for ``checkout.number`` - and be undoable. It
   returns a reference (stored as ``checkout.payment_reference``) or raises
   ``PaymentDeclined`` with a message for the resident; then nothing else
   happens.
4. The orders are created in one transaction; their stock is allocated. If
   that fails, ``release(checkout)`` must give the reservation back.
   Releasing something already released must be harmless.
5. Then either

   - an *instant* method is settled at once: ``settle(checkout, orders)``
     captures the reservation (redeems the voucher). If it raises, the
     orders are cancelled (their stock returns) and ``release`` is called;
   - or a *redirect* method (``redirects = True``, the payment provider)
     creates the payment at the provider, ``start(checkout, payment, ...)``,
     and the resident is sent to the provider's hosted page. The orders wait
     in "awaiting payment". The provider's webhook is the source of truth:
     ``fetch(reference)`` reads the payment's state from the provider's API
     (the webhook itself carries nothing to trust), and
     ``portal.shop.services.webhooks`` moves the checkout on exactly once.

So money is never taken for orders that do not exist, and no order is
prepared for money that was not taken (except methods that are paid later
on purpose: ``payment_status`` says which).

Partial payments
----------------
A method with ``pays_part = True`` (the city voucher) can pay a part of a
checkout whose rest a method with ``accepts_parts = True`` (the provider)
pays. Its ``part_form_class`` is shown with the main method;
``review_part(plan, details, due)`` says how much it would pay of ``due``,
``reserve_part`` holds it before the orders exist, ``settle_part`` takes it
only once the main payment succeeded, ``release_part`` gives it back when
the main payment fails, and ``refund_part`` gives a merchant order's share
back. A failure of either leaves nothing consumed.

Adding a method - the city voucher app does it like this (see
``portal.vouchers.payment``)::

    # portal/vouchers/apps.py
    class VouchersConfig(AppConfig):
        def ready(self):
            from portal.shop import payments
            payments.register(CityVoucherPayment())
            payments.restrict(paid_in_advance)  # no voucher bought on pickup
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from portal.shop import statuses
from portal.shop.models import Checkout


class PaymentDeclined(Exception):
    """The payment cannot be made; ``str(error)`` is shown to the resident."""


class ProviderError(Exception):
    """The payment provider could not be reached or refused the request."""


class UnknownProviderPayment(ProviderError):
    """The provider does not know the payment id (a forged or mistyped webhook)."""


@dataclass
class ProviderRefund:
    reference: str
    amount: Decimal
    status: str  # queued, pending, processing, refunded, failed, canceled


@dataclass
class ProviderPayment:
    """A provider's payment as read from its API, in the provider's own words."""

    reference: str
    status: str  # open, pending, authorized, paid, canceled, expired, failed
    amount: Decimal
    currency: str = "EUR"
    amount_refunded: Decimal = Decimal("0.00")
    metadata: dict = field(default_factory=dict)
    checkout_url: str = ""
    expires_at: object = None
    paid_at: object = None

    PAID, OPEN, PENDING, AUTHORIZED = "paid", "open", "pending", "authorized"
    FAILED, CANCELED, EXPIRED = "failed", "canceled", "expired"

    @property
    def is_paid(self):
        return self.status == self.PAID

    @property
    def is_final_failure(self):
        return self.status in (self.FAILED, self.CANCELED, self.EXPIRED)


class PaymentMethod:
    #: Stable identifier stored on the checkout (``Checkout.payment_method``).
    code = ""
    #: Name on the payment step, the confirmation and the merchant's order.
    label = ""
    #: One sentence under the name on the payment step.
    description = ""
    #: Optional form for extra input (see module docstring).
    form_class = None
    #: The checkout's payment state once the orders exist (after the webhook, for redirects).
    payment_status = Checkout.PAYMENT_NONE
    #: The status each merchant's order starts in.
    order_status = statuses.NEW
    #: Methods only for development and tests say so loudly on every screen.
    is_test = False
    #: The resident pays on the provider's page; a webhook tells the outcome.
    redirects = False
    #: Can pay part of a checkout (see "Partial payments").
    pays_part = False
    part_form_class = None
    #: Takes the rest after partial payments.
    accepts_parts = False

    def is_available(self, plan):
        return True

    def notes(self, plan):
        """Sentences about this basket shown under the method on the payment step."""
        return []

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

    # Redirect methods ------------------------------------------------------

    def start(self, checkout, payment, *, return_url, webhook_url):
        """Create the provider's payment of ``payment.amount``; returns a ``ProviderPayment``."""
        raise NotImplementedError

    def fetch(self, reference):
        """The provider's payment ``reference`` as its API reports it now."""
        raise NotImplementedError

    def send_refund(self, payment, amount, *, description, idempotency_key):
        """Ask the provider to pay ``amount`` of ``payment`` back; returns a ``ProviderRefund``."""
        raise NotImplementedError

    def refunds(self, reference):
        """The refunds the provider holds for payment ``reference`` (``ProviderRefund`` list)."""
        return []

    # Partial payments -------------------------------------------------------

    def review_part(self, plan, details, due):
        """``(amount, notes)``: what ``details`` would pay of ``due``; or ``PaymentDeclined``."""
        raise NotImplementedError

    def reserve_part(self, checkout, details, due):
        """Hold up to ``due``; returns ``[(reference, amount), ...]`` (one per voucher)."""
        raise NotImplementedError

    def settle_part(self, checkout, payment, shares):
        """Take the held ``payment``; ``shares`` are its ``PaymentShare`` rows."""
        raise NotImplementedError

    def release_part(self, payment):
        """Give the held ``payment`` back; harmless when already released."""

    def refund_part(self, payment, share, amount, *, reason):
        """Give ``amount`` of a settled share back the way it was paid; returns a note."""
        raise NotImplementedError


class PayOnPickup(PaymentMethod):
    """Paid at each shop's counter, where every shop of the basket allows it."""

    code = "pay-on-pickup"
    label = _("Pay on pickup")
    description = _("You pay each shop when you collect your goods.")

    def is_available(self, plan):
        return plan.all_pickup and all(part.shop.takes_payment_at_pickup for part in plan.parts)

    def notes(self, plan):
        """How each shop of the basket takes the money at its counter."""
        return [
            _("%(shop)s: %(how)s") % {"shop": part.shop.name, "how": part.shop.pickup_payment_label}
            for part in plan.parts
        ]


class BankTransfer(PaymentMethod):
    """Bank transfer in advance to the marketplace operator.

    The orders wait in "awaiting payment" until the operator or the merchant
    marks them paid (``services.orders.mark_paid``); only then do merchants
    prepare them. Unpaid orders are cancelled after ``ShopSettings.payment_days``
    (``services.expiry``), with a reminder first.
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
        due = self.amount_due(checkout)
        if not shop_settings.iban:
            return _("Please transfer %(total)s quoting the reference %(number)s.") % {
                "total": currency(due),
                "number": checkout.number,
            }
        return _(
            "Please transfer %(total)s within %(days)s days to %(holder)s, "
            "IBAN %(iban)s, BIC %(bic)s (%(bank)s), quoting the reference %(number)s."
        ) % {
            "total": currency(due),
            "days": shop_settings.payment_days,
            "holder": shop_settings.account_holder,
            "iban": shop_settings.iban,
            "bic": shop_settings.bic,
            "bank": shop_settings.bank_name,
            "number": checkout.number,
        }

    @staticmethod
    def amount_due(checkout):
        payment = checkout.payments.filter(method=BankTransfer.code).first()
        return payment.amount if payment is not None else checkout.total
