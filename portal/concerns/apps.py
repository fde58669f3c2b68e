from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConcernsConfig(AppConfig):
    """Citizens' suggestions and complaints: form, routing to offices, tracking, Open311."""

    name = "portal.concerns"
    label = "concerns"
    verbose_name = _("Concerns")

    def ready(self):
        from portal.concerns import signals  # noqa: F401  (office staff get admin access)
