"""Two towns on one installation, each with a business, a shop, news, an event, a
concern, a coupon and a voucher, named so that a leak shows in any listing."""

import datetime
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import Page, Site

from portal.concerns import factories as concern_factories
from portal.directory import factories as directory_factories
from portal.directory.models import DirectoryIndexPage
from portal.home import factories as home_factories
from portal.home.new_town import add_town
from portal.roles.definitions import EDITORS, VOUCHER_OPERATORS
from portal.roles.services import town_group
from portal.shop.defaults import create_defaults
from portal.shop.factories import product_for, shop_for
from portal.vouchers import factories as voucher_factories
from portal.vouchers.models import CouponCampaign, VoucherProgramme


@dataclass
class Town:
    site: Site
    host: str
    name: str
    merchant: object
    product: object
    news: object
    event: object
    concern: object
    topic: object
    coupon: object
    campaign: object
    voucher: object
    editor: object
    operator: object

    @property
    def home(self):
        return self.site.root_page.specific


def build_town(name, host, *, default=False):
    home_factories.root_page()  # a live-server test before this one flushed the tree's root
    site = add_town(name, host, port=80, default=default)
    home = site.root_page
    index = DirectoryIndexPage.objects.child_of(home).get()
    merchant = directory_factories.MerchantPageFactory(
        parent=index,
        title=f"Laden {name}",
        legal_name=f"Laden {name} GmbH",
        legal_address=f"Markt 1, {name}",
        city=name,
    )
    shop = shop_for(merchant, offers_pickup=True)
    product = product_for(shop, title=f"Ware {name}", price="5.00", stock=50)
    news_index = home.get_children().get(slug="aktuelles")
    event_index = home.get_children().get(slug="veranstaltungen")
    news = home_factories.NewsPageFactory(parent=news_index, title=f"Meldung {name}")
    event = home_factories.EventPageFactory(parent=event_index, title=f"Fest {name}")
    topic = concern_factories.TopicFactory(
        office=concern_factories.OfficeFactory(site=site, name=f"Amt {name}"),
        name=f"Thema {name}",
        code=f"thema-{name.lower()}",
    )
    concern = concern_factories.ConcernFactory(topic=topic, description=f"Schlagloch in {name}")
    coupon = voucher_factories.CouponFactory(merchant=merchant, title=f"Rabatt {name}")
    today = timezone.localdate()
    campaign = CouponCampaign.objects.create(
        site=site,
        title=f"Aktionswochen {name}",
        slug="aktionswochen",  # the same address in every town
        valid_from=today - datetime.timedelta(days=1),
        valid_until=today + datetime.timedelta(days=30),
    )
    campaign.coupons.add(coupon)
    programme = VoucherProgramme.objects.get(site=site)
    voucher_factories.AcceptingMerchantFactory(merchant=merchant)
    voucher = voucher_factories.VoucherFactory(batch__programme=programme)
    users = get_user_model().objects
    editor = users.create_user(f"redaktion-{name.lower()}", password="x")
    editor.groups.add(town_group(site, EDITORS))
    operator = users.create_user(f"gutschein-{name.lower()}", password="x")
    operator.groups.add(town_group(site, VOUCHER_OPERATORS))
    return Town(
        site=site,
        host=host,
        name=name,
        merchant=merchant,
        product=product,
        news=news,
        event=event,
        concern=concern,
        topic=topic,
        coupon=coupon,
        campaign=campaign,
        voucher=voucher,
        editor=editor,
        operator=operator,
    )


@pytest.fixture
def towns(db):
    """``(a, b)``: Altstadt (the default town) and Neustadt, built by ``add_town``."""
    Site.objects.all().delete()
    Page.objects.filter(depth__gt=1).delete()
    create_defaults()
    return build_town("Altstadt", "altstadt.test", default=True), build_town(
        "Neustadt", "neustadt.test"
    )
