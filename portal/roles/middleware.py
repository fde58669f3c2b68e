"""Keeps Wagtail's reports away from users without the ``roles.view_reports`` permission,
and a town's own groups away from other towns' site settings.

The site history and the workflow reports list, in their filters, every user
who edited or submitted something (names and e-mail addresses of other
merchants). Wagtail opens them to anyone with a page permission, so a
merchant with rights on its own profile could read them. The menu hides
them (``wagtail_hooks``); this middleware refuses the URLs themselves.
"""

from wagtail.admin.auth import permission_denied

from portal.roles.services import may_see_reports, town_ids_of

REPORTS_NAMESPACE = "wagtailadmin_reports"
SETTINGS_NAMESPACE = "wagtailsettings"


class AdminReportsGuard:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is not None and match.namespace == SETTINGS_NAMESPACE:
            return self._town_settings(request, match)
        if match is None or match.namespace != REPORTS_NAMESPACE:
            return None
        if not request.user.is_authenticated or may_see_reports(request.user):
            return None  # the admin's own login check answers anonymous callers
        return permission_denied(request)

    @staticmethod
    def _town_settings(request, match):
        """A town's own groups edit only their towns' site settings."""
        from django.apps import apps
        from wagtail.contrib.settings.models import BaseSiteSetting

        site_pk = match.kwargs.get("pk")
        if site_pk is None or not request.user.is_authenticated:
            return None
        try:
            model = apps.get_model(match.kwargs["app_name"], match.kwargs["model_name"])
        except (LookupError, KeyError):
            return None
        if not issubclass(model, BaseSiteSetting):
            return None  # one row for the whole installation, not a town's
        town_ids = town_ids_of(request.user)
        if town_ids is None or int(site_pk) in town_ids:
            return None
        return permission_denied(request)
