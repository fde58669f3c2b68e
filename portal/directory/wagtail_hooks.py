"""Admin wiring of the directory: snippets, merchant teams, claims, website help,
import, the owners' staff page, the guard that keeps merchants from deleting
profiles, where a merchant lands after submitting, and the demo step;
businesses and initiatives in the site search and the search boxes' suggestions."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from portal.home.admin_display import yes_no
from portal.roles.towns import TownScopedViewSet
from portal.sitesearch.services import page_group, site_pages

from . import admin_views, search, services
from .models import (
    Category,
    DirectoryIndexPage,
    InitiativePage,
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
    list_display = ["__str__", "slug", "keywords", "role", "schema_type"]
    search_fields = ["name", "keywords"]


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


class MerchantTeamViewSet(TownScopedViewSet, ModelViewSet):
    """Editors decide per merchant whether its changes need approval."""

    model = MerchantTeam
    icon = "group"
    menu_label = _("Merchant teams")
    list_display = ["page", "group", yes_no(MerchantTeam, "requires_approval"), "created_at"]
    list_filter = ["requires_approval"]
    search_fields = ["page__title"]
    form_fields = ["requires_approval"]
    add_to_admin_menu = False
    edit_view_class = admin_views.MerchantTeamEditView
    url_namespace = "directory_teams"
    town_field = "page:page"

    def get_queryset(self, request):
        return MerchantTeam.objects.select_related("page", "group")


class WebsiteHelpRequestViewSet(TownScopedViewSet, ModelViewSet):
    model = WebsiteHelpRequest
    town_field = "page:page"
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
    from . import import_admin, staff_admin

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
        path("mitarbeitende/", include((staff_admin.urlpatterns, "directory_staff"))),
        path("website-hilfe/", admin_views.website_help, name="directory_website_help"),
    ]


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


class MerchantMenuItem(MenuItem):
    """For the owners of a business (not its till staff)."""

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


@hooks.register("register_admin_menu_item")
def staff_menu_item():
    return MerchantMenuItem(
        _("Staff"), reverse("directory_staff:index"), icon_name="group", order=151
    )


@hooks.register("after_edit_page", order=1000)
def stay_on_the_submitted_page(request, page):
    """After submitting or publishing, a merchant stays on its page and reads what comes next.

    Wagtail would show the parent's page listing, where a merchant, who has
    rights on its own profile only, sees an empty list. Runs after the
    other apps' hooks (``order``), since the first response ends the chain.
    """
    if "action-submit" in request.POST:
        submitted = True
    elif "action-publish" in request.POST:
        submitted = False
    else:
        return None
    parent = page.get_parent()
    if parent is None or parent.permissions_for_user(request.user).can_edit():
        return None
    if not submitted:
        messages.info(request, _("Your changes are now on your public page."))
    elif page.live:
        messages.info(
            request,
            _(
                "What happens next: the city marketing editors check your changes. Until then "
                "visitors see the previous version of your page. You get an e-mail when your "
                "changes are published or if the editors ask you to change something."
            ),
        )
    else:
        messages.info(
            request,
            _(
                "What happens next: the city marketing editors check your profile and publish "
                "it. You get an e-mail when it is online or if the editors ask you to change "
                "something."
            ),
        )
    return redirect("wagtailadmin_pages:edit", page.pk)


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


@hooks.register("construct_homepage_panels")
def profile_changes_panel(request, panels):
    from .home_panel import add_panel

    add_panel(request, panels)


@hooks.register("portal_site_search")
def search_businesses(request, query):
    """Businesses in the site search: first when the query names a trade ("Bäcker")."""
    group = page_group(
        request,
        query,
        kind="haendler",
        title=_("Businesses"),
        pages=site_pages(request, MerchantPage).select_related("primary_category"),
        page_types=(MerchantPage,),
        order=10,
        describe=lambda page: page.primary_category.name if page.primary_category else "",
    )
    if group.count:
        if search.matching_categories(query.text, limit=1):
            group.priority = 1
        more_url = search.directory_search_url(request, query.text)
        if more_url:
            group.more_url = more_url
            group.more_label = ngettext(
                "Show the business in the directory",
                "Show all %(count)d businesses in the directory",
                group.count,
            ) % {"count": group.count}
    return group


@hooks.register("portal_site_search")
def search_initiatives(request, query):
    return page_group(
        request,
        query,
        kind="initiativen",
        title=_("Regional initiatives"),
        pages=site_pages(request, InitiativePage),
        page_types=(InitiativePage,),
        order=50,
    )


@hooks.register("portal_search_suggestions", order=10)
def suggest_categories(request, text, limit):
    return search.suggest_categories(request, text, limit)


@hooks.register("portal_search_suggestions", order=20)
def suggest_businesses(request, text, limit):
    return search.suggest_businesses(request, text, limit)


@hooks.register("create_town")
def create_town_directory(site, home, log):
    """A new town's business directory, with its own editors approving profiles."""
    from portal.roles.definitions import EDITORS
    from portal.roles.services import town_group

    index = home.add_child(
        instance=DirectoryIndexPage(
            title="Händler",
            slug="haendler",
            intro=f"Alle Geschäfte, Gastronomie und Dienstleister von {site.site_name}.",
        )
    )
    services.ensure_moderation_workflow(index, town_group(site, EDITORS))
