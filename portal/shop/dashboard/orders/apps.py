"""Oscar's order dashboard, confined to the merchant's own orders (see ``views.py``)."""

import oscar.apps.dashboard.orders.apps as apps


class OrdersDashboardConfig(apps.OrdersDashboardConfig):
    name = "portal.shop.dashboard.orders"
