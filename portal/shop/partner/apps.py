"""Oscar's partner app with the marketplace's pricing strategy (``strategy.py``)."""

import oscar.apps.partner.apps as apps


class PartnerConfig(apps.PartnerConfig):
    name = "portal.shop.partner"
