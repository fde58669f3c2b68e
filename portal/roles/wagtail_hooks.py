"""The roles in Wagtail's admin: the reports menu and the reports permission in the group editor."""

from django.contrib.auth.models import Permission
from wagtail import hooks

from portal.roles.services import may_see_reports


@hooks.register("construct_reports_menu")
def hide_reports(request, menu_items):
    """Reports list other users' names: only for roles with ``roles.view_reports``."""
    if not may_see_reports(request.user):
        menu_items[:] = []


@hooks.register("register_permissions")
def register_permissions():
    return Permission.objects.filter(content_type__app_label="roles", codename="view_reports")


@hooks.register("create_town", order=-10)
def create_town_groups(site, home, log):
    """A new town gets its own editor and voucher operator groups (before the apps' steps)."""
    from portal.roles.services import TOWN_ROLES, town_group

    for role_name in TOWN_ROLES:
        log(f"Gruppe angelegt: {town_group(site, role_name).name}")
