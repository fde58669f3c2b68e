"""The role table as a permission matrix: every role × area and action, allowed and refused.

Each action is tried for real, by HTTP where a person does it (the access
layer for the shop, whose admin views are built on it), and the outcome is
read back from the database or the response: an action counts as allowed
only if it took effect, and a refusal must be an honest one (login, 403,
404 or Wagtail's "no access" redirect, never a 500). Actions of a business
are tried on the user's own business and on another one; the till staff
and the owner belong to ``own``.

``docs/roles.md`` is the same table in words.
"""

import uuid

import pytest
from django.urls import reverse
from wagtail.models import Page

from portal.directory.models import MerchantPage, StaffInvitation
from portal.home.models import NewsPage
from portal.shop import access
from portal.vouchers import coupons
from portal.vouchers import factories as voucher_factories
from portal.vouchers.models import AcceptingMerchant, Coupon, CouponClaim

from .helpers import ROLES, news_form, profile_form

pytestmark = pytest.mark.django_db

EVERYWHERE = {"own", "other"}
OWN = {"own"}
NOWHERE = set()
ACTIONS = {}


def action(name, *, scoped=True, **allowed):
    """Register an action and the targets each role may act on (absent role: nowhere).

    Unscoped actions (not about one business) are tried once, as "own".
    """

    def register(function):
        ACTIONS[name] = (function, scoped, {role: allowed.get(role, NOWHERE) for role in ROLES})
        return function

    return register


def refused(response):
    """A refusal a person can understand: log in, forbidden, not found, or "no access"."""
    assert response.status_code in (302, 403, 404), response.status_code
    return False


def opens(response):
    return response.status_code == 200 or refused(response)


# --------------------------------------------------------------------- profile


@action(
    "profile: open in the editor",
    editor=EVERYWHERE,
    owner=OWN,
    administrator=EVERYWHERE,
)
def open_profile(client, user, town, business):
    return opens(client.get(f"/admin/pages/{business.page.pk}/edit/"))


@action("profile: save a change", editor=EVERYWHERE, owner=OWN, administrator=EVERYWHERE)
def save_profile(client, user, town, business):
    page = business.page
    response = client.post(f"/admin/pages/{page.pk}/edit/", profile_form(page, title="Neuer Name"))
    revision = Page.objects.get(pk=page.pk).get_latest_revision()
    if revision is not None and revision.content["title"] == "Neuer Name":
        return True
    return refused(response)


@action("profile: publish a change", editor=EVERYWHERE, administrator=EVERYWHERE)
def publish_profile(client, user, town, business):
    page = business.page
    form = profile_form(page, title="Sofort online", **{"action-publish": "publish"})
    response = client.post(f"/admin/pages/{page.pk}/edit/", form)
    if MerchantPage.objects.get(pk=page.pk).title == "Sofort online":
        return True
    assert response.status_code in (200, 302, 403, 404)  # an owner's publish saves a draft
    return False


@action("profile: approve a submitted change", editor=EVERYWHERE, administrator=EVERYWHERE)
def approve_profile(client, user, town, business):
    task_state = town.submit_change(business, "Jetzt auch sonntags geöffnet")
    url = reverse(
        "wagtailadmin_pages:workflow_action", args=[business.page.pk, "approve", task_state.pk]
    )
    response = client.post(url, {"comment": ""})
    if MerchantPage.objects.get(pk=business.page.pk).short_description.startswith("Jetzt"):
        return True
    return refused(response)


# ------------------------------------------------------------------------ shop


@action("shop: products, orders, settings", owner=OWN, administrator=EVERYWHERE)
def run_shop(client, user, town, business):
    town.shops  # noqa: B018  (opens both shops)
    return access.partners_for(user).filter(pk=business.shop.partner_id).exists()


@action("shop: pickup handover", owner=OWN, staff=OWN, administrator=EVERYWHERE)
def hand_over(client, user, town, business):
    town.shops  # noqa: B018
    return access.handover_partners_for(user).filter(pk=business.shop.partner_id).exists()


@action("shop: order list with customer data", scoped=False, owner=OWN, administrator=OWN)
def order_list(client, user, town, business):
    town.shops  # noqa: B018
    return opens(client.get(reverse("shop_orders:index")))


@action("shop: pickup desk", scoped=False, owner=OWN, staff=OWN, administrator=OWN)
def pickup_desk(client, user, town, business):
    town.shops  # noqa: B018
    return opens(client.get(reverse("shop_pickup:index")))


# -------------------------------------------------------------------- vouchers


