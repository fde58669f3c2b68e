"""Admin wiring: the concerns queue, the offices/topics/API keys snippets, the demo step."""

from django.contrib.auth.models import Permission
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from portal.concerns import admin_views, demo, services
from portal.concerns.models import Office, Open311ApiKey, Topic


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


class OfficeViewSet(SnippetViewSet):
    model = Office
    icon = "group"
    list_display = ["name", "email"]
    search_fields = ["name"]


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    list_display = ["name", "code", "office", "is_active"]
    list_filter = ["office", "is_active"]
    search_fields = ["name"]


class Open311ApiKeyViewSet(SnippetViewSet):
    model = Open311ApiKey
    icon = "key"
    list_display = ["name", "is_active", "created_at"]


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
    demo.build(home, log)
