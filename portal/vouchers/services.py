"""The voucher app's public operations: what views, commands and the shop call.

The shop integration (payment hook, order page, checkout payment method)
uses only the names below; see each function's docstring for arguments and
transaction expectations.

Issuing (call from the shop's "payment confirmed" hook, inside its transaction):
    issue_vouchers(values=[25], reference="shop:<order number>", kind="shop",
                   payment_confirmed_at=now, email=order.email)
    resend_vouchers("shop:<order number>", email)
    withdraw_vouchers("shop:<order number>")   # within 14 days, unused ones only

Paying with a voucher in the checkout:
    reserve_voucher(code, checkout_reference=..., amount=None) -> Reservation
    redeem_reservation(reservation.token, allocations=[(merchant_page, amount, order_no)])
    release_reservation(reservation.token)
"""

from portal.vouchers.errors import (
    IssuingRefused,
    RedemptionRefused,
    ReservationRefused,
    VoucherError,
    WithdrawalRefused,
)
from portal.vouchers.issuing import (
    cancel_voucher,
    issue_vouchers,
    resend_vouchers,
    withdraw_vouchers,
)
from portal.vouchers.redemption import (
    RedemptionResult,
    find_voucher,
    is_accepting,
    redeem,
    redeem_reservation,
    refusal_for,
    release_reservation,
    reserve_voucher,
)

__all__ = [
    "IssuingRefused",
    "RedemptionRefused",
    "RedemptionResult",
    "ReservationRefused",
    "VoucherError",
    "WithdrawalRefused",
    "cancel_voucher",
    "find_voucher",
    "is_accepting",
    "issue_vouchers",
    "redeem",
    "redeem_reservation",
    "refusal_for",
    "release_reservation",
    "resend_vouchers",
    "reserve_voucher",
    "withdraw_vouchers",
]
