"""Models of the city voucher, split by concept."""

from .employers import TAX_FREE_MONTHLY_LIMIT, Employer, EmployerOrder
from .pages import VoucherInfoPage
from .programme import AcceptingMerchant, VoucherProgramme
from .selling import VoucherProduct
from .settlement import MerchantStatement, SettlementEntry, SettlementPeriod
from .vouchers import Redemption, Reservation, Voucher, VoucherBatch

__all__ = [
    "TAX_FREE_MONTHLY_LIMIT",
    "AcceptingMerchant",
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
