from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    """Editorial pages, news, events, site settings, navigation and site search."""

    name = "portal.home"
    label = "home"
    verbose_name = _("Website")
