"""Admin of the federation (sources, runs, entries), the "Jetzt abrufen" action, the
state portal's initiative cards and the demo step.

Only installation-wide users holding ``federation.manage_federation`` see or
open any of it (``services.may_manage``): the permission policy hides the menu
and refuses every view, and the views refuse a town-confined user even if a
group gave that user the permission.
"""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets.button import ListingButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from portal.home.admin_display import PortalInspectView, yes_no
from portal.roles.towns import InstallationOnlyViewSet

from . import admin_views, services
from .admin_forms import HarvestedEntryForm, SourceForm
from .models import HarvestedEntry, HarvestRun, Source


class FederationPolicy(ModelPermissionPolicy):
    """The federation permission and every town decide; ``actions`` limits what exists."""

    def __init__(self, model, actions):
        super().__init__(model)
        self.actions = set(actions)

    def user_has_permission(self, user, action):
        return action in self.actions and services.may_manage(user)

    def user_has_any_permission(self, user, actions):
        return bool(self.actions & set(actions)) and services.may_manage(user)


register_permission_policy(Source, FederationPolicy(Source, {"add", "change", "delete", "view"}))
register_permission_policy(HarvestRun, FederationPolicy(HarvestRun, {"view"}))
register_permission_policy(HarvestedEntry, FederationPolicy(HarvestedEntry, {"change", "view"}))


class SourceIndexView(IndexView):
    def get_list_buttons(self, instance):
        return [
            ListingButton(
                _("Fetch now"),
                url=reverse("federation_harvest_now", args=[instance.pk]),
                icon_name="download",
                priority=5,
            ),
            *super().get_list_buttons(instance),
        ]


class SourceViewSet(InstallationOnlyViewSet, ModelViewSet):
    model = Source
    icon = "download"
    menu_label = _("Sources")
    url_namespace = "federation_sources"
    url_prefix = "federation/quellen"
    add_to_admin_menu = False
    index_view_class = SourceIndexView
    list_display = [
        "name",
        "kind",
        yes_no(Source, "active"),
        "interval_hours",
        "csv_filename",
        "last_run_at",
        Column("last_status", label=_("last result")),
    ]
    list_filter = ["kind", "active"]
    search_fields = ["name", "url"]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldRowPanel([FieldPanel("kind"), FieldPanel("active")]),
            FieldPanel("url"),
            FieldPanel("csv_upload"),
            FieldRowPanel([FieldPanel("default_region"), FieldPanel("interval_hours")]),
        ],
        base_form_class=SourceForm,
    )


class HarvestRunViewSet(InstallationOnlyViewSet, ModelViewSet):
    model = HarvestRun
    icon = "history"
    menu_label = _("Harvest runs")
    url_namespace = "federation_runs"
    url_prefix = "federation/abrufe"
    add_to_admin_menu = False
    inspect_view_enabled = True
    inspect_view_class = PortalInspectView
    list_display = [
        "source",
        "started_at",
        yes_no(HarvestRun, "succeeded"),
        "created",
        "updated",
        "unchanged",
        "withdrawn",
        "status",
    ]
    list_filter = ["source", "succeeded"]
    form_fields = ["status"]
    inspect_view_fields = [
        "source",
        "started_at",
        "finished_at",
        "succeeded",
        "created",
        "updated",
        "unchanged",
        "withdrawn",
        "status",
        "errors",
    ]


class HarvestedEntryViewSet(InstallationOnlyViewSet, ModelViewSet):
    model = HarvestedEntry
    icon = "list-ul"
    menu_label = _("Harvested entries")
    url_namespace = "federation_entries"
    url_prefix = "federation/eintraege"
    add_to_admin_menu = False
    list_display = ["name", "kind", "source", "city", "region", "last_seen", "withdrawn_at"]
    list_filter = ["source", "kind", "region"]
    search_fields = ["name", "city", "identifier"]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("kind"), FieldPanel("name")]),
            MultiFieldPanel(
                [
                    FieldPanel("street"),
                    FieldRowPanel([FieldPanel("postcode"), FieldPanel("city")]),
                    FieldPanel("region"),
                    FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
                ],
                heading=_("Address"),
            ),
            MultiFieldPanel(
                [FieldPanel("phone"), FieldPanel("email"), FieldPanel("url")],
                heading=_("Contact"),
            ),
            FieldPanel("opening_hours"),
            FieldPanel("description"),
            FieldPanel("categories"),
            FieldRowPanel(
                [
                    FieldPanel("delivery"),
                    FieldPanel("pickup"),
                    FieldPanel("phone_orders"),
                    FieldPanel("online_shop"),
                ]
            ),
            MultiFieldPanel([FieldPanel("release_locks")], heading=_("Fields fixed by hand")),
        ],
        base_form_class=HarvestedEntryForm,
    )

    def get_queryset(self, request):
        return HarvestedEntry.objects.select_related("source", "region")


class FederationGroup(ModelViewSetGroup):
    items = (SourceViewSet, HarvestRunViewSet, HarvestedEntryViewSet)
    menu_label = _("Federation")
    menu_icon = "download"
    menu_order = 330


@hooks.register("register_admin_viewset")
def register_viewsets():
    return FederationGroup()


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "federation/quellen/<int:pk>/abrufen/",
            admin_views.harvest_now,
            name="federation_harvest_now",
        )
    ]


@hooks.register("state_initiative_cards")
def harvested_initiative_cards(*args, **kwargs):
    """Harvested initiatives (not withdrawn) as cards for the state portal's map."""
    from .cards import initiative_cards

    return initiative_cards()


@hooks.register("build_demo_town", order=110)
def build_demo(home, log):
    """After the state portal's step (order 100): a demo cooperative's CSV, harvested once."""
    from .demo import build

    build(home, log)
