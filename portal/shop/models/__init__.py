"""Models of the marketplace, split by concept (Oscar's own models live in the forks)."""

from .checkouts import Checkout, MerchantOrder
from .shops import MerchantShop, ShopSettings

__all__ = ["Checkout", "MerchantOrder", "MerchantShop", "ShopSettings"]
