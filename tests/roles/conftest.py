"""A small town with one person per role: two businesses, each with its owner and till staff.

The groups are the ones the roles' data migration created (a flushed
database gets them back from the definitions, see ``role_group``), so the
tests check the rights a fresh installation really gives.
"""

import datetime
from decimal import Decimal
from functools import cached_property
from types import SimpleNamespace

import pytest
from django.utils import timezone

from portal.concerns import factories as concern_factories
from portal.directory import factories as directory_factories
from portal.directory import services as directory
from portal.home import factories as home_factories
from portal.roles.definitions import ADMINISTRATORS, EDITORS, VOUCHER_OPERATORS
from portal.roles.services import role_group
from portal.vouchers import factories as voucher_factories
from portal.vouchers import settlement
from portal.vouchers.redemption import redeem


def user_in(username, *roles):
    user = home_factories.UserFactory(username=username, email=f"{username}@example.org")
    user.groups.add(*(role_group(name) for name in roles))
    return user


class Town:
    """Businesses ``own`` (of ``owner`` and ``staff``) and ``other``, and one user per role.

    Parts a test may not need (shops, statements, a pending change) are
    built on first use.
    """

    def __init__(self, home):
        self.home = home
        self.site = home.get_site()
        self.directory = directory_factories.DirectoryIndexPageFactory(parent=home)
        directory.ensure_moderation_workflow(self.directory)
        self.news_index = home_factories.NewsIndexPageFactory(parent=home)
        self.programme = voucher_factories.VoucherProgrammeFactory()
        self.own = self._business("Bäckerei Korn", "korn")
        self.other = self._business("Buchladen Seite", "seite")
        office = concern_factories.OfficeFactory(name="Tiefbauamt")
        clerk = home_factories.UserFactory(username="tiefbau", email="tiefbau@example.org")
        office.staff.add(clerk)  # joins the Sachbearbeitung role (concerns.signals)
        self.users = {
            "editor": user_in("redaktion", EDITORS),
            "owner": self.own.owner,
            "staff": self.own.staff,
            "operator": user_in("gutschein", VOUCHER_OPERATORS),
            "clerk": clerk,
            "administrator": user_in("verwaltung", ADMINISTRATORS),
        }

    def _business(self, title, name):
        page = directory_factories.MerchantPageFactory(parent=self.directory, title=title)
        owner = home_factories.UserFactory(username=name, email=f"{name}@example.org")
        staff = home_factories.UserFactory(username=f"kasse-{name}", email=f"kasse@{name}.example")
        directory.add_member(page, owner)
        directory.add_staff(page, staff)
        membership = voucher_factories.AcceptingMerchantFactory(merchant=page)
        team = directory.ensure_team(page)  # read again: ``page.team`` predates the staff group
        return SimpleNamespace(
            page=page, team=team, owner=owner, staff=staff, membership=membership
        )

    def business(self, target):
        return {"own": self.own, "other": self.other}[target]

    @cached_property
    def shops(self):
        from portal.shop.defaults import create_defaults
        from portal.shop.factories import shop_for

        create_defaults()
        for business in (self.own, self.other):
            business.shop = shop_for(business.page, offers_pickup=True)
        return self.own.shop, self.other.shop

    @cached_property
    def ticket_sales(self):
        """An event with tickets of each business, one ticket sold of each."""
        from portal.shop.defaults import create_defaults
        from portal.tickets.factories import ticket_sale
        from tests.tickets.helpers import buy

        create_defaults()
        events = home_factories.EventIndexPageFactory(parent=self.home)
        for business in (self.own, self.other):
            event = home_factories.EventPageFactory(
                parent=events, title=f"Fest {business.page.title}"
            )
            business.sale = ticket_sale(event, business.page, [("Eintritt", "5.00", None)])
            buy(business.sale, ("Eintritt", 1))
            business.ticket = business.sale.tickets.get()
        return self.own.sale, self.other.sale

    @cached_property
    def statements(self):
        """One closed month with a redemption at each business."""
        last_month = timezone.localdate().replace(day=1) - datetime.timedelta(days=10)
        at = timezone.make_aware(datetime.datetime.combine(last_month, datetime.time(12)))
        for business in (self.own, self.other):
            voucher = voucher_factories.VoucherFactory(
                batch__programme=self.programme,
                batch__created_at=at - datetime.timedelta(days=1),
                value=Decimal("25"),
            )
            redeem(voucher, merchant=business.page, at=at)
        statements = settlement.close_period(settlement.period_for(last_month))
        by_page = {statement.merchant_id: statement for statement in statements}
        for business in (self.own, self.other):
            business.statement = by_page[business.page.pk]
        return statements

    def submit_change(self, business, short_description):
        """The business's owner submits a changed profile to the moderation workflow."""
        page = business.page
        page.short_description = short_description
        page.save_revision(user=business.owner)
        page.get_workflow().start(page, business.owner)
        page.refresh_from_db()
        return page.current_workflow_task_state


@pytest.fixture
def town(home_page):
    return Town(home_page)
