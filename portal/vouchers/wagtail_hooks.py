"""The voucher app in Wagtail: back office, till link, shop order page, demo data.

Programme, acceptance network and employers are edited with model
viewsets; vouchers are read-only there (they change only through the
services: issuing, redeeming, cancelling). Actions live on the overview
page (``admin_views``). Accepting merchants get their own entry with their
redemptions, statements and payout account, and the latest redemptions on
the admin home (``merchant_admin``). The profile's "accepts the city voucher" flag is
set by ``acceptance``, never in the profile form. The shop's order page
shows the vouchers of an order (``shop_checkout_status``).
"""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from portal.home.admin_display import PortalInspectView, yes_no
from portal.roles.towns import InstallationOnlyViewSet, TownScopedViewSet
from portal.vouchers import coupon_admin, merchant_admin
from portal.vouchers.admin_views import OverviewViewSet
from portal.vouchers.models import (
    AcceptingMerchant,
    Coupon,
    Employer,
    EmployerOrder,
    Voucher,
    VoucherProgramme,
)


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """View only: changes go through the services, never through a form."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, "view")


register_permission_policy(Voucher, ReadOnlyPermissionPolicy(Voucher))
register_permission_policy(EmployerOrder, ReadOnlyPermissionPolicy(EmployerOrder))
register_permission_policy(Coupon, coupon_admin.CouponPolicy(Coupon))


class ProgrammeViewSet(TownScopedViewSet, ModelViewSet):
    name = "cityvouchers_programme"
    url_prefix = "stadtgutschein/programm"
    model = VoucherProgramme
    icon = "tag"
    menu_label = _("Programme")
    list_display = ["name", "denominations", yes_no(VoucherProgramme, "active")]


class NetworkViewSet(TownScopedViewSet, ModelViewSet):
    town_field = "page:merchant"
    name = "cityvouchers_network"
    url_prefix = "stadtgutschein/akzeptanznetz"
    model = AcceptingMerchant
    icon = "group"
    menu_label = _("Acceptance network")
    list_display = ["merchant", "contract_date", yes_no(AcceptingMerchant, "suspended"), "iban"]
    list_filter = ["suspended"]
    search_fields = ["merchant__title", "account_holder"]


class VoucherViewSet(TownScopedViewSet, ModelViewSet):
    town_field = "programme__site"
    name = "cityvouchers_vouchers"
    url_prefix = "stadtgutschein/gutscheine"
    model = Voucher
    icon = "tag"
    menu_label = _("Vouchers")
    inspect_view_enabled = True
    inspect_view_class = PortalInspectView
    list_display = [
        Column("short_code_display", label=_("Code"), sort_key="short_code"),
        "value",
        "balance",
        "status",
        "valid_until",
        "issued_at",
    ]
    list_filter = ["status"]
    search_fields = ["short_code"]
    inspect_view_fields = [
        "short_code",
        "value",
        "balance",
        "status",
        "issued_at",
        "valid_until",
        "cancelled_at",
        "cancel_reason",
        "batch",
    ]

    exclude_form_fields = []  # never shown: the permission policy allows viewing only


class EmployerViewSet(InstallationOnlyViewSet, ModelViewSet):
    name = "cityvouchers_employers"
    url_prefix = "stadtgutschein/arbeitgeber"
    model = Employer
    icon = "site"
    menu_label = _("Employers")
    list_display = ["name", "city", "contact_email"]
    search_fields = ["name"]
    form_fields = ["name", "street", "postcode", "city", "vat_id", "contact_email", "users"]


class EmployerOrderViewSet(TownScopedViewSet, ModelViewSet):
    name = "cityvouchers_employer_orders"
    town_field = "programme__site"
    url_prefix = "stadtgutschein/bestellungen"
    model = EmployerOrder
    icon = "list-ul"
    menu_label = _("Employer orders")
    inspect_view_enabled = True
    inspect_view_class = PortalInspectView
    list_display = ["number", "employer", "employees", "value_per_employee", "months", "paid_at"]
    search_fields = ["number", "employer__name"]

    exclude_form_fields = []  # never shown: the permission policy allows viewing only


class VoucherAdminGroup(ViewSetGroup):
    menu_label = _("City voucher")
    menu_icon = "tag"
    menu_order = 250
    items = (
        OverviewViewSet,
        ProgrammeViewSet,
        NetworkViewSet,
        VoucherViewSet,
        EmployerViewSet,
        EmployerOrderViewSet,
        coupon_admin.CouponReviewViewSet,
        coupon_admin.CouponBookViewSet,
        coupon_admin.CouponCampaignViewSet,
        coupon_admin.FiguresViewSet,
    )


@hooks.register("register_admin_viewset")
def register_voucher_admin():
    return VoucherAdminGroup()


@hooks.register("register_admin_viewset")
def register_merchant_admin():
    return merchant_admin.MerchantVoucherViewSet()


@hooks.register("register_admin_viewset")
def register_merchant_coupons():
    return coupon_admin.MerchantCouponViewSet()


@hooks.register("register_admin_menu_item")
def merchant_campaigns_menu_item():
    return coupon_admin.OwnerMenuItem(
        _("My coupons in campaigns"),
        reverse("coupons_merchant:campaigns"),
        name="coupon_campaigns_merchant",
        icon_name="calendar",
        order=266,
    )


@hooks.register("portal_page_sections")
def profile_coupons(request, page):
    """A business's free coupons on its profile page."""
    from portal.directory.models import MerchantPage
    from portal.vouchers.coupon_views import profile_section

    return profile_section(request, page) if isinstance(page, MerchantPage) else ""


