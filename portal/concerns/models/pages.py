"""The page editors place to receive concerns (demo: ``/anliegen/``).

Routes, all answered by this one page:

- ``""``: the form (GET, POST). A valid submission redirects to the private link.
- ``status/<token>/``: the private link with the full status and the history of
  public notes; ``?bestaetigen=<code>`` from the mail confirms the address and
  publishes the concern.
- ``uebersicht/``: the public list and map of published concerns.
"""

from decimal import Decimal

from django.core.paginator import Paginator
from django.db import models
from django.http import Http404
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField

from portal.home.blocks import SIMPLE_RICH_TEXT_FEATURES
from portal.home.models import BasePage
from portal.towns import in_town, town_for_request

from .concerns import Concern, EventAction


class ConcernIndexPage(RoutablePageMixin, BasePage):
    intro = models.TextField(_("introduction"), blank=True, max_length=600)
    privacy_notice = RichTextField(
        _("privacy notice"),
        blank=True,
        features=SIMPLE_RICH_TEXT_FEATURES,
        help_text=_("Shown above the consent checkbox: what happens with the citizen's data."),
    )
    map_latitude = models.DecimalField(
        _("map centre latitude"), max_digits=9, decimal_places=6, default=Decimal("50.937500")
    )
    map_longitude = models.DecimalField(
        _("map centre longitude"), max_digits=9, decimal_places=6, default=Decimal("6.960300")
    )
    map_zoom = models.PositiveSmallIntegerField(_("map zoom"), default=14)

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    # A form and statuses that change without publishing: never shared.
    shared_routes = ()
    max_count_per_parent = 1
    per_page = 20

    content_panels = BasePage.content_panels + [
        FieldPanel("intro"),
        FieldPanel("privacy_notice"),
        MultiFieldPanel(
            [FieldPanel("map_latitude"), FieldPanel("map_longitude"), FieldPanel("map_zoom")],
            heading=_("Map"),
        ),
    ]

    class Meta:
        verbose_name = _("concerns page")
        verbose_name_plural = _("concerns pages")

    @classmethod
    def status_path(cls, concern):
        """Site-relative path of ``concern``'s private link, or None without a live page
        in the concern's town."""
        page = cls.objects.live().filter(in_town(concern.topic.site, "")).first()
        if page is None:
            return None
        parts = page.get_url_parts()
        if not parts or parts[2] is None:
            return None
        return parts[2] + page.reverse_subpage("status", args=[concern.private_token])

    def map_context(self):
        return {
            "latitude": float(self.map_latitude),
            "longitude": float(self.map_longitude),
            "zoom": self.map_zoom,
        }

    @path("")
    def form_route(self, request):
        from portal.concerns import abuse, services
        from portal.concerns.forms import ConcernForm

        if request.method == "POST":
            form = ConcernForm(
                request.POST,
                request.FILES,
                client_ip=abuse.client_ip(request),
                site=town_for_request(request),
            )
            if form.is_valid():
                concern = services.submit_concern(**form.submission(), source="web")
                url = self.url + self.reverse_subpage("status", args=[concern.private_token])
                return redirect(f"{url}?gesendet=1")
        else:
            form = ConcernForm(site=town_for_request(request))
        response = self.render(request, context_overrides={"form": form, "map": self.map_context()})
        if form.is_bound:
            response.status_code = 429 if form.is_rate_limited else 400
        return response

    @path("status/<str:token>/", name="status")
    def status_route(self, request, token):
        from portal.concerns import services

        concern = (
            Concern.objects.select_related("topic", "office", "merged_into")
            .filter(private_token=token, topic__site=town_for_request(request))
            .first()
        )
        if concern is None:
            raise Http404
        own_url = self.url + self.reverse_subpage("status", args=[token])
        code = request.GET.get("bestaetigen")
        if code is not None:
            confirmed = services.confirm_email(concern, code)
            return redirect(f"{own_url}?bestaetigt={1 if confirmed else 0}")
        followed = concern.merged_into or concern
        history = followed.events.filter(
            models.Q(action__in=[EventAction.CREATED, EventAction.CONFIRMED])
            | ~models.Q(status="")
            | ~models.Q(public_note="")
        ).order_by("-created_at", "-pk")
        response = self.render(
            request,
            template="concerns/concern_status.html",
            context_overrides={
                "concern": concern,
                "followed": followed,
                "history": history,
                "own_url": request.build_absolute_uri(own_url),
                "just_sent": "gesendet" in request.GET,
                "confirmed": request.GET.get("bestaetigt"),
            },
        )
        # A private page: never cached by proxies, never indexed.
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    @path("uebersicht/", name="list")
    def list_route(self, request):
        from portal.concerns.forms import ListFilterForm

        town = town_for_request(request)
        filters = ListFilterForm(request.GET or None, site=town)
        concerns = filters.filter(Concern.objects.listed().filter(topic__site=town))
        concerns = concerns.select_related("topic")
        page = Paginator(concerns.order_by("-created_at", "-id"), self.per_page).get_page(
            request.GET.get("seite")
        )
        markers = [
            {
                "lat": float(concern.latitude),
                "lon": float(concern.longitude),
                "title": f"{concern.tracking_number}: {concern.topic.name}",
                "url": f"#anliegen-{concern.tracking_number}",
            }
            for concern in page.object_list
            if concern.has_location
        ]
        query = request.GET.copy()
        query.pop("seite", None)
        return self.render(
            request,
            template="concerns/concern_list.html",
            context_overrides={
                "filters": filters,
                "concerns_page": page,
                "markers": markers,
                "map": self.map_context(),
                "query_prefix": query.urlencode(),
            },
        )
