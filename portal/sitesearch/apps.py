from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteSearchConfig(AppConfig):
    """The portal's search: German full text, synonyms, typo tolerance, site search, autocomplete.

    Labelled ``sitesearch`` because Oscar's search app already owns ``search``.
    It depends on Wagtail only; the apps above it (home, directory, shop) bring
    their own result groups and suggestions through hooks (see ``views``).
    """

    name = "portal.sitesearch"
    label = "sitesearch"
    verbose_name = _("Search")

    def ready(self):
        from portal.sitesearch import signals  # noqa: F401  (connects the signal handlers)
