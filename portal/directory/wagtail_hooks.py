"""Admin wiring of the directory: snippets, merchant teams, claims, website help,
import, the guard that keeps merchants from deleting profiles, and the demo step."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import admin_views, services
from .models import (
    Category,
    DirectoryIndexPage,
    MerchantPage,
    MerchantTeam,
    PaymentMethod,
    PostcodeArea,
    Region,
    WebsiteHelpRequest,
)


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "tag"
    list_display = ["__str__", "slug", "role", "schema_type"]
    search_fields = ["name"]


class PaymentMethodViewSet(SnippetViewSet):
    model = PaymentMethod
    icon = "tag"
    list_display = ["name", "slug", "schema_name"]


class RegionViewSet(SnippetViewSet):
    model = Region
    icon = "site"
    list_display = ["name", "slug"]


class PostcodeAreaViewSet(SnippetViewSet):
    model = PostcodeArea
    icon = "site"
    list_display = ["postcode", "place", "latitude", "longitude"]
    search_fields = ["postcode", "place"]


class DirectorySnippets(SnippetViewSetGroup):
    items = (CategoryViewSet, PaymentMethodViewSet, RegionViewSet, PostcodeAreaViewSet)
    menu_label = _("Directory data")
    menu_icon = "tag"
    menu_order = 310


register_snippet(DirectorySnippets)


class MerchantTeamViewSet(ModelViewSet):
    """Editors decide per merchant whether its changes need approval."""

    model = MerchantTeam
    icon = "group"
    menu_label = _("Merchant teams")
    list_display = ["page", "group", "requires_approval", "created_at"]
    list_filter = ["requires_approval"]
    search_fields = ["page__title"]
    form_fields = ["requires_approval"]
    add_to_admin_menu = False
    edit_view_class = admin_views.MerchantTeamEditView
    url_namespace = "directory_teams"

    def get_queryset(self, request):
        return MerchantTeam.objects.select_related("page", "group")


class WebsiteHelpRequestViewSet(ModelViewSet):
    model = WebsiteHelpRequest
    icon = "mail"
    menu_label = _("Website help requests")
    list_display = ["page", "designer", "contact_name", "created_at"]
    form_fields = ["contact_name", "contact_email", "contact_phone", "message"]
    inspect_view_enabled = True
    add_to_admin_menu = False
    url_namespace = "directory_website_help_requests"


class DirectoryAdminGroup(ModelViewSetGroup):
    items = (MerchantTeamViewSet, WebsiteHelpRequestViewSet)
    menu_label = _("Merchants")
    menu_icon = "group"
    menu_order = 305


@hooks.register("register_admin_viewset")
def register_viewsets():
    return DirectoryAdminGroup()


@hooks.register("register_admin_urls")
def register_admin_urls():
    from . import import_admin

    claim_urls = (
        [
            path("", admin_views.claims_index, name="index"),
            path("<int:pk>/<str:decision>/", admin_views.claim_decide, name="decide"),
        ],
        "directory_claims",
    )
    return [
        path("directory/claims/", include(claim_urls)),
        path("directory/import/", include((import_admin.urlpatterns, "directory_import"))),
        path("website-hilfe/", admin_views.website_help, name="directory_website_help"),
    ]


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


class MerchantMenuItem(MenuItem):
    def is_shown(self, request):
        return services.merchant_pages_for_user(request.user).exists()


@hooks.register("register_admin_menu_item")
def claims_menu_item():
    return PermissionMenuItem(
        _("Profile claims"),
        reverse("directory_claims:index"),
        icon_name="user",
        order=306,
        permission=admin_views.CLAIM_PERMISSION,
    )


@hooks.register("register_admin_menu_item")
def import_menu_item():
    return PermissionMenuItem(
        _("Directory import"),
        reverse("directory_import:upload"),
        icon_name="upload",
        order=307,
        permission="directory.add_importrun",
    )


@hooks.register("register_admin_menu_item")
def website_help_menu_item():
    return MerchantMenuItem(
        _("Website help"), reverse("directory_website_help"), icon_name="help", order=150
    )


@hooks.register("before_delete_page")
def only_editors_delete_profiles(request, page):
    """A merchant may edit its profile, never delete it (editors can)."""
    _editors_only(request, page)


@hooks.register("before_move_page")
def only_editors_move_profiles(request, page, destination):
    _editors_only(request, page)


def _editors_only(request, page):
    if page.specific_class is MerchantPage and not request.user.has_perm(
        "directory.change_merchantteam"
    ):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied


@hooks.register("after_create_page")
def moderate_new_directory(request, page):
    if isinstance(page.specific, DirectoryIndexPage):
        services.ensure_moderation_workflow(page)


@hooks.register("build_demo_town")
def build_demo(home, log):
    from .demo import build

    build(home, log)
