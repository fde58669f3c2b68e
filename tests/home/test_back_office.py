"""Editors reach the Wagtail admin and staff the Oscar dashboard, in German."""

from portal.home.models import NavigationSettings, PortalSettings


def test_staff_reach_the_oscar_dashboard_and_anonymous_visitors_do_not(client, superuser):
    anonymous = client.get("/shop/dashboard/")
    client.force_login(superuser)
    staff = client.get("/shop/dashboard/")

    assert anonymous.status_code == 302
    assert staff.status_code == 200
    assert "oscar/dashboard/index.html" in [template.name for template in staff.templates]


def test_wagtail_admin_speaks_german(client, superuser, home_page):
    client.force_login(superuser)

    response = client.get("/admin/")

    assert response.status_code == 200
    assert 'lang="de"' in response.content.decode()


def test_editors_maintain_portal_settings_and_navigation(client, superuser, home_page):
    client.force_login(superuser)
    site_id = home_page.get_site().pk

    settings_form = client.get(f"/admin/settings/home/portalsettings/{site_id}/")
    navigation_form = client.get(f"/admin/settings/home/navigationsettings/{site_id}/")

    assert settings_form.status_code == 200
    assert "Stadt oder Region" in settings_form.content.decode()
    assert navigation_form.status_code == 200
    assert "Menüeinträge" in navigation_form.content.decode()
    assert PortalSettings.for_site(home_page.get_site()).town_name == "Musterstadt"
    assert NavigationSettings.for_site(home_page.get_site()).links.count() == 0
