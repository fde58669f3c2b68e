"""The concerns page in the tree and the editor, and the demo step."""

import pytest
from django.urls import reverse

from portal.concerns import demo
from portal.concerns.models import Concern, ConcernIndexPage, Office, Open311ApiKey, Topic
from portal.home import demo as home_demo
from portal.home.factories import ContentPageFactory
from portal.home.models import ContentPage, HomePage

pytestmark = pytest.mark.django_db


def test_concerns_page_sits_once_under_a_home_page(home_page, concern_page):
    assert ConcernIndexPage.allowed_parent_page_models() == [HomePage]
    assert ConcernIndexPage.allowed_subpage_models() == []
    assert not ConcernIndexPage.can_create_at(home_page)  # one per home page
    assert not ConcernIndexPage.can_create_at(ContentPageFactory(parent=home_page))


def test_concerns_page_opens_in_the_editor(client, superuser, concern_page):
    client.force_login(superuser)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[concern_page.pk]))
    assert response.status_code == 200
    assert "Kartenmitte Breitengrad" in response.content.decode()


def test_demo_step_replaces_the_placeholder_and_runs_twice_without_duplicates(home_page):
    ContentPageFactory(parent=home_page, slug="anliegen", title="Anliegen")
    home_demo.LOGINS.clear()
    lines = []
    demo.build(home_page, lines.append)
    counts = [
        model.objects.count()
        for model in (Concern, Office, Topic, Open311ApiKey, ConcernIndexPage, ContentPage)
    ]
    demo.build(home_page, lines.append)
    assert counts == [
        model.objects.count()
        for model in (Concern, Office, Topic, Open311ApiKey, ConcernIndexPage, ContentPage)
    ]
    assert counts[:5] == [12, 4, 7, 1, 1]
    page = home_page.get_children().get(slug="anliegen").specific
    assert isinstance(page, ConcernIndexPage)
    assert len(set(Concern.objects.values_list("status", flat=True))) == 4
    staff = Office.objects.get(name="Tiefbauamt").staff.get()
    assert staff.username == "sachbearbeitung"
    logins = [login for login in home_demo.LOGINS if login.username == "sachbearbeitung"]
    assert len({login.password for login in logins}) == 2  # a fresh password each run
