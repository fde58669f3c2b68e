"""Sales reports in the admin: a period's orders, revenue, VAT and best-selling products.

The figures come from ``services.reports`` over ``access.orders_for``; a
merchant with several shops can look at one of them. Each table can be
downloaded as CSV (``portal.spreadsheets``), and so can the period's orders.
"""

import datetime

from django import forms
from django.core.exceptions import PermissionDenied
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.widgets import AdminDateInput

from portal import spreadsheets
from portal.shop import access
from portal.shop.services import reports

from .orders import export_rows, orders_with_details


def month_start(day):
    return day.replace(day=1)


class PeriodForm(forms.Form):
    start = forms.DateField(label=gettext_lazy("From"), widget=AdminDateInput)
    end = forms.DateField(label=gettext_lazy("Until"), widget=AdminDateInput)
    shop = forms.ModelChoiceField(
        label=gettext_lazy("Shop"),
        queryset=None,
        required=False,
        empty_label=gettext_lazy("All my shops"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        shops = access.shops_for(user).select_related("page", "partner")
        self.fields["shop"].queryset = shops
        if len(shops) < 2:
            del self.fields["shop"]

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            raise forms.ValidationError(_("The period ends before it starts."))
        if start and end and (end - start).days > 366 * 3:
            raise forms.ValidationError(_("Choose a period of at most three years."))
        return data


def presets(today):
    last_month_end = month_start(today) - datetime.timedelta(days=1)
    return [
        (_("This month"), month_start(today), today),
        (_("Last month"), month_start(last_month_end), last_month_end),
        (_("Last 7 days"), today - datetime.timedelta(days=6), today),
        (_("This year"), today.replace(month=1, day=1), today),
    ]


class ReportView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "shop/admin/reports.html"
    page_title = gettext_lazy("Sales reports")
    header_icon = "table"

    def dispatch(self, request, *args, **kwargs):
        if not access.is_shop_owner(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get(self, request, *args, **kwargs):
        today = timezone.localdate()
        data = request.GET if "start" in request.GET else None
        form = PeriodForm(
            data, user=request.user, initial={"start": month_start(today), "end": today}
        )
        if data is None:
            start, end, shop = month_start(today), today, None
        elif form.is_valid():
            start, end = form.cleaned_data["start"], form.cleaned_data["end"]
            shop = form.cleaned_data.get("shop")
        else:
            return self.render_to_response(self.get_context_data(form=form, today=today))
        orders = access.orders_for(request.user)
        if shop is not None:
            orders = orders.filter(merchant_order__shop=shop)
        download = request.GET.get("download")
        if download in self.downloads:
            return self.downloads[download](self, orders, start, end)
        report = reports.sales(orders, start, end)
        return self.render_to_response(self.get_context_data(form=form, report=report, today=today))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["presets"] = presets(context["today"])
        context["query"] = self.request.GET.urlencode()
        return context

    def filename(self, name, start, end):
        return f"{name}-{start:%Y-%m-%d}-bis-{end:%Y-%m-%d}"

    def products_csv(self, orders, start, end):
        report = reports.sales(orders, start, end)
        rows = [[_("Product"), _("Article number"), _("Quantity"), _("Revenue (EUR)")]]
        rows += [
            [row["title"], row["partner_sku"], row["quantity"], row["revenue"]]
            for row in report.products
        ]
        return spreadsheets.csv_response(self.filename("produkte", start, end), rows)

    def days_csv(self, orders, start, end):
        report = reports.sales(orders, start, end)
        rows = [[_("Day"), _("Orders"), _("Revenue (EUR)")]]
        rows += [[row["day"], row["count"], row["revenue"]] for row in report.by_day]
        rows += [[], [_("Total"), report.orders, report.revenue]]
        rows += [[]] + [[_("VAT rate (%)"), _("Net (EUR)"), _("VAT (EUR)"), _("Gross (EUR)")]]
        rows += [[row.rate, row.net, row.tax, row.gross] for row in report.vat_rows]
        return spreadsheets.csv_response(self.filename("umsatz", start, end), rows)

    def orders_csv(self, orders, start, end):
        ids = reports.in_period(orders, start, end).values("pk")
        listed = orders_with_details(self.request.user).filter(pk__in=ids).order_by("date_placed")
        return spreadsheets.csv_response(
            self.filename("bestellungen", start, end), export_rows(listed)
        )

    downloads = {"products": products_csv, "days": days_csv, "orders": orders_csv}


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return access.is_shop_owner(request.user)


class ReportViewSet(ViewSet):
    """Menu entry "Sales reports" and its page."""

    name = "shop_reports"
    url_prefix = "shop/auswertungen"
    icon = "table"
    menu_label = gettext_lazy("Sales reports")
    menu_item_class = ReportMenuItem

    def get_urlpatterns(self):
        return [path("", ReportView.as_view(), name="index")]
