"""The operator's voucher back office in the Wagtail admin.

One overview page carries everything that is an action rather than a form:
totals and the 12-month volume warning, employer orders awaiting payment
("mark paid"), and the settlement periods (close, SEPA file, mark paid,
statements). Every action is a POST (downloads are GETs that change
nothing) and needs the ``change_voucherprogramme`` permission, which the
"Gutschein-Betreiber" role has (``portal.roles``).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet
from wagtail.models import Site

from portal.roles.services import reaches_every_town
from portal.vouchers import converters, employer_orders, settlement  # noqa: F401
from portal.vouchers.models import EmployerOrder, MerchantStatement, SettlementPeriod
from portal.vouchers.views import statement_response

OPERATOR_PERMISSION = "cityvouchers.change_voucherprogramme"


def is_installation_operator(user):
    """The overview and settlement span every town: a town's own operators have no part."""
    return user.has_perm(OPERATOR_PERMISSION) and reaches_every_town(user)


class OperatorMixin:
    def dispatch(self, request, *args, **kwargs):
        if not is_installation_operator(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class OverviewView(OperatorMixin, TemplateView):
    template_name = "cityvouchers/admin/overview.html"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "towns": settlement.towns_overview(),
            "unpaid_orders": EmployerOrder.objects.filter(
                paid_at__isnull=True, cancelled_at__isnull=True
            ).select_related("employer"),
            "periods": SettlementPeriod.objects.prefetch_related(
                Prefetch("statements", MerchantStatement.objects.select_related("merchant"))
            )[:12],
        }


class MarkOrderPaidView(OperatorMixin, View):
    def post(self, request, pk):
        order = get_object_or_404(EmployerOrder, pk=pk)
        employer_orders.mark_order_paid(order)
        messages.success(
            request,
            _("Order %(number)s marked paid; its vouchers are being issued.")
            % {"number": order.number},
        )
        return redirect("cityvouchers_admin:index")


class PeriodActionView(OperatorMixin, View):
    def post(self, request, pk, action):
        period = get_object_or_404(SettlementPeriod, pk=pk)
        try:
            if action == "close":
                statements = settlement.close_period(period)
                messages.success(
                    request,
                    _("%(period)s closed: %(count)s statements.")
                    % {"period": period.label, "count": len(statements)},
                )
            else:
                settlement.mark_paid(period)
                messages.success(request, _("%(period)s marked paid.") % {"period": period.label})
        except settlement.SettlementError as error:
            messages.error(request, str(error))
        return redirect("cityvouchers_admin:index")


class SepaFileView(OperatorMixin, View):
    def get(self, request, pk):
        period = get_object_or_404(SettlementPeriod, pk=pk)
        town = get_object_or_404(Site, pk=request.GET["stadt"]) if "stadt" in request.GET else None
        try:
            xml = settlement.sepa_transfer_xml(period, site=town)
        except settlement.SettlementError as error:
            messages.error(request, str(error))
            return redirect("cityvouchers_admin:index")
        response = HttpResponse(xml, content_type="application/xml")
        name = "-".join(filter(None, ["sepa-stadtgutschein", town and slugify(town.site_name)]))
        response["Content-Disposition"] = f'attachment; filename="{name}-{period.start:%Y-%m}.xml"'

        return response


class StatementFileView(OperatorMixin, View):
    def get(self, request, pk, fmt):
        statement = get_object_or_404(
            MerchantStatement.objects.select_related("period", "merchant"), pk=pk
        )
        return statement_response(statement, fmt)


class OperatorMenuItem(MenuItem):
    """Only voucher operators see the overview (a merchant would meet "no access")."""

    def is_shown(self, request):
        return is_installation_operator(request.user)


class OverviewViewSet(ViewSet):
    """Menu entry and URLs of the overview; the model viewsets sit beside it."""

    name = "cityvouchers_admin"
    menu_item_class = OperatorMenuItem
    url_prefix = "stadtgutschein"
    icon = "doc-full"
    menu_label = gettext_lazy("Overview and settlement")

    def get_urlpatterns(self):
        return [
            path("", OverviewView.as_view(), name="index"),
            path("bestellung/<int:pk>/bezahlt/", MarkOrderPaidView.as_view(), name="order_paid"),
            path(
                "zeitraum/<int:pk>/abschliessen/",
                PeriodActionView.as_view(),
                {"action": "close"},
                name="period_close",
            ),
            path(
                "zeitraum/<int:pk>/bezahlt/",
                PeriodActionView.as_view(),
                {"action": "paid"},
                name="period_paid",
            ),
            path("zeitraum/<int:pk>/sepa.xml", SepaFileView.as_view(), name="sepa"),
            path(
                "abrechnung/<int:pk>.<docformat:fmt>",
                StatementFileView.as_view(),
                name="statement",
            ),
        ]