@action("voucher: redeem at the till", owner=OWN, staff=OWN)
def redeem_voucher(client, user, town, business):
    voucher = voucher_factories.VoucherFactory(batch__programme=town.programme)
    response = client.post(
        reverse("cityvouchers:status", args=[voucher.code]),
        {
            "code": voucher.code,
            "idempotency_key": uuid.uuid4().hex,
            "merchant": business.membership.pk,
        },
    )
    if voucher.redemptions.filter(merchant=business.page).exists():
        return True
    # A member choosing a business it does not work for gets the form back.
    assert response.status_code in (200, 302, 403, 404), response.status_code
    return False


@action("voucher: redemptions and statements", owner=OWN)
def see_redemptions(client, user, town, business):
    town.statements  # noqa: B018
    response = client.get(reverse("cityvouchers_merchant:index"))
    if response.status_code == 200:
        return business.statement.number in response.content.decode()
    return refused(response)


@action("export: statement as the business", owner=OWN)
def export_own_statement(client, user, town, business):
    town.statements  # noqa: B018
    url = reverse("cityvouchers_merchant:statement", args=[business.statement.number, "csv"])
    response = client.get(url)
    return response.status_code == 200 and "csv" in response["Content-Type"] or refused(response)


@action("export: statement as the operator", operator=EVERYWHERE, administrator=EVERYWHERE)
def export_statement(client, user, town, business):
    town.statements  # noqa: B018
    url = reverse("cityvouchers_admin:statement", args=[business.statement.pk, "csv"])
    response = client.get(url)
    return response.status_code == 200 and "csv" in response["Content-Type"] or refused(response)


@action("bank details: change as the business", owner=OWN)
def change_bank_details(client, user, town, business):
    membership = business.membership
    client.post(
        reverse("cityvouchers_merchant:bank_details", args=[membership.pk]),
        {"account_holder": "Neues Konto", "iban": "DE89370400440532013000", "bic": ""},
    )
    return AcceptingMerchant.objects.get(pk=membership.pk).account_holder == "Neues Konto"


@action("bank details: acceptance network", operator=EVERYWHERE, administrator=EVERYWHERE)
def open_network_entry(client, user, town, business):
    url = reverse("cityvouchers_network:edit", args=[business.membership.pk])
    return opens(client.get(url))


# --------------------------------------------------------------------- coupons


def business_coupon(town, business):
    return voucher_factories.CouponFactory(merchant=business.page, title="Brezel gratis")


@action("coupon: create and edit as the business", owner=OWN)
def edit_coupon(client, user, town, business):
    coupon = business_coupon(town, business)
    data = {
        "merchant": business.page.pk,
        "title": "Zwei Brezeln gratis",
        "kind": "free_item",
        "benefit": "Zwei Brezeln gratis",
        "channel": "store",
        "valid_from": coupon.valid_from.isoformat(),
        "valid_until": coupon.valid_until.isoformat(),
        "per_person_limit": "1",
        "free": "on",
    }
    response = client.post(reverse("coupons_merchant:edit", args=[coupon.pk]), data)
    if Coupon.objects.get(pk=coupon.pk).title == "Zwei Brezeln gratis":
        return True
    assert response.status_code in (200, 302, 403, 404), response.status_code
    return False


@action("coupon: figures of the business", owner=OWN)
def coupon_figures_of_business(client, user, town, business):
    business_coupon(town, business)
    response = client.get(reverse("coupons_merchant:index"))
    if response.status_code == 200:
        return "Brezel gratis" in response.content.decode()
    return refused(response)


@action("coupon: redeem at the till", owner=OWN, staff=OWN)
def redeem_coupon(client, user, town, business):
    claim = coupons.take(business_coupon(town, business), holder="browser:matrix")
    response = client.post(reverse("cityvouchers:status", args=[claim.code]), {"code": claim.code})
    if CouponClaim.objects.get(pk=claim.pk).status == CouponClaim.Status.REDEEMED:
        return True
    assert response.status_code in (302, 403, 404, 409), response.status_code
    return False


@action(
    "coupon: approve",
    editor=EVERYWHERE,
    operator=EVERYWHERE,
    administrator=EVERYWHERE,
)
def approve_coupon(client, user, town, business):
    coupon = business_coupon(town, business)
    Coupon.objects.filter(pk=coupon.pk).update(status=Coupon.Status.SUBMITTED)
    response = client.post(
        reverse("coupons_review:edit", args=[coupon.pk]), {"status": "approved", "review_note": ""}
    )
    if Coupon.objects.get(pk=coupon.pk).status == Coupon.Status.APPROVED:
        return True
    return refused(response)


@action("coupon books and town figures", scoped=False, operator=OWN, administrator=OWN)
def coupon_books(client, user, town, business):
    return opens(client.get(reverse("coupon_books:add"))) and opens(
        client.get(reverse("coupon_figures:index"))
    )


# ----------------------------------------------------------------------- staff


