from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShopConfig(AppConfig):
    """The marketplace around django-oscar: merchant shops, split checkout, payments.

    Oscar's own apps are forked below this package (``portal/shop/<app>/``)
    where the marketplace changes them; this app holds what Oscar does not
    have: the link between an Oscar partner and a directory profile, the
    fulfilment options per merchant, the one payment spanning several
    merchants' orders, and the registry of payment methods.
    """

    name = "portal.shop"
    label = "shop"
    verbose_name = _("Marketplace")

    def ready(self):
        from portal.shop import payments, signals  # noqa: F401  (connects handlers)

        payments.register_builtin_methods()

        from portal.shop import analytics

        analytics.replace_oscar_receivers()
