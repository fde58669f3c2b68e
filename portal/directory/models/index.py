"""The directory index: search, filters, distance and map over all profiles."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin

from portal.home.models import BasePage


class DirectoryIndexPage(RoutablePageMixin, BasePage):
    """The business directory of one town (demo slug ``haendler``).

    Its routes (``views.py``) add the registration and activation of new
    merchants; filtering and search run on the index itself.
    """

    intro = models.TextField(_("introduction"), blank=True, max_length=600)
    registration_intro = models.TextField(
        _("text above the registration form"), blank=True, max_length=1000
    )

    parent_page_types = ["home.HomePage"]
    subpage_types = ["directory.MerchantPage"]
    max_count_per_parent = 1
    per_page = 20

    content_panels = BasePage.content_panels + [
        FieldPanel("intro"),
        FieldPanel("registration_intro"),
    ]

    class Meta:
        verbose_name = _("business directory")
        verbose_name_plural = _("business directories")
