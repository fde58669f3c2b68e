"""Models of the business directory, split by concept."""

from .categories import Category, PaymentMethod
from .index import DirectoryIndexPage
from .merchants import (
    MERCHANT_RICH_TEXT_FEATURES,
    MerchantGalleryImage,
    MerchantInfoPage,
    MerchantPage,
    MerchantSocialLink,
    MerchantTeam,
    OpeningInterval,
)

__all__ = [
    "MERCHANT_RICH_TEXT_FEATURES",
    "Category",
    "DirectoryIndexPage",
    "MerchantGalleryImage",
    "MerchantInfoPage",
    "MerchantPage",
    "MerchantSocialLink",
    "MerchantTeam",
    "OpeningInterval",
    "PaymentMethod",
]