@hooks.register("shop_checkout_status")
def order_coupon_books(request, checkout, orders):
    """Links to the coupon books the orders bought (one query however many orders)."""
    from portal.vouchers.coupon_selling import copies_for_orders

    by_order = copies_for_orders(orders)
    return {
        order.pk: render_to_string(
            "cityvouchers/includes/order_coupon_books.html",
            {"copies": by_order[order.number]},
            request=request,
        )
        for order in orders
        if by_order.get(order.number)
    }


@hooks.register("shop_voucher_unusable")
def coupon_code_unusable(voucher):
    from portal.vouchers import coupon_online

    return coupon_online.unusable_message(voucher)


@hooks.register("construct_homepage_panels")
def redemptions_home_panel(request, panels):
    merchant_admin.add_panel(request, panels)


class TillMenuItem(MenuItem):
    """For owners and staff of a business in the acceptance network."""

    def is_shown(self, request):
        from portal.vouchers.views import memberships_for

        return bool(memberships_for(request.user))


@hooks.register("register_admin_menu_item")
def till_menu_item():
    return TillMenuItem(
        _("Redeem voucher"), reverse("cityvouchers:redeem"), icon_name="tick", order=140
    )


@hooks.register("shop_checkout_status")
def order_vouchers(request, checkout, orders):
    """Each order's vouchers on the customer's order page (the only place codes are shown)."""
    from portal.vouchers import shop_views

    return {
        order.pk: render_to_string(
            "cityvouchers/includes/order_vouchers.html", context, request=request
        )
        for order, context in shop_views.order_contexts(checkout, orders)
    }


@hooks.register("build_demo_town", order=100)
def build_demo(home, log):
    """Runs after the directory's demo step (order 100), so its businesses exist."""
    from portal.vouchers.demo import build

    build(home, log)


@hooks.register("build_demo_town", order=110)
def build_coupon_demo(home, log):
    """After the voucher step: the operator's shop sells the coupon book."""
    from portal.vouchers.coupon_demo import build

    build(home, log)


@hooks.register("shop_refund_on_cancel")
def refund_bought_vouchers_only(order):
    """A cancelled order that bought vouchers refunds only the unused ones.

    ``selling.cancel_order_vouchers`` (on the same cancellation) cancels
    them and books their refund; used vouchers stay paid. Orders without
    issued vouchers are left to the shop (``None``).
    """
    from portal.vouchers import selling

    return 0 if selling.batch_for(order) is not None else None


@hooks.register("create_town")
def create_town_voucher(site, home, log):
    """A new town's voucher page and its own programme (sold once the operator picks a seller)."""
    from portal.vouchers.models import VoucherInfoPage, VoucherProgramme

    home.add_child(
        instance=VoucherInfoPage(
            title="Stadtgutschein",
            slug="gutscheine",
            intro=f"Der Gutschein, der das Geld in {site.site_name} hält.",
        )
    )
    VoucherProgramme.objects.create(site=site, name=f"Stadtgutschein {site.site_name}")
