"""The public page about the city voucher, with the list of accepting businesses."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from portal.home.blocks import ContentStreamBlock
from portal.home.models import BasePage
from portal.towns import in_town, town_for_request

from .programme import AcceptingMerchant, VoucherProgramme


class VoucherInfoPage(BasePage):
    """Explains the voucher, links to buying and checking it, lists where it is accepted.

    The link printed on every voucher ("where can I spend it?") points here.
    """

    intro = models.TextField(_("introduction"), blank=True, max_length=600)
    body = StreamField(ContentStreamBlock(), blank=True, verbose_name=_("content"))
    buy_url = models.CharField(
        _("link to buy"),
        max_length=200,
        blank=True,
        help_text=_(
            "Empty: the programme's voucher product in the shop. Only for another target, "
            "e.g. an external shop."
        ),
    )

    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.ContentPage"]
    max_count_per_parent = 1
    # The acceptance list changes with memberships, not with publishing: never shared.
    shared_routes = ()

    content_panels = BasePage.content_panels + [
        FieldPanel("intro"),
        FieldPanel("buy_url"),
        FieldPanel("body"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    class Meta:
        verbose_name = _("city voucher page")
        verbose_name_plural = _("city voucher pages")

    def get_context(self, request, *args, **kwargs):
        from portal.vouchers.selling import buy_url
        from portal.vouchers.shop_views import FreeAmountForm

        context = super().get_context(request, *args, **kwargs)
        town = town_for_request(request)
        context["programme"] = programme = VoucherProgramme.current(town)
        context["buy_link"] = self.buy_url or buy_url(programme)
        if programme and programme.allow_free_amount and programme.seller_id:
            context["free_amount_form"] = FreeAmountForm(programme)
        context["accepting_merchants"] = (
            AcceptingMerchant.objects.active()
            .filter(in_town(town, "merchant"), merchant__live=True)
            .select_related("merchant")
            .order_by("merchant__title")
        )
        return context

    def serve(self, request, *args, **kwargs):
        """A POST chooses a free amount (see ``shop_views.buy_free_amount``)."""
        if request.method == "POST":
            from portal.vouchers.shop_views import buy_free_amount

            return buy_free_amount(request, self)
        return super().serve(request, *args, **kwargs)
