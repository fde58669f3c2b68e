"""Admin wiring: the menu entry "Kennzahlen", its pages, and this app's own sections."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet

from portal.roles.services import may_see_reports

from . import sections, views


class FiguresMenuItem(MenuItem):
    def is_shown(self, request):
        return may_see_reports(request.user)


class FiguresViewSet(ViewSet):
    """``/admin/kennzahlen/``: every section; ``/admin/kennzahlen/<key>.csv``: one as CSV."""

    name = "figures"
    url_prefix = "kennzahlen"
    icon = "table"
    menu_label = _("Key figures")
    add_to_admin_menu = True
    menu_order = 900
    menu_item_class = FiguresMenuItem

    def get_urlpatterns(self):
        return [
            path("", views.index, name="index"),
            path("<slug:key>.csv", views.download, name="csv"),
        ]


@hooks.register("register_admin_viewset")
def register_figures_viewset():
    return FiguresViewSet()


@hooks.register("register_figures")
def built_in_sections():
    return sections.BUILT_IN
