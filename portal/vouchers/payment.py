"""Paying in the marketplace checkout with a city voucher.

``CityVoucherPayment`` is registered in the shop's payment registry (see
``portal.shop.payments.base`` for the steps) by ``VouchersConfig.ready``:

- offered only when every merchant of the basket is an active member of the
  acceptance network and the basket holds no voucher or gift card (no voucher
  is bought with a voucher: that would be a cash-out);
- ``review`` checks the voucher against the total before the order button:
  it refuses a voucher worth less than the order (one voucher pays a whole
  checkout; combining several vouchers, or a voucher and another method, is
  not supported) and warns that the rest of a larger voucher is forfeited
  when the programme redeems in full only (no change is given);
- ``reserve`` holds the voucher for the checkout before any order exists,
  ``settle`` redeems the reservation once the orders are committed, with one
  settlement share per merchant order, and ``release`` gives it back when
  placing failed. So a failed order never consumes the voucher, and a double
  submission (same checkout) finds the same reservation and redemption.

The restriction ``paid_in_advance`` keeps pay-on-pickup (and the voucher
itself) away from baskets that buy city vouchers.
"""

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.shop import payments, product_types
from portal.shop.models import Checkout
from portal.shop.payments.base import PayOnPickup
from portal.vouchers import codes, redemption
from portal.vouchers.errors import MESSAGES, ReservationRefused
from portal.vouchers.models import AcceptingMerchant, Reservation, VoucherProduct
from portal.vouchers.pdf import euro

# The link under the QR code (…/g/<code>/) or the bare code.
_LINK_RE = re.compile(rf"/g/({codes.LONG_CODE_PATTERN})/?\s*$")
# Refusals a resident may learn about the code it holds; everything else looks unknown.
TOLD_REASONS = {"reserved", "insufficient", "not_accepting", "amount", "reservation_closed"}
CODE = "city-voucher"


def long_code_from(text):
    """The voucher's long code from a pasted link or code, or ``""``."""
    text = (text or "").strip()
    match = _LINK_RE.search(text)
    if match:
        return match.group(1)
    return text if codes.is_long_code(text) else ""


def find_long_code_voucher(code):
    """The voucher of a long code; typed short codes are for logged-in merchants only."""
    return redemption.find_voucher(code) if codes.is_long_code(code) else None


def refusal_message(reason):
    if reason in TOLD_REASONS:
        return str(MESSAGES[reason])
    return _("This is not a voucher that can be spent. Please check the link or code.")


class VoucherCodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Link or code of your city voucher"),
        max_length=300,
        help_text=gettext_lazy(
            "As printed under the QR code of your voucher, e.g. https://…/g/AbCd…/. "
            "The short code is for businesses only."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_code(self):
        code = long_code_from(self.cleaned_data["code"])
        if not code:
            raise forms.ValidationError(
                _("Please paste the whole link printed under the QR code of your voucher.")
            )
        return code


def _plan_facts(plan):
    """What the method needs to know about ``plan``, worked out once per plan (two queries)."""
    facts = getattr(plan, "_city_voucher", None)
    if facts is None:
        lines = [line for part in plan.parts for line in part.lines]
        page_ids = {part.shop.page_id for part in plan.parts}
        facts = {
            "sells_vouchers": VoucherProduct.objects.filter(
                product_id__in=[line.product_id for line in lines]
            ).exists(),
            "has_gifts": any(
                line.product.get_product_class().slug == product_types.GIFT for line in lines
            ),
            "all_accepting": bool(page_ids)
            and AcceptingMerchant.objects.active().filter(merchant_id__in=page_ids).count()
            == len(page_ids),
        }
        plan._city_voucher = facts
    return facts


def paid_in_advance(method, plan):
    """Restriction: city vouchers are never paid on pickup nor with a voucher."""
    if isinstance(method, (PayOnPickup, CityVoucherPayment)):
        return not _plan_facts(plan)["sells_vouchers"]
    return True


class CityVoucherPayment(payments.PaymentMethod):
    code = CODE
    label = gettext_lazy("City voucher")
    description = gettext_lazy(
        "Pay the whole order with one city voucher; all shops of your basket accept it."
    )
    form_class = VoucherCodeForm
    payment_status = Checkout.PAYMENT_SETTLED

    def is_available(self, plan):
        facts = _plan_facts(plan)
        return facts["all_accepting"] and not facts["has_gifts"]

    def review(self, plan, details):
        voucher = find_long_code_voucher(details.get("code", ""))
        reason = redemption.refusal_for(voucher, at=timezone.now()) if voucher else "unknown"
        if reason:
            raise payments.PaymentDeclined(refusal_message(reason))
        total, balance = plan.total, voucher.balance
        if balance < total:
            raise payments.PaymentDeclined(
                _(
                    "Your voucher is worth %(balance)s, less than the total of %(total)s. "
                    "One voucher pays a whole order: please remove something from your basket "
                    "or choose another way to pay."
                )
                % {"balance": euro(balance), "total": euro(total)}
            )
        if balance > total and not voucher.programme.partial_redemption:
            return [
                _(
                    "Your voucher of %(balance)s is redeemed in full, but your order costs only "
                    "%(total)s. The remaining %(rest)s are forfeited: no change is given. "
                    "Add something to your basket to use the whole value."
                )
                % {"balance": euro(balance), "total": euro(total), "rest": euro(balance - total)}
            ]
        if balance > total:
            return [
                _("%(total)s are taken from your voucher; %(rest)s remain on it.")
                % {"total": euro(total), "rest": euro(balance - total)}
            ]
        return []

    def reserve(self, checkout, details):
        code = details.get("code", "")
        voucher = find_long_code_voucher(code)
        partial = voucher is not None and voucher.programme.partial_redemption
        try:
            reservation = redemption.reserve_voucher(
                code,
                checkout_reference=checkout_reference(checkout),
                amount=checkout.total if partial else None,
            )
        except ReservationRefused as refused:
            raise payments.PaymentDeclined(refusal_message(refused.reason)) from refused
        if reservation.amount < checkout.total:
            redemption.release_reservation(reservation.token)
            raise payments.PaymentDeclined(
                _("Your voucher does not cover the total of %(total)s.")
                % {"total": euro(checkout.total)}
            )
        return reservation.token

    def settle(self, checkout, orders):
        allocations = [
            (order.merchant_order.shop.page, order.total_incl_tax, order.number) for order in orders
        ]
        try:
            redemption.redeem_reservation(checkout.payment_reference, allocations=allocations)
        except ReservationRefused as refused:
            raise payments.PaymentDeclined(refusal_message(refused.reason)) from refused

    def release(self, checkout):
        if not checkout.payment_reference:
            return
        reservation = Reservation.objects.filter(token=checkout.payment_reference).first()
        if reservation is not None and reservation.status == Reservation.Status.HELD:
            redemption.release_reservation(reservation.token)

    def instructions(self, checkout):
        reservation = (
            Reservation.objects.filter(
                token=checkout.payment_reference, status=Reservation.Status.REDEEMED
            )
            .select_related("redemption")
            .first()
            if checkout.payment_reference
            else None
        )
        if reservation is None:
            return ""
        paid = reservation.redemption
        return _("Paid with your city voucher: %(amount)s redeemed, receipt %(receipt)s.") % {
            "amount": euro(paid.amount),
            "receipt": paid.receipt_number,
        }


def checkout_reference(checkout):
    return f"checkout:{checkout.number}"
