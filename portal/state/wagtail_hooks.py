"""Admin and hook wiring of the state portal.

- ``serve_initiative_index`` (the directory's hook): a state portal's initiatives
  index shows the state-wide directory (``listing.serve_state_index``); a town's
  index keeps listing its own tree.
- "Initiativen-Anmeldungen" in the admin menu for those who review registrations.
- ``build_demo_town``: the demo's state portal, after the towns exist.
"""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from portal.towns import is_state_portal

from . import admin_views
from . import registration as service


@hooks.register("serve_initiative_index")
def state_wide_initiatives(page, request):
    if is_state_portal(page.get_site()):
        from .listing import serve_state_index

        return serve_state_index(page, request)
    return None


@hooks.register("register_admin_urls")
def register_admin_urls():
    urls = (
        [
            path("", admin_views.registrations_index, name="index"),
            path("<int:pk>/<str:decision>/", admin_views.registration_decide, name="decide"),
        ],
        "state_registrations",
    )
    return [path("initiativen-anmeldungen/", include(urls))]


class ModeratorMenuItem(MenuItem):
    def is_shown(self, request):
        return service.moderates_anything(request.user)


@hooks.register("register_admin_menu_item")
def registrations_menu_item():
    return ModeratorMenuItem(
        _("Initiative registrations"),
        reverse("state_registrations:index"),
        icon_name="group",
        order=307,
    )


@hooks.register("build_demo_town", order=100)
def build_demo_state_portal(home, log):
    from .demo import build

    build(log)
