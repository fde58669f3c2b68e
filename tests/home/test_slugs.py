"""German titles give readable slugs: Wagtail pages (server and admin script) and Oscar products."""

import re

import pytest
from playwright.sync_api import expect
from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, streamfield

from portal.home import factories
from portal.home.models import ContentPage
from portal.home.slugs import german_slugify


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Straße der Saison", "strasse-der-saison"),
        ("Bürgerbüro", "buergerbuero"),
        ("Öffnungszeiten & Anfahrt", "oeffnungszeiten-anfahrt"),
        ("ÄRZTE IM ÜBERBLICK", "aerzte-im-ueberblick"),
        ("Café Grüne Oase", "cafe-gruene-oase"),
    ],
)
def test_german_titles_become_readable_ascii_slugs(title, slug):
    assert german_slugify(title) == slug


@pytest.mark.django_db
def test_a_page_created_without_slug_gets_the_german_one(home_page):
    page = home_page.add_child(instance=ContentPage(title="Straße der Saison"))
    assert page.slug == "strasse-der-saison"
    second = home_page.add_child(instance=ContentPage(title="Straße der Saison"))
    assert second.slug == "strasse-der-saison-2"


def add_page_data(title, slug):
    return nested_form_data({"title": title, "slug": slug, "intro": "", "body": streamfield([])})


@pytest.mark.django_db
@pytest.mark.parametrize("posted_slug", ["", "burgerburo", "bürgerbüro"])
def test_admin_add_view_stores_the_german_slug_when_empty_or_plainly_generated(
    client, superuser, home_page, posted_slug
):
    client.force_login(superuser)
    response = client.post(
        f"/admin/pages/add/home/contentpage/{home_page.pk}/",
        add_page_data("Bürgerbüro", posted_slug),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Page.objects.get(title="Bürgerbüro").slug == "buergerbuero"


@pytest.mark.django_db
def test_a_chosen_slug_and_a_published_pages_slug_are_kept(client, superuser, home_page):
    client.force_login(superuser)
    client.post(
        f"/admin/pages/add/home/contentpage/{home_page.pk}/",
        add_page_data("Bürgerbüro", "rathaus-service"),
    )
    assert Page.objects.get(title="Bürgerbüro").slug == "rathaus-service"
    published = home_page.add_child(
        instance=ContentPage(title="Bäckerei", slug="bakery", live=True)
    )
    published.save_revision().publish()
    Page.objects.filter(pk=published.pk).update(slug="backerei")  # from before this rule
    published.refresh_from_db()
    published.title = "Bäckerei am Markt"
    published.full_clean()
    assert published.slug == "backerei"


@pytest.mark.django_db
def test_admin_slug_field_carries_the_german_replacements_for_the_script(
    client, superuser, home_page
):
    client.force_login(superuser)
    html = client.get(f"/admin/pages/add/home/contentpage/{home_page.pk}/").content.decode()
    slug_input = re.search(r"<input[^>]*id=\"id_slug\"[^>]*>", html).group(0)
    assert 'data-controller="w-slug"' in slug_input
    assert "data-w-slug-formatters-value=" in slug_input
    assert "ue" in slug_input and "ss" in slug_input
    assert 'data-w-slug-allow-unicode-value="True"' not in slug_input


@pytest.mark.django_db
def test_oscar_products_get_german_slugs():
    from portal.shop.factories import ProductFactory

    product = ProductFactory(title="Bürgerbüro-Tasse aus Meißen")
    assert product.slug == "buergerbuero-tasse-aus-meissen"


@pytest.mark.browser
def test_admin_fills_the_slug_from_a_german_title_as_you_type(browser_page, live_server, home_page):
    factories.UserFactory(username="admin", is_staff=True, is_superuser=True)
    page = browser_page
    page.goto("/admin/login/")
    page.locator("#id_username").fill("admin")
    page.locator("#id_password").fill("passwort-für-tests")
    page.locator("#id_password").press("Enter")
    page.wait_for_url(re.compile(r"/admin/$"))
    page.goto(f"/admin/pages/add/home/contentpage/{home_page.pk}/")
    page.locator("#id_title").click()
    page.locator("#id_title").press_sequentially("Straße der Saison im Bürgerbüro")
    page.locator("#id_title").blur()
    # The admin's script syncs the slug after a short debounce.
    expect(page.locator("#id_slug")).to_have_value("strasse-der-saison-im-buergerbuero")
