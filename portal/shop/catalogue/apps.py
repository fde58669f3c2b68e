"""Oscar's catalogue with the marketplace's product fields and product page."""

import oscar.apps.catalogue.apps as apps


class CatalogueConfig(apps.CatalogueConfig):
    name = "portal.shop.catalogue"

    def ready(self):
        super().ready()
        from portal.shop.catalogue import signals

        signals.disconnect_product_view_receivers()
