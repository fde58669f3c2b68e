"""Oscar's catalogue dashboard: merchants manage their own products only (see ``views.py``)."""

import oscar.apps.dashboard.catalogue.apps as apps
from oscar.core.loading import get_class


class CatalogueDashboardConfig(apps.CatalogueDashboardConfig):
    name = "portal.shop.dashboard.catalogue"

    def configure_permissions(self):
        super().configure_permissions()
        # Merchants create variants of their own products (the view checks the parent).
        DashboardPermission = get_class("dashboard.permissions", "DashboardPermission")
        self.permissions_map["catalogue-product-create-child"] = (
            DashboardPermission.get("catalogue", "view_product", "add_product"),
            DashboardPermission.partner_dashboard_access,
        )
