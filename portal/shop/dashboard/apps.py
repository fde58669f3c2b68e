"""Oscar's dashboard with the marketplace's own pages for merchants.

Besides Oscar's views (forked where they must be confined to the merchant's
own partner: orders, catalogue, reports, the index), merchants get: their
shop's settings (fulfilment and costs), the pickup desk where a customer's
pickup code hands over the order, and a link back to their profile in the
Wagtail admin. All are open to staff and to users with Oscar's
``partner.dashboard_access`` permission; the views decide which shop.
"""

import oscar.apps.dashboard.apps as apps
from django.urls import path
from oscar.core.loading import get_class


class DashboardConfig(apps.DashboardConfig):
    name = "portal.shop.dashboard"

    def ready(self):
        super().ready()
        self.shop_list_view = get_class("dashboard.views", "ShopListView")
        self.shop_settings_view = get_class("dashboard.views", "ShopSettingsView")
        self.pickup_view = get_class("dashboard.views", "PickupView")
        self.profile_view = get_class("dashboard.views", "ProfileRedirectView")

    def configure_permissions(self):
        super().configure_permissions()
        DashboardPermission = get_class("dashboard.permissions", "DashboardPermission")
        merchants = (DashboardPermission.staff, DashboardPermission.partner_dashboard_access)
        for name in ("shop-list", "shop-settings", "shop-pickup", "shop-profile"):
            self.permissions_map[name] = merchants

    def get_urls(self):
        shop_urls = [
            path("shops/", self.shop_list_view.as_view(), name="shop-list"),
            path("shops/<int:pk>/", self.shop_settings_view.as_view(), name="shop-settings"),
            path("abholung/", self.pickup_view.as_view(), name="shop-pickup"),
            path("profil/<int:pk>/", self.profile_view.as_view(), name="shop-profile"),
        ]
        return self.post_process_urls(shop_urls) + super().get_urls()
