from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VouchersConfig(AppConfig):
    """The city voucher ("Stadtgutschein"): programme, issuing, redemption, settlement.

    The label is ``cityvouchers`` because Oscar already owns ``voucher``.
    ``ready`` plugs the voucher into the shop from this side (the shop never
    imports this app): the payment method and its restriction go into the
    shop's payment registry, the signal handlers follow paid and cancelled
    orders and keep the directory's flag in step (see ``signals``).
    """

    name = "portal.vouchers"
    label = "cityvouchers"
    verbose_name = _("City voucher")

    def ready(self):
        from portal.shop import payments
        from portal.vouchers import payment, signals  # noqa: F401  (connects handlers)

        payments.register(payment.CityVoucherPayment())
        payments.restrict(payment.paid_in_advance)
