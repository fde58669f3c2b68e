from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    """Editorial pages, news, events, site settings, navigation and site search."""

    name = "portal.home"
    label = "home"
    verbose_name = _("Website")

    def ready(self):
        from django.db import models
        from wagtail.admin.forms.models import register_form_field_override

        from . import signals
        from .slugs import GermanSlugInput

        signals.connect()

        # Every slug field of the admin's model forms spells out umlauts as it types.
        register_form_field_override(models.SlugField, override={"widget": GermanSlugInput})
