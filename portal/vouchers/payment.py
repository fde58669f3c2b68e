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

Vouchers can also pay PART of an online payment (``pays_part``): the
resident pastes one or more voucher links with the provider's method, the
vouchers are held while the resident pays the rest on the provider's page,
and redeemed only when the provider's webhook says it was paid; a failed or
expired payment releases them (``portal.shop.services.paying``). When a
merchant cancels an order paid partly by voucher, that order's share goes
back onto the voucher (``refund_part``, ``redemption.credit_back``).

The restriction ``paid_in_advance`` keeps pay-on-pickup (and the voucher
itself) away from baskets that buy city vouchers.
"""

import re
from decimal import Decimal

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


MAX_PART_VOUCHERS = 5


class VoucherCodesForm(forms.Form):
    """Up to five voucher links, one per line, paying part of an online payment."""

    codes = forms.CharField(
        label=gettext_lazy("City vouchers (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "autocomplete": "off", "spellcheck": "false"}),
        help_text=gettext_lazy(
            "To pay part with city vouchers, paste the link printed under each QR code, "
            "one per line. You pay the rest online."
        ),
    )

    def clean_codes(self):
        lines = [line.strip() for line in self.cleaned_data["codes"].splitlines() if line.strip()]
        codes = []
        for line in lines:
            code = long_code_from(line)
            if not code:
                raise forms.ValidationError(
                    _("“%(text)s” is not a voucher link. Please paste the whole link.")
                    % {"text": line[:40]}
                )
            if code not in codes:
                codes.append(code)
        if len(codes) > MAX_PART_VOUCHERS:
            raise forms.ValidationError(
                _("At most %(count)s vouchers per order.") % {"count": MAX_PART_VOUCHERS}
            )
        return codes

    def has_filled_in(self):
        return bool(self.is_valid() and self.cleaned_data["codes"])


class CityVoucherPayment(payments.PaymentMethod):
    code = CODE
    label = gettext_lazy("City voucher")
    description = gettext_lazy(
        "Pay the whole order with one city voucher; all shops of your basket accept it."
    )
    form_class = VoucherCodeForm
    payment_status = Checkout.PAYMENT_SETTLED
    pays_part = True
    part_form_class = VoucherCodesForm

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

    # Paying part of an online payment ------------------------------------

    def _vouchers(self, codes):
        found = []
        now = timezone.now()
        for code in codes:
            voucher = find_long_code_voucher(code)
            reason = redemption.refusal_for(voucher, at=now) if voucher else "unknown"
            if reason:
                raise payments.PaymentDeclined(refusal_message(reason))
            found.append(voucher)
        return found

    def review_part(self, plan, details, due):
        taken, notes = Decimal("0.00"), []
        for voucher in self._vouchers(details.get("codes") or []):
            left = due - taken
            if left <= 0:
                raise payments.PaymentDeclined(
                    _("Your other vouchers already pay the whole order; please remove %(code)s.")
                    % {"code": voucher.short_code_display}
                )
            take = min(voucher.balance, left)
            if voucher.balance > left and not voucher.programme.partial_redemption:
                notes.append(
                    _(
                        "Your voucher of %(balance)s is redeemed in full, but only %(take)s "
                        "are still to pay. The remaining %(rest)s are forfeited: no change "
                        "is given."
                    )
                    % {
                        "balance": euro(voucher.balance),
                        "take": euro(take),
                        "rest": euro(voucher.balance - take),
                    }
                )
            taken += take
        if taken:
            notes.insert(
                0,
                _("%(amount)s are paid with city vouchers, redeemed once the rest is paid.")
                % {"amount": euro(taken)},
            )
        return taken, notes

    def reserve_part(self, checkout, details, due):
        held = []
        try:
            for voucher in self._vouchers(details.get("codes") or []):
                if due <= 0:
                    break
                partial = voucher.programme.partial_redemption
                try:
                    reservation = redemption.reserve_voucher(
                        voucher.code,
                        checkout_reference=checkout_reference(checkout),
                        amount=min(voucher.balance, due) if partial else None,
                    )
                except ReservationRefused as refused:
                    raise payments.PaymentDeclined(refusal_message(refused.reason)) from refused
                take = min(reservation.amount, due)
                held.append((reservation.token, take))
                due -= take
        except Exception:
            for token, _amount in held:
                redemption.release_reservation(token)
            raise
        return held

    def settle_part(self, checkout, payment, shares):
        allocations = [
            (share.merchant_order.shop.page, share.amount, share.merchant_order.order.number)
            for share in shares
        ]
        try:
            redemption.redeem_reservation(payment.reference, allocations=allocations)
        except ReservationRefused as refused:
            raise payments.PaymentDeclined(refusal_message(refused.reason)) from refused

    def release_part(self, payment):
        reservation = Reservation.objects.filter(token=payment.reference).first()
        if reservation is not None and reservation.status == Reservation.Status.HELD:
            redemption.release_reservation(reservation.token)

    def refund_part(self, payment, share, amount, *, reason):
        part = share.merchant_order
        voucher = redemption.credit_back(
            payment.reference,
            merchant=part.shop.page,
            amount=amount,
            order_reference=part.order.number,
        )
        return voucher.short_code_display


def checkout_reference(checkout):
    return f"checkout:{checkout.number}"
