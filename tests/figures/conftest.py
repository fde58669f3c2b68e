"""Two towns (Altstadt, Neustadt) from the town tests, and people looking at their figures."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import Page, Site

from portal.roles.definitions import ADMINISTRATORS, MERCHANTS
from portal.roles.services import role_group
from portal.shop.defaults import create_defaults
from tests.towns.conftest import build_town


@pytest.fixture
def towns(db):
    """``(a, b)``: Altstadt (the default town) and Neustadt, built by ``add_town``."""
    Site.objects.all().delete()
    Page.objects.filter(depth__gt=1).delete()
    create_defaults()
    return build_town("Altstadt", "altstadt.test", default=True), build_town(
        "Neustadt", "neustadt.test"
    )


@pytest.fixture
def administrator(db):
    user = get_user_model().objects.create_user("verwaltung", password="x")
    user.groups.add(role_group(ADMINISTRATORS))
    return user


@pytest.fixture
def merchant(towns):
    """The owner of Altstadt's shop: a merchant, who sees no figures."""
    altstadt = towns[0]
    user = get_user_model().objects.create_user("haendlerin", password="x")
    user.groups.add(role_group(MERCHANTS), altstadt.merchant.team.group)
    return user


def month_start(months_ago):
    """The first day of the month ``months_ago`` months before this one."""
    day = timezone.localdate().replace(day=1)
    for _step in range(months_ago):
        day = (day - datetime.timedelta(days=1)).replace(day=1)
    return day


def moment(months_ago, day=2):
    """Noon on ``day`` of the month ``months_ago`` months before this one."""
    return timezone.make_aware(
        datetime.datetime.combine(month_start(months_ago).replace(day=day), datetime.time(12))
    )


def scope_of(*sites, months=3, close_days=14):
    """The figures' scope over ``sites`` (all towns if none) for the last ``months`` months."""
    from portal.figures.forms import months_between
    from portal.figures.registry import Scope
    from portal.figures.towns import figure_towns

    wanted = {site.pk for site in sites}
    towns = [town for town in figure_towns() if not wanted or town.pk in wanted]
    return Scope(
        towns=tuple(towns),
        months=tuple(months_between(month_start(months - 1), month_start(0))),
        all_towns=not wanted,
        close_days=close_days,
    )
