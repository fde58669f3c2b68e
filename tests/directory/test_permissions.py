"""Permission matrix: a merchant manages its own profile in the Wagtail admin and nothing else."""

import pytest
from wagtail.models import Page, Workflow, WorkflowState

from portal.directory import services
from portal.home.factories import NewsIndexPageFactory

from .helpers import edit_data

pytestmark = pytest.mark.django_db


def denied(response):
    return response.status_code in (302, 403, 404)


def test_merchant_edits_its_own_profile(client, setup):
    page_a, _page_b, merchant_a, _merchant_b = setup
    client.force_login(merchant_a)
    assert client.get(f"/admin/pages/{page_a.pk}/edit/").status_code == 200
    response = client.post(
        f"/admin/pages/{page_a.pk}/edit/", edit_data(page_a, title="Laden Anton & Co")
    )
    assert response.status_code == 302
    assert (
        Page.objects.get(pk=page_a.pk).get_latest_revision().content["title"] == "Laden Anton & Co"
    )


@pytest.mark.parametrize(
    "url",
    [
        "/admin/pages/{b}/edit/",
        "/admin/pages/{b}/edit/preview/",
        "/admin/pages/{b}/move/",
        "/admin/pages/{b}/delete/",
        "/admin/pages/{b}/copy/",
        "/admin/pages/{b}/unpublish/",
        "/admin/pages/{b}/history/",
        "/admin/pages/{b}/revisions/",
        "/admin/pages/{b}/",
        "/admin/pages/add/directory/merchantinfopage/{b}/",
    ],
)
def test_merchant_cannot_open_anything_of_another_merchants_profile(client, setup, url):
    _page_a, page_b, merchant_a, _merchant_b = setup
    client.force_login(merchant_a)
    assert denied(client.get(url.format(b=page_b.pk)))


def test_merchant_cannot_edit_delete_or_move_another_profile_by_post(
    client, setup, directory_index
):
    page_a, page_b, merchant_a, _merchant_b = setup
    client.force_login(merchant_a)
    assert denied(
        client.post(f"/admin/pages/{page_b.pk}/edit/", edit_data(page_b, title="Gekapert"))
    )
    assert denied(client.post(f"/admin/pages/{page_b.pk}/delete/"))
    assert denied(client.post(f"/admin/pages/{page_b.pk}/move/{page_a.pk}/confirm/"))
    page_b.refresh_from_db()
    assert page_b.title == "Laden Berta" and page_b.live
    assert page_b.get_parent().pk == directory_index.pk


def test_merchant_cannot_delete_or_move_even_its_own_profile(client, setup):
    page_a, _page_b, merchant_a, _merchant_b = setup
    services.set_requires_approval(page_a.team, False)
    client.force_login(merchant_a)
    assert denied(client.post(f"/admin/pages/{page_a.pk}/delete/"))
    assert Page.objects.filter(pk=page_a.pk).exists()
    home = page_a.get_parent().get_parent()
    assert denied(client.post(f"/admin/pages/{page_a.pk}/move/{home.pk}/confirm/"))
    assert Page.objects.get(pk=page_a.pk).get_parent().pk == page_a.get_parent().pk


def test_listings_and_search_never_show_another_merchants_profile(client, setup, directory_index):
    page_a, _page_b, merchant_a, _merchant_b = setup
    client.force_login(merchant_a)
    for url in (
        "/admin/",
        "/admin/pages/",
        f"/admin/pages/{directory_index.pk}/",
        "/admin/pages/search/?q=Laden",
        f"/admin/api/main/pages/?child_of={directory_index.pk}",
        "/admin/choose-page/?q=Laden",
        "/admin/reports/site-history/",
    ):
        response = client.get(url)
        assert "Laden Berta" not in response.content.decode(), url
    assert "Laden Anton" in client.get("/admin/pages/search/?q=Laden").content.decode()


def test_merchant_cannot_publish_when_approval_is_required(client, setup):
    page_a, _page_b, merchant_a, _merchant_b = setup
    client.force_login(merchant_a)
    data = edit_data(page_a, title="Ohne Freigabe")
    data["action-publish"] = "action-publish"
    client.post(f"/admin/pages/{page_a.pk}/edit/", data)
    page_a.refresh_from_db()
    assert page_a.title == "Laden Anton"  # live version unchanged

    data = edit_data(page_a, title="Zur Freigabe")
    data["action-submit"] = "Submit"
    client.post(f"/admin/pages/{page_a.pk}/edit/", data)
    state = WorkflowState.objects.get(object_id=str(page_a.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow == Workflow.objects.get(name=services.MODERATION_WORKFLOW)
    page_a.refresh_from_db()
    assert page_a.title == "Laden Anton"


def test_editors_can_let_a_merchant_publish_without_approval(client, setup):
    page_a, _page_b, merchant_a, _merchant_b = setup
    services.set_requires_approval(page_a.team, False)
    client.force_login(merchant_a)
    data = edit_data(page_a, title="Direkt veröffentlicht")
    data["action-publish"] = "action-publish"
    client.post(f"/admin/pages/{page_a.pk}/edit/", data)
    page_a.refresh_from_db()
    assert page_a.title == "Direkt veröffentlicht"


def test_merchant_has_no_access_to_settings_users_or_other_sections(client, setup, home_page):
    _page_a, _page_b, merchant_a, _merchant_b = setup
    news = NewsIndexPageFactory(parent=home_page)
    client.force_login(merchant_a)
    for url in (
        "/admin/users/",
        "/admin/groups/",
        "/admin/sites/",
        "/admin/settings/home/portalsettings/",
        "/admin/settings/home/navigationsettings/",
        "/admin/snippets/directory/category/",
        "/admin/snippets/home/newscategory/",
        "/admin/workflows/list/",
        "/admin/directory/claims/",
        "/admin/directory/import/",
        "/admin/directory_teams/",
        f"/admin/pages/{home_page.pk}/edit/",
        f"/admin/pages/{news.pk}/edit/",
        f"/admin/pages/add/home/newspage/{news.pk}/",
        "/admin/documents/",
        "/shop/dashboard/",
    ):
        assert denied(client.get(url)), url
    menu = client.get("/admin/").content.decode()
    for label in ("Benutzer", "Einstellungen", "Branchenbuch-Import", "Profilübernahmen"):
        assert f">{label}<" not in menu


def test_merchant_only_sees_its_own_images(client, setup):
    from portal.home.factories import ImageFactory

    page_a, page_b, merchant_a, _merchant_b = setup
    ImageFactory(title="Logo Berta", collection=page_b.team.collection)
    ImageFactory(title="Logo Anton", collection=page_a.team.collection)
    client.force_login(merchant_a)
    chooser = client.get("/admin/images/chooser/").content.decode()
    assert "Logo Anton" in chooser
    assert "Logo Berta" not in chooser
