from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VouchersConfig(AppConfig):
    """The city voucher ("Stadtgutschein"): programme, issuing, redemption, settlement.

    The label is ``cityvouchers`` because Oscar already owns ``voucher``.
    """

    name = "portal.vouchers"
    label = "cityvouchers"
    verbose_name = _("City voucher")

    def ready(self):
        from portal.vouchers import signals  # noqa: F401  (keeps the directory flag in step)
