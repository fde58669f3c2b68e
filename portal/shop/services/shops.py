"""Opening a merchant's shop and keeping its Oscar partner in step with the profile.

One login serves profile and shop: the members of a profile's team (the
users of its per-merchant group, see ``portal.directory.models.MerchantTeam``)
are the users of the shop's Oscar ``Partner``. ``open_shop`` creates the
partner and copies the members; afterwards a signal handler keeps them equal
whenever a user joins or leaves a team group (``portal.shop.signals``). The
partner's users are who ``portal.shop.access`` lets manage the shop in the
Wagtail admin.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from portal.directory import services as directory
from portal.directory.models import MerchantPage, MerchantTeam
from portal.shop.models import MerchantShop

Partner = get_model("partner", "Partner")


class ShopError(Exception):
    """A shop cannot be opened; the message says why, in the user's language."""


def can_open_shop(user, page):
    """Whether ``user`` may open the shop of ``page`` (its team, or an operator)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser or user.has_perm("shop.add_merchantshop"):
        return True
    return directory.user_manages(user, page)


def open_shop(page, user):
    """Open the shop of a published profile (again: returns the existing shop).

    Raises ``ShopError`` if the profile is not live or ``user`` may not act for it.
    """
    if not can_open_shop(user, page):
        raise ShopError(_("You cannot open a shop for this business."))
    return create_shop(page)


def create_shop(page):
    """Open the shop of ``page`` without asking who does it (demo data, tests, imports).

    Views use ``open_shop``, which checks the user first.
    """
    with transaction.atomic():
        page = MerchantPage.objects.select_for_update().get(pk=page.pk)
        existing = MerchantShop.objects.filter(page=page).first()
        if existing is not None:
            return existing
        if not page.live:
            raise ShopError(_("Publish the business profile first: a shop needs a public profile."))
        partner = Partner.objects.create(name=page.title[:128], code=f"merchant-{page.pk}")
        shop = MerchantShop.objects.create(
            partner=partner,
            page=page,
            offers_pickup=page.offers_pickup or not page.offers_local_delivery,
            offers_delivery=page.offers_local_delivery and bool(page.postcode),
            delivery_postcodes=page.postcode if page.offers_local_delivery else "",
            offers_shipping=page.offers_shipping,
        )
        directory.ensure_team(page)
        sync_partner_users(shop)
    return shop


def team_members(page):
    return get_user_model().objects.filter(groups__merchant_team__page=page)


def sync_partner_users(shop):
    """Make the partner's users exactly the members of the profile's team."""
    if shop.page_id is None:
        shop.partner.users.clear()
        return
    shop.partner.users.set(team_members(shop.page_id))


def sync_user_partners(user):
    """Give ``user`` the shops of exactly the teams it is a member of.

    Partners without a shop (e.g. one the operator sells through) are left alone.
    """
    wanted = set(
        Partner.objects.filter(merchant_shop__page__team__group__user=user).values_list(
            "pk", flat=True
        )
    )
    current = set(user.partners.filter(merchant_shop__isnull=False).values_list("pk", flat=True))
    if wanted != current:
        user.partners.remove(*(current - wanted))
        user.partners.add(*(wanted - current))


def sync_group_members(group_ids):
    """Re-sync the partners of every user in the given (team) groups."""
    teams = MerchantTeam.objects.filter(group_id__in=group_ids, page__shop__isnull=False)
    for team in teams.select_related("page__shop__partner"):
        sync_partner_users(team.page.shop)
