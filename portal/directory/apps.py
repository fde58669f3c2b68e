from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    """Business directory: merchant profiles, markets, initiatives, onboarding and import."""

    name = "portal.directory"
    label = "directory"
    verbose_name = _("Business directory")

    def ready(self):
        from portal.directory import signals  # noqa: F401  (connects the signal handlers)