@action("staff: invite by e-mail", owner=OWN)
def invite_staff(client, user, town, business):
    client.post(
        reverse("directory_staff:index"),
        {"page": business.page.pk, "email": "neu@example.org"},
    )
    return StaffInvitation.objects.filter(team=business.team, email="neu@example.org").exists()


@action("staff: remove", owner=OWN)
def remove_staff(client, user, town, business):
    response = client.post(
        reverse("directory_staff:remove", args=[business.team.pk, business.staff.pk])
    )
    if not business.team.staff.filter(pk=business.staff.pk).exists():
        return True
    return refused(response)


# --------------------------------------------------------------------- tickets


@action(
    "tickets: categories, prices and quotas",
    owner=OWN,
    editor=EVERYWHERE,
    administrator=EVERYWHERE,
)
def manage_ticket_sale(client, user, town, business):
    town.ticket_sales  # noqa: B018
    return opens(client.get(reverse("tickets_admin:edit", args=[business.sale.pk])))


@action("tickets: sales, attendees, cancelling", owner=OWN, administrator=EVERYWHERE)
def ticket_figures(client, user, town, business):
    town.ticket_sales  # noqa: B018
    url = reverse("tickets_admin:attendees", args=[business.sale.pk, "csv"])
    response = client.get(url)
    return response.status_code == 200 and "csv" in response["Content-Type"] or refused(response)


@action("tickets: check in at the door", owner=OWN, staff=OWN)
def check_in_ticket(client, user, town, business):
    town.ticket_sales  # noqa: B018
    response = client.post(
        reverse("tickets:checkin", args=[business.sale.pk]),
        {"code": business.ticket.code, "entrance": "Tür"},
    )
    business.ticket.refresh_from_db()
    if business.ticket.checked_in_at is not None:
        return True
    return refused(response)


@action("tickets: connect an event with its organiser", scoped=False, editor=OWN, administrator=OWN)
def set_up_ticket_sale(client, user, town, business):
    town.ticket_sales  # noqa: B018
    return opens(client.get(reverse("tickets_admin:set_up")))


# --------------------------------------------------- areas of no business


@action("news: publish an article", scoped=False, editor=OWN, administrator=OWN)
def publish_news(client, user, town, business):
    client.post(
        f"/admin/pages/add/home/newspage/{town.news_index.pk}/",
        news_form("Markt zieht um", **{"action-publish": "publish"}),
    )
    return NewsPage.objects.live().filter(title="Markt zieht um").exists()


@action("site settings: edit", scoped=False, editor=OWN, administrator=OWN)
def edit_settings(client, user, town, business):
    return opens(client.get(f"/admin/settings/home/portalsettings/{town.site.pk}/"))


@action("navigation: edit", scoped=False, editor=OWN, administrator=OWN)
def edit_navigation(client, user, town, business):
    return opens(client.get(f"/admin/settings/home/navigationsettings/{town.site.pk}/"))


@action(
    "voucher programme: totals, settlement, SEPA",
    scoped=False,
    operator=OWN,
    administrator=OWN,
)
def voucher_overview(client, user, town, business):
    return opens(client.get(reverse("cityvouchers_admin:index")))


@action("voucher programme: employer orders", scoped=False, operator=OWN, administrator=OWN)
def employer_orders(client, user, town, business):
    return opens(client.get(reverse("cityvouchers_employer_orders:index")))


@action("concerns: the office's queue", scoped=False, clerk=OWN, administrator=OWN)
def concerns_queue(client, user, town, business):
    return opens(client.get(reverse("concerns:queue")))


@action("reports: site history", scoped=False, editor=OWN, administrator=OWN)
def site_history(client, user, town, business):
    return opens(client.get(reverse("wagtailadmin_reports:site_history")))


@action("export: site history", scoped=False, editor=OWN, administrator=OWN)
def export_site_history(client, user, town, business):
    response = client.get(reverse("wagtailadmin_reports:site_history") + "?export=csv")
    return response.status_code == 200 and "csv" in response["Content-Type"] or refused(response)


@action("users and groups", scoped=False, administrator=OWN)
def users_and_groups(client, user, town, business):
    return opens(client.get(reverse("wagtailusers_groups:index")))


CASES = [
    pytest.param(name, role, target, target in allowed[role], id=f"{role}-{name}-{target}")
    for name, (_function, scoped, allowed) in ACTIONS.items()
    for role in ROLES
    for target in (("own", "other") if scoped else ("own",))
]


@pytest.mark.parametrize(("name", "role", "target", "expected"), CASES)
def test_role_may_exactly_what_the_table_says(client, town, name, role, target, expected):
    function, _scoped, _allowed = ACTIONS[name]
    user = town.users[role]
    client.force_login(user)
    assert function(client, user, town, town.business(target)) is expected
