from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FederationConfig(AppConfig):
    """Federation: this installation's public feed, harvesting of other portals' feeds and
    CSV files, and the installation-wide "shops near me" (docs/federation.md)."""

    name = "portal.federation"
    label = "federation"
    verbose_name = _("Federation")
