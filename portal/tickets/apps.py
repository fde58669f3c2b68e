from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TicketsConfig(AppConfig):
    """Event tickets: sold through the shop on event pages, checked in at the door by a scan.

    Builds on ``home`` (event pages) and ``shop`` (products, checkout,
    payments, refunds) and never on the city voucher app. ``ready`` connects
    the handlers that follow the shop's orders (``signals``).
    """

    name = "portal.tickets"
    label = "tickets"
    verbose_name = _("Event tickets")

    def ready(self):
        from portal.tickets import signals  # noqa: F401  (connects handlers)
