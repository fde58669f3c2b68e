"""The figures page runs as many queries for ten towns and two years as for one town and a month."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Page, Site

from portal.concerns import factories as concern_factories
from portal.concerns.models import Topic
from portal.directory import factories as directory_factories
from portal.directory.models import DirectoryIndexPage
from portal.home.new_town import add_town
from portal.shop.defaults import create_defaults
from portal.shop.factories import product_for, shop_for
from portal.vouchers import factories as voucher_factories
from portal.vouchers.models import VoucherProgramme
from tests.figures.conftest import month_start

# Every section's queries plus the admin's own (session, user, menu, ...).
BUDGET = 36


def populate(number):
    """A town with a business, its shop, a concern and a voucher."""
    name = f"Stadt {number}"
    site = add_town(name, f"stadt{number}.test", default=number == 0)
    index = DirectoryIndexPage.objects.child_of(site.root_page).get()
    merchant = directory_factories.MerchantPageFactory(parent=index, title=f"Laden {number}")
    product_for(shop_for(merchant))
    concern_factories.ConcernFactory(topic=Topic.objects.get(site=site))
    voucher_factories.VoucherFactory(batch__programme=VoucherProgramme.objects.get(site=site))
    return site


def count_queries(client, query):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("figures:index"), query)
    assert response.status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_towns_or_months(
    client, db, superuser, django_assert_max_num_queries
):
    Site.objects.all().delete()
    Page.objects.filter(depth__gt=1).delete()
    create_defaults()
    populate(0)
    client.force_login(superuser)
    client.get(reverse("figures:index"))  # warm the admin's caches
    one_month = {"start": f"{month_start(0):%Y-%m}", "end": f"{month_start(0):%Y-%m}"}
    two_years = {"start": f"{month_start(23):%Y-%m}", "end": f"{month_start(0):%Y-%m}"}
    one_town = count_queries(client, one_month)
    assert count_queries(client, two_years) == one_town

    for number in range(1, 10):
        populate(number)
    client.get(reverse("figures:index"))

    assert Site.objects.count() == 10
    assert count_queries(client, one_month) == one_town
    assert count_queries(client, two_years) == one_town
    with django_assert_max_num_queries(BUDGET):
        client.get(reverse("figures:index"), two_years)
