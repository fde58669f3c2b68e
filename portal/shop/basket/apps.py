"""Oscar's basket app, loading a basket's lines with everything the marketplace shows."""

import oscar.apps.basket.apps as apps


class BasketConfig(apps.BasketConfig):
    name = "portal.shop.basket"
