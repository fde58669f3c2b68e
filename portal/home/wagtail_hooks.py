"""Admin registration for the website app's snippets and the blocked-logins list;
news and events in the site search."""

from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from portal import pagecache
from portal.home import lockouts
from portal.home.models import EventPage, NewsCategory, NewsPage
from portal.sitesearch.services import page_group, site_pages


class NewsCategoryViewSet(SnippetViewSet):
    model = NewsCategory
    icon = "tag"
    menu_order = 300
    list_display = ["name", "slug"]
    search_fields = ["name"]


register_snippet(NewsCategoryViewSet)


@hooks.register("before_serve_page")
def share_public_pages(page, request, serve_args, serve_kwargs):
    """Pages (and routes) named in ``shared_routes`` may be shared by anonymous visitors."""
    view = serve_args[0] if serve_args else None
    if getattr(view, "__name__", "serve") in getattr(page, "shared_routes", ()):
        pagecache.share(request)


class LockoutsMenuItem(MenuItem):
    """Shown to those who may unlock blocked logins."""

    def is_shown(self, request):
        return lockouts.may_unlock(request.user)


@hooks.register("register_admin_urls")
def register_lockout_urls():
    urls = [
        path("", lockouts.index, name="index"),
        path("<int:pk>/unlock/", lockouts.unlock, name="unlock"),
    ]
    return [path("anmeldesperren/", include((urls, "lockouts")))]


@hooks.register("register_settings_menu_item")
def register_lockouts_menu_item():
    return LockoutsMenuItem(
        _("Blocked logins"), reverse_lazy("lockouts:index"), icon_name="lock", order=900
    )


@hooks.register("portal_site_search")
def search_events(request, query):
    """Events in the site search (see ``portal.sitesearch.views``)."""
    return page_group(
        request,
        query,
        kind="veranstaltungen",
        title=_("Events"),
        pages=site_pages(request, EventPage),
        page_types=(EventPage,),
        order=30,
    )


@hooks.register("portal_site_search")
def search_news(request, query):
    return page_group(
        request,
        query,
        kind="aktuelles",
        title=_("News"),
        pages=site_pages(request, NewsPage),
        page_types=(NewsPage,),
        order=40,
    )
