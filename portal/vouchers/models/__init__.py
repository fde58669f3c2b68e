"""Models of the city voucher, split by concept."""

from .campaigns import CouponCampaign
from .coupons import (
    Coupon,
    CouponBook,
    CouponBookCopy,
    CouponClaim,
    CouponRedemption,
)
from .employers import TAX_FREE_MONTHLY_LIMIT, Employer, EmployerOrder
from .pages import VoucherInfoPage
from .programme import AcceptingMerchant, VoucherProgramme
from .selling import VoucherProduct
from .settlement import CouponShareEntry, MerchantStatement, SettlementEntry, SettlementPeriod
from .vouchers import Redemption, Reservation, Voucher, VoucherBatch

__all__ = [
    "TAX_FREE_MONTHLY_LIMIT",
    "AcceptingMerchant",
    "Coupon",
    "CouponBook",
    "CouponBookCopy",
    "CouponCampaign",
    "CouponClaim",
    "CouponRedemption",
    "CouponShareEntry",
    "Employer",
    "EmployerOrder",
    "MerchantStatement",
    "Redemption",
    "Reservation",
    "SettlementEntry",
    "SettlementPeriod",
    "Voucher",
    "VoucherBatch",
    "VoucherInfoPage",
    "VoucherProduct",
    "VoucherProgramme",
]
