"""The city voucher for accepting merchants, in the Wagtail admin.

One page per merchant user: its businesses' participation and payout
account, the redemptions of a month (with a CSV download) and the monthly
statements (PDF and CSV); beside it the form for the payout account. Every
row comes from the businesses the user manages (``merchant_pages_for_user``);
another business's statement or account answers 404. The till itself
(redeeming) stays on the public site, where staff use it on a phone.

Registered in ``wagtail_hooks`` as its own menu entry, shown only to members
of the acceptance network; the admin home gets the latest redemptions as a
panel (``RedemptionsPanel``).
"""

import datetime

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from portal import spreadsheets
from portal.directory.services import merchant_pages_for_user
from portal.vouchers import converters, settlement  # noqa: F401  (converters: <docformat:>)
from portal.vouchers.forms import BankDetailsForm
from portal.vouchers.models import AcceptingMerchant, SettlementEntry

HOME_REDEMPTIONS = 5


def memberships_for(user):
    """Network memberships of the businesses ``user`` manages (any state)."""
    return AcceptingMerchant.objects.filter(merchant__in=merchant_pages_for_user(user))


def bank_memberships_for(user):
    """Memberships whose payout account ``user`` may see and change."""
    return memberships_for(user)


def entries_for(user):
    return SettlementEntry.objects.filter(merchant__in=merchant_pages_for_user(user))


def is_network_member(user):
    cached = getattr(user, "_portal_voucher_member", None)
    if cached is None:
        cached = user.is_authenticated and memberships_for(user).exists()
        user._portal_voucher_member = cached
    return cached


class MonthForm(forms.Form):
    month = forms.DateField(
        label=gettext_lazy("Month"),
        input_formats=["%Y-%m"],
        widget=forms.DateInput(format="%Y-%m", attrs={"type": "month"}),
        required=False,
    )


def month_bounds(month):
    start = month.replace(day=1)
    end = (start + datetime.timedelta(days=32)).replace(day=1)
    tz = timezone.get_current_timezone()
    return (
        datetime.datetime.combine(start, datetime.time.min, tzinfo=tz),
        datetime.datetime.combine(end, datetime.time.min, tzinfo=tz),
    )


class MemberMixin:
    def dispatch(self, request, *args, **kwargs):
        if not is_network_member(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class OverviewView(MemberMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "cityvouchers/admin/merchant.html"
    page_title = gettext_lazy("City voucher: my redemptions")
    header_icon = "tag"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get(self, request, *args, **kwargs):
        form = MonthForm(request.GET or None)
        month = timezone.localdate().replace(day=1)
        if form.is_valid() and form.cleaned_data["month"]:
            month = form.cleaned_data["month"]
        start, end = month_bounds(month)
        entries = (
            entries_for(request.user)
            .filter(booked_at__gte=start, booked_at__lt=end)
            .select_related("redemption", "merchant")
            .order_by("-booked_at", "-pk")
        )
        if request.GET.get("download") == "csv":
            return spreadsheets.csv_response(
                f"gutschein-einloesungen-{month:%Y-%m}", redemption_rows(entries)
            )
        entries = list(entries)
        return self.render_to_response(
            self.get_context_data(
                form=form,
                month=month,
                entries=entries,
                total=sum(entry.amount for entry in entries),
                memberships=memberships_for(request.user).select_related("merchant"),
                statements=settlement.statements_for_user(request.user)
                .select_related("period", "merchant")
                .order_by("-period__start", "merchant__title"),
            )
        )


def redemption_rows(entries):
    yield [_("Date"), _("Receipt number"), _("Order"), _("Business"), _("Amount (EUR)")]
    for entry in entries:
        yield [
            entry.booked_at,
            entry.redemption.receipt_number,
            entry.order_reference,
            entry.merchant.title,
            entry.amount,
        ]


class BankDetailsView(MemberMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "cityvouchers/admin/bank_details.html"
    page_title = gettext_lazy("Payout account")
    header_icon = "tag"

    def dispatch(self, request, pk):
        self.membership = get_object_or_404(
            bank_memberships_for(request.user).select_related("merchant"), pk=pk
        )
        return super().dispatch(request, pk)

    def get_page_subtitle(self):
        return self.membership.merchant.title

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("cityvouchers_merchant:index"), "label": _("My redemptions")},
            {"url": "", "label": self.page_title},
        ]

    def get(self, request, pk):
        form = BankDetailsForm(instance=self.membership)
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, pk):
        form = BankDetailsForm(request.POST, instance=self.membership)
        if form.is_valid():
            form.save()
            messages.success(request, _("Your bank details were saved."))
            return redirect("cityvouchers_merchant:index")
        return self.render_to_response(self.get_context_data(form=form))


def statement_download(request, number, fmt):
    from portal.vouchers.views import statement_response

    statement = get_object_or_404(
        settlement.statements_for_user(request.user).select_related("period", "merchant"),
        number=number,
    )
    return statement_response(statement, fmt)


class MemberMenuItem(MenuItem):
    def is_shown(self, request):
        return is_network_member(request.user)


class MerchantVoucherViewSet(ViewSet):
    """Menu entry "Voucher redemptions" with the merchant's pages."""

    name = "cityvouchers_merchant"
    url_prefix = "stadtgutschein/haendler"
    icon = "tag"
    menu_label = gettext_lazy("Voucher redemptions")
    menu_item_class = MemberMenuItem
    add_to_admin_menu = True
    menu_order = 260

    def get_urlpatterns(self):
        return [
            path("", OverviewView.as_view(), name="index"),
            path("konto/<int:pk>/", BankDetailsView.as_view(), name="bank_details"),
            path(
                "abrechnung/<str:number>.<docformat:fmt>",
                statement_download,
                name="statement",
            ),
        ]


class RedemptionsPanel(Component):
    """The admin home's latest redemptions of the user's businesses."""

    name = "voucher_redemptions"
    order = 30
    template_name = "cityvouchers/admin/home_panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        entries = (
            entries_for(self.request.user)
            .select_related("redemption", "merchant")
            .order_by("-booked_at", "-pk")[:HOME_REDEMPTIONS]
        )
        return {"entries": list(entries)}


def add_panel(request, panels):
    if is_network_member(request.user):
        panels.append(RedemptionsPanel(request))
