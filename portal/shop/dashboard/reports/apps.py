"""Oscar's reports, with merchants allowed the order report of their own orders."""

import oscar.apps.dashboard.reports.apps as apps
from oscar.core.loading import get_class


class ReportsDashboardConfig(apps.ReportsDashboardConfig):
    name = "portal.shop.dashboard.reports"

    def configure_permissions(self):
        super().configure_permissions()
        DashboardPermission = get_class("dashboard.permissions", "DashboardPermission")
        self.permissions_map["reports-index"] = (
            DashboardPermission.get("analytics", "view_userrecord"),
            DashboardPermission.staff,
            DashboardPermission.partner_dashboard_access,
        )
