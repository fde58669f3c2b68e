"""Oscar's offer app with the marketplace's applicator (merchants' own offers)."""

import oscar.apps.offer.apps as apps


class OfferConfig(apps.OfferConfig):
    name = "portal.shop.offer"
