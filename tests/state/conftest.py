"""Fixtures of the state portal tests: two towns built by ``add_town``, the state
portal built by ``add_state_portal``, regions, initiatives in each tree, editors."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Page, Site

from portal.directory.models import InitiativeIndexPage, InitiativePage, PostcodeArea, Region
from portal.home.slugs import german_slugify
from portal.roles.services import STATE_EDITORS
from portal.shop.defaults import create_defaults
from portal.state.sites import add_state_portal
from tests.towns.conftest import build_town

STATE_HOST = "land.test"


def add_initiative(index, title, *, region, kind="marketplace", postcode="", **fields):
    area = PostcodeArea.objects.filter(postcode=postcode).first() if postcode else None
    page = InitiativePage(
        title=title,
        slug=german_slugify(title),
        region=region,
        kind=kind,
        short_description=f"Das ist {title}.",
        postcode=postcode,
        latitude=area.latitude if area else None,
        longitude=area.longitude if area else None,
        **fields,
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


def initiative_index(home):
    index = InitiativeIndexPage.objects.child_of(home).first()
    if index is None:
        index = InitiativeIndexPage(title="Initiativen", slug="initiativen")
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


@pytest.fixture
def regions(db):
    return {
        name: Region.objects.get_or_create(slug=slug, defaults={"name": name})[0]
        for name, slug in (
            ("Landkreis Rostock", "landkreis-rostock"),
            ("Vorpommern-Greifswald", "vorpommern-greifswald"),
        )
    }


@pytest.fixture
def towns(db):
    """``(a, b)``: Altstadt (default town) and Neustadt, each with a shop, a voucher
    programme and an initiatives index of its own."""
    Site.objects.all().delete()
    Page.objects.filter(depth__gt=1).delete()
    create_defaults()
    a = build_town("Altstadt", "altstadt.test", default=True)
    b = build_town("Neustadt", "neustadt.test")
    for town in (a, b):
        initiative_index(town.home)
    return a, b


@pytest.fixture
def state(towns):
    """The state portal's site on land.test (port 80)."""
    return add_state_portal("Mecklenburg-Vorpommern", STATE_HOST, port=80)


@pytest.fixture
def state_index(state):
    return InitiativeIndexPage.objects.child_of(state.root_page).get()


@pytest.fixture
def state_editor(state):
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user(
        "ministerium", email="ministerium@land.example", password="passwort-für-tests"
    )
    user.groups.add(Group.objects.get(name=STATE_EDITORS))
    return user
