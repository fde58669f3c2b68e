"""Models of the business directory, split by concept."""

from .categories import Category, PaymentMethod
from .geo import PostcodeArea
from .imports import ImportRun, ImportSnapshot
from .index import DirectoryIndexPage
from .initiatives import InitiativeIndexPage, InitiativePage, Region
from .markets import MarketDay, MarketPage, MarketStall
from .merchants import (
    MERCHANT_RICH_TEXT_FEATURES,
    MerchantGalleryImage,
    MerchantInfoPage,
    MerchantPage,
    MerchantSocialLink,
    MerchantTeam,
    OpeningInterval,
)
from .onboarding import ClaimRequest, StaffInvitation, WebsiteHelpRequest

__all__ = [
    "MERCHANT_RICH_TEXT_FEATURES",
    "Category",
    "ClaimRequest",
    "DirectoryIndexPage",
    "ImportRun",
    "ImportSnapshot",
    "InitiativeIndexPage",
    "InitiativePage",
    "MarketDay",
    "MarketPage",
    "MarketStall",
    "MerchantGalleryImage",
    "MerchantInfoPage",
    "MerchantPage",
    "MerchantSocialLink",
    "MerchantTeam",
    "OpeningInterval",
    "PaymentMethod",
    "PostcodeArea",
    "Region",
    "StaffInvitation",
    "WebsiteHelpRequest",
]
