"""The directory index: search, filters, distance and map over all profiles."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path

from portal import pagecache
from portal.home.models import BasePage


class DirectoryIndexPage(RoutablePageMixin, BasePage):
    """The business directory of one town (demo slug ``haendler``).

    The index itself lists, searches and filters the profiles below it; its
    other routes (``views.py``) register new merchants, activate them and
    take the staff invitations that owners send.
    """

    intro = models.TextField(_("introduction"), blank=True, max_length=600)
    registration_intro = models.TextField(
        _("text above the registration form"), blank=True, max_length=1000
    )

    parent_page_types = ["home.HomePage"]
    subpage_types = ["directory.MerchantPage"]
    max_count_per_parent = 1
    per_page = 20

    content_panels = BasePage.content_panels + [
        FieldPanel("intro"),
        FieldPanel("registration_intro"),
    ]

    class Meta:
        verbose_name = _("business directory")
        verbose_name_plural = _("business directories")

    @path("")
    def index_route(self, request):
        from portal.directory import finder, hours
        from portal.directory.forms import DirectoryFilterForm

        form = DirectoryFilterForm(request.GET or None)
        if form.is_bound:
            form.is_valid()
        query = form.to_query()
        results = finder.find(self, query)
        results_page = finder.ResultsPaginator(results, self.per_page).get_page(
            request.GET.get("seite")
        )
        similar, suggestion = finder.similar_to(self, query, results_page)
        now = hours.now()
        statuses = {}  # cards share few expressions: evaluate (and word) each once
        items, similar_items = [], []
        for pages, into in ((results_page.object_list, items), (similar, similar_items)):
            for page in pages:
                if page.opening_hours not in statuses:
                    statuses[page.opening_hours] = hours.status(page.opening_hours, now)
                into.append({"page": page, "status": statuses[page.opening_hours]})
        # The cards' "open now" turn at the first change among them.
        changes = [status.next_change for status in statuses.values() if status.next_change]
        pagecache.share_until(request, min(changes, default=None))
        params = request.GET.copy()
        params.pop("seite", None)
        suggestion_params = params.copy()
        suggestion_params["q"] = suggestion or ""
        return self.render(
            request,
            context_overrides={
                "filter_form": form,
                "query": query,
                "results_page": results_page,
                "items": items,
                "similar_items": similar_items,
                "suggestion": suggestion,
                "suggestion_query": suggestion_params.urlencode(),
                "map_markers": [
                    {
                        "title": item["page"].title,
                        "url": item["page"].get_url(request),
                        "lat": item["page"].latitude,
                        "lon": item["page"].longitude,
                        "note": str(item["page"].primary_category or ""),
                    }
                    for item in items + similar_items
                    if item["page"].has_coordinates
                ],
                "query_prefix": params.urlencode(),
            },
        )

    @path("registrieren/", name="register")
    def register_route(self, request):
        from portal.directory import views

        return views.register(request, self)

    @path("registrieren/danke/", name="register_done")
    def register_done_route(self, request):
        from portal.directory import views

        return views.register_done(request, self)

    @path("aktivieren/<str:uidb64>/<str:token>/", name="activate")
    def activate_route(self, request, uidb64, token):
        from portal.directory import views

        return views.activate(request, self, uidb64, token)

    @path("einladung/<str:token>/", name="accept_invitation")
    def accept_invitation_route(self, request, token):
        from portal.directory import views

        return views.accept_invitation(request, self, token)
