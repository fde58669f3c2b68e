"""The state portal's site: ``add_state_portal``, ``is_state_portal``/``town_sites``
and the Landesredaktion's rights."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from wagtail.models import GroupPagePermission, Page, Site, WorkflowPage

from portal.directory.models import DirectoryIndexPage, InitiativeIndexPage
from portal.home.models import ContentPage, EventIndexPage, NewsIndexPage, PortalSettings
from portal.roles.models import TownRole
from portal.roles.services import STATE_EDITORS, town_ids_of
from portal.state.models import StateHomePage
from portal.towns import is_state_portal, town_sites
from portal.vouchers.models import VoucherProgramme

pytestmark = pytest.mark.django_db


def _snapshot():
    return (
        Site.objects.count(),
        Page.objects.count(),
        Group.objects.count(),
        GroupPagePermission.objects.count(),
        WorkflowPage.objects.count(),
    )


def test_add_state_portal_builds_the_site_and_running_it_twice_changes_nothing(towns):
    out = io.StringIO()
    call_command("add_state_portal", "Mecklenburg-Vorpommern", hostname="land.test", stdout=out)
    site = Site.objects.get(hostname="land.test")
    before = _snapshot()

    call_command("add_state_portal", "Mecklenburg-Vorpommern", hostname="land.test", stdout=out)

    assert _snapshot() == before
    assert site.port == 443
    home = site.root_page.specific
    assert isinstance(home, StateHomePage)
    children = {page.slug: type(page.specific) for page in home.get_children()}
    assert children["initiativen"] is InitiativeIndexPage
    assert children["aktuelles"] is NewsIndexPage
    assert children["veranstaltungen"] is EventIndexPage
    assert children["foerderprogramme"] is ContentPage
    assert home.get_children().get(slug="foerderprogramme").title == "Förderprogramme"
    assert PortalSettings.for_site(site).imprint_page.slug == "impressum"
    assert "ist bereit" in out.getvalue()
    # No town steps ran for it: no directory, voucher programme or town groups.
    assert not DirectoryIndexPage.objects.descendant_of(home).exists()
    assert not VoucherProgramme.objects.filter(site=site).exists()
    assert not TownRole.objects.filter(site=site).exists()
    # The initiatives below it go through the Landesredaktion's workflow.
    index = InitiativeIndexPage.objects.child_of(home).get()
    workflow = WorkflowPage.objects.get(page=index).workflow
    approvers = {group.name for task in workflow.tasks.specific() for group in task.groups.all()}
    assert STATE_EDITORS in approvers


def test_a_state_portal_is_no_town(towns, state):
    a, b = towns

    assert is_state_portal(state)
    assert not is_state_portal(a.site)
    assert set(town_sites()) == {a.site, b.site}


def test_a_town_address_is_refused_with_a_german_message(towns):
    with pytest.raises(CommandError, match="gehört schon zu einer Stadt"):
        call_command(
            "add_state_portal",
            "Mecklenburg-Vorpommern",
            "--hostname",
            "altstadt.test",
            "--port",
            "80",
            stdout=io.StringIO(),
        )


def test_landesredaktion_is_installation_wide_and_publishes_only_on_the_state_tree(
    towns, state, state_editor
):
    a, _b = towns
    state_home = state.root_page.specific
    town_news = a.home.get_children().get(slug="aktuelles")

    assert town_ids_of(state_editor) is None
    assert state_home.permissions_for_user(state_editor).can_publish()
    assert (
        state_home.get_children()
        .get(slug="aktuelles")
        .permissions_for_user(state_editor)
        .can_publish_subpage()
    )
    assert not a.home.permissions_for_user(state_editor).can_edit()
    assert not town_news.permissions_for_user(state_editor).can_publish_subpage()
    assert not a.news.permissions_for_user(state_editor).can_publish()
    assert state_editor.has_perm("roles.view_reports")


def test_a_town_editor_cannot_publish_on_the_state_tree(towns, state):
    a, _b = towns
    state_home = state.root_page.specific

    assert a.home.permissions_for_user(a.editor).can_publish()
    assert not state_home.permissions_for_user(a.editor).can_edit()
    index = InitiativeIndexPage.objects.child_of(state_home).get()
    assert not index.permissions_for_user(a.editor).can_publish_subpage()


def test_the_admin_does_not_offer_the_state_portal_as_a_town(client, towns, state):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("chef", "chef@example.org", "x")
    client.force_login(admin)

    response = client.get("/admin/stadtgutschein/programm/new/")

    assert response.status_code == 200
    choices = list(response.context["form"].fields["site"].queryset)
    assert state not in choices
    assert towns[0].site in choices
