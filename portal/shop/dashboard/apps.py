"""Oscar's dashboard, for administrators (superusers) only.

Merchants do all their shop work in the Wagtail admin (``portal.shop.admin_views``);
what Oscar's dashboard adds beyond that (offers, ranges, e-mail templates,
partners, users) is the operator's business. Every dashboard URL is therefore
wrapped in one check: superusers pass, logged-in users get 403 and anonymous
visitors go to the portal's one login page, the Wagtail admin's. Oscar's own
per-view permissions still apply behind it.
"""

from functools import wraps

import oscar.apps.dashboard.apps as apps
from django.core.exceptions import PermissionDenied
from django.urls import URLPattern, reverse

# The dashboard's own login and logout stay reachable (logging out must work for anyone).
OPEN_VIEWS = {"login", "logout"}


def administrators_only(view):
    from django.contrib.auth.views import redirect_to_login

    @wraps(view)
    def checked(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("wagtailadmin_login"))
        if not (user.is_active and user.is_superuser):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return checked


class DashboardConfig(apps.DashboardConfig):
    name = "portal.shop.dashboard"

    def post_process_urls(self, urlpatterns):
        # Oscar's sub-apps have decorated their views already; this runs over the
        # whole tree (Oscar recurses into included patterns) and wraps them once more.
        urlpatterns = super().post_process_urls(urlpatterns)
        self._wrap(urlpatterns)
        return urlpatterns

    def _wrap(self, urlpatterns):
        for pattern in urlpatterns:
            if hasattr(pattern, "url_patterns"):
                self._wrap(pattern.url_patterns)
            elif (
                isinstance(pattern, URLPattern)
                and pattern.name not in OPEN_VIEWS
                and not getattr(pattern.callback, "administrators_only", False)
            ):
                pattern.callback = administrators_only(pattern.callback)
                pattern.callback.administrators_only = True
