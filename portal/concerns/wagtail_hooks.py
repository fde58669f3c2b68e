"""Admin wiring: the concerns queue, the offices/topics/API keys snippets, the demo step."""

from django.conf import settings
from django.contrib.auth.models import Permission
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from portal.concerns import admin_views, services
from portal.concerns.models import Office, Open311ApiKey, Topic
from portal.home.admin_display import yes_no
from portal.roles.towns import TownScopedViewSet


class QueueMenuItem(MenuItem):
    """Shown to editors and to staff of at least one office."""

    def is_shown(self, request):
        return services.can_handle_concerns(request.user)


class ConcernQueueViewSet(ViewSet):
    """``/admin/concerns/``: the queue and one page per concern."""

    name = "concerns"
    icon = "mail"
    menu_label = _("Concerns")
    add_to_admin_menu = True
    menu_order = 250
    menu_item_class = QueueMenuItem

    def get_urlpatterns(self):
        return [
            path("", admin_views.queue, name="queue"),
            path("<int:pk>/", admin_views.detail, name="detail"),
        ]


@hooks.register("register_admin_viewset")
def register_queue():
    return ConcernQueueViewSet()


class OfficeViewSet(TownScopedViewSet, SnippetViewSet):
    model = Office
    icon = "group"
    list_display = ["name", "email"]
    search_fields = ["name"]


class TopicViewSet(TownScopedViewSet, SnippetViewSet):
    model = Topic
    icon = "tag"
    list_display = ["name", "code", "office", yes_no(Topic, "is_active")]
    list_filter = ["office", "is_active"]
    search_fields = ["name"]


class Open311ApiKeyViewSet(TownScopedViewSet, SnippetViewSet):
    model = Open311ApiKey
    icon = "key"
    list_display = ["name", "site", yes_no(Open311ApiKey, "is_active"), "created_at"]


class ConcernSettingsGroup(SnippetViewSetGroup):
    items = (OfficeViewSet, TopicViewSet, Open311ApiKeyViewSet)
    menu_icon = "cogs"
    menu_label = _("Concern settings")
    menu_name = "concern-settings"
    menu_order = 260


register_snippet(ConcernSettingsGroup)


@hooks.register("register_permissions")
def register_permissions():
    return Permission.objects.filter(
        content_type__app_label="concerns", codename="view_all_concerns"
    )


@hooks.register("build_demo_town")
def build_demo(home, log):
    from portal.concerns import demo  # factories: demo and test packages only

    demo.build(home, log)


@hooks.register("create_town")
def create_town_concerns(site, home, log):
    """A new town's concerns page, with a citizens' office and a general topic to start."""
    from portal.concerns.models import ConcernIndexPage
    from portal.home.models import PortalSettings

    home.add_child(
        instance=ConcernIndexPage(
            title="Anliegen",
            slug="anliegen",
            intro="Anregungen und Beschwerden direkt an die Stadtverwaltung.",
        )
    )
    email = PortalSettings.for_site(site).email or settings.DEFAULT_FROM_EMAIL
    office = Office.objects.create(site=site, name="Bürgerbüro", email=email)
    Topic.objects.create(
        site=site,
        office=office,
        name="Allgemeines Anliegen",
        code="allgemein",
        description="Alles, wofür es kein eigenes Thema gibt.",
    )
