from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FiguresConfig(AppConfig):
    """Key figures ("Kennzahlen") of the towns for editors and the ministry.

    The admin area lists sections that the apps contribute through the
    ``register_figures`` Wagtail hook (see ``registry``); this app's own
    ``wagtail_hooks`` registers the sections of the directory, the shop, the
    city voucher, coupons, tickets and concerns (``sections``).
    """

    name = "portal.figures"
    label = "figures"
    verbose_name = _("Key figures")
