"""Two towns (Altstadt, Neustadt) from the town tests, and people looking at their figures."""

import pytest
from django.contrib.auth import get_user_model
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
