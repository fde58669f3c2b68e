"""The voucher app in Wagtail: back office, profile flag, shop order page, demo data.

Programme, acceptance network and employers are edited with model
viewsets; vouchers are read-only there (they change only through the
services: issuing, redeeming, cancelling). Actions live on the overview
page (``admin_views``). Saving a business profile puts its "accepts the
city voucher" flag back to what the network says (see ``signals``). The
shop's order page shows the vouchers of an order (``shop_checkout_status``).
"""

from django.contrib import messages
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from portal.vouchers.admin_views import OverviewViewSet
from portal.vouchers.models import (
    AcceptingMerchant,
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


class ProgrammeViewSet(ModelViewSet):
    name = "cityvouchers_programme"
    url_prefix = "stadtgutschein/programm"
    model = VoucherProgramme
    icon = "tag"
    menu_label = _("Programme")
    list_display = ["name", "denominations", "active"]


class NetworkViewSet(ModelViewSet):
    name = "cityvouchers_network"
    url_prefix = "stadtgutschein/akzeptanznetz"
    model = AcceptingMerchant
    icon = "group"
    menu_label = _("Acceptance network")
    list_display = ["merchant", "contract_date", "suspended", "iban"]
    list_filter = ["suspended"]
    search_fields = ["merchant__title", "account_holder"]


class VoucherViewSet(ModelViewSet):
    name = "cityvouchers_vouchers"
    url_prefix = "stadtgutschein/gutscheine"
    model = Voucher
    icon = "tag"
    menu_label = _("Vouchers")
    inspect_view_enabled = True
    list_display = ["short_code_display", "value", "balance", "status", "valid_until", "issued_at"]
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


class EmployerViewSet(ModelViewSet):
    name = "cityvouchers_employers"
    url_prefix = "stadtgutschein/arbeitgeber"
    model = Employer
    icon = "site"
    menu_label = _("Employers")
    list_display = ["name", "city", "contact_email"]
    search_fields = ["name"]
    form_fields = ["name", "street", "postcode", "city", "vat_id", "contact_email", "users"]


class EmployerOrderViewSet(ModelViewSet):
    name = "cityvouchers_employer_orders"
    url_prefix = "stadtgutschein/bestellungen"
    model = EmployerOrder
    icon = "list-ul"
    menu_label = _("Employer orders")
    inspect_view_enabled = True
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
    )


@hooks.register("register_admin_viewset")
def register_voucher_admin():
    return VoucherAdminGroup()


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def keep_acceptance_flag(request, page):
    """The flag is the network's: put it back, and say so if the merchant tried to change it."""
    from portal.directory.models import MerchantPage
    from portal.vouchers.redemption import is_accepting
    from portal.vouchers.signals import sync_directory_flag

    if not isinstance(page.specific_deferred, MerchantPage):
        return
    sync_directory_flag(page.pk)
    # The profile form always has the box: absent from the POST means unticked.
    ticked = request.POST.get("accepts_city_voucher") in ("on", "true", "1")
    if ticked != is_accepting(page):
        messages.warning(
            request,
            _(
                "Whether a business accepts the city voucher is set by the city marketing "
                "from the acceptance network; your change of this box was not saved. "
                "Please contact the city marketing to join the network."
            ),
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
