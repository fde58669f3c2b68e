"""The dashboard navigation: Oscar's menu plus the marketplace's entries.

Oscar builds its menu from ``OSCAR_DASHBOARD_NAVIGATION`` and shows each
user the entries it may open; the marketplace adds its pages here instead of
in the settings, so their labels live in the shop's catalogue.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from oscar.apps.dashboard.menu import create_menu


def can_use_wagtail_admin(user, url_name, url_args=None, url_kwargs=None):
    return user.is_active and user.has_perm("wagtailadmin.access_admin")


MARKETPLACE_NAVIGATION = [
    {
        "label": _("My shop"),
        "icon": "fas fa-store",
        "children": [
            {"label": _("Shop settings"), "url_name": "dashboard:shop-list"},
            {"label": _("Pickup desk"), "url_name": "dashboard:shop-pickup"},
            {
                "label": _("Profile and website (Wagtail)"),
                "url_name": "wagtailadmin_home",
                "access_fn": can_use_wagtail_admin,
            },
        ],
    },
]


def get_nodes(user):
    nodes = create_menu([*settings.OSCAR_DASHBOARD_NAVIGATION, *MARKETPLACE_NAVIGATION])
    visible = []
    for node in nodes:
        filtered = node.filter(user)
        if filtered and (filtered.has_children() or not filtered.is_heading):
            visible.append(filtered)
    return visible
