"""Why a voucher operation was refused, with the message a person reads."""

from django.utils.translation import gettext_lazy as _

MESSAGES = {
    "unknown": _("No valid voucher was found for this code."),
    "redeemed": _("This voucher has already been redeemed."),
    "expired": _("This voucher has expired."),
    "cancelled": _("This voucher was cancelled and cannot be redeemed."),
    "reserved": _("This voucher is currently reserved for an online order."),
    "insufficient": _("The voucher's balance is lower than the amount."),
    "amount": _("This amount cannot be redeemed."),
    "not_accepting": _("Your business is not (or no longer) an accepting business."),
    "other_town": _(
        "This voucher belongs to another town's voucher programme and is not accepted here."
    ),
    "key_conflict": _("This form was already used for another voucher. Please start again."),
    "reservation_closed": _("This reservation is no longer held."),
    "reservation_redeemed": _("This reservation has already been redeemed."),
    "withdrawal_period": _("The 14-day withdrawal period has ended."),
    "withdrawal_used": _("A voucher that was used, even in part, cannot be withdrawn."),
    "unpaid": _("Vouchers are issued only after the payment is confirmed."),
    "invalid_amount": _("This amount is not offered in the voucher programme."),
    "no_programme": _("No active voucher programme is configured."),
    "coupon_used": _("This coupon has already been used."),
    "coupon_cancelled": _("This coupon was cancelled and cannot be used."),
    "coupon_other_business": _(
        "This coupon belongs to another business and cannot be redeemed here."
    ),
    "coupon_expired": _("This coupon has expired."),
    "coupon_not_yet_valid": _("This coupon is not valid yet."),
    "coupon_wrong_day": _("This coupon is not valid on this day of the week."),
    "coupon_wrong_time": _("This coupon is not valid at this time of day."),
    "coupon_not_approved": _("This coupon is not (or no longer) offered."),
    "coupon_only_in_book": _("This coupon is only available in a coupon book."),
    "coupon_per_person": _("You have already taken this coupon as often as allowed."),
    "coupon_sold_out": _("All of these coupons have been taken."),
    "coupon_not_online": _("This coupon cannot be used in the online shop."),
    "coupon_only_online": _("This coupon is only valid in the online shop."),
    "coupon_minimum": _("The order does not reach the coupon's minimum purchase."),
    "book_sold_out": _("This coupon book is sold out."),
}


class VoucherError(Exception):
    """A refused voucher operation; ``reason`` is a key of ``MESSAGES``."""

    def __init__(self, reason, **details):
        self.reason = reason
        self.details = details
        super().__init__(reason)

    @property
    def message(self):
        return MESSAGES[self.reason]


class RedemptionRefused(VoucherError):
    pass


class ReservationRefused(VoucherError):
    pass


class WithdrawalRefused(VoucherError):
    pass


class IssuingRefused(VoucherError):
    pass


class CouponRefused(VoucherError):
    pass
