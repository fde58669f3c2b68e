"""Models of the marketplace, split by concept (Oscar's own models live in the forks)."""

from .checkouts import Checkout, MerchantOrder
from .discounts import MerchantOffer
from .payments import Payment, PaymentShare, Refund
from .shops import MerchantShop, ShopSettings

__all__ = [
    "Checkout",
    "MerchantOffer",
    "MerchantOrder",
    "MerchantShop",
    "Payment",
    "PaymentShare",
    "Refund",
    "ShopSettings",
]
