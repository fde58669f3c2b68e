"""The admin home tells a merchant that its submitted profile change waits for approval."""

import pytest

from .helpers import edit_data

pytestmark = pytest.mark.django_db


def test_a_submitted_change_shows_on_the_merchants_admin_home_only(client, setup):  # noqa: F811
    page_a, page_b, merchant_a, merchant_b = setup
    client.force_login(merchant_a)
    before = client.get("/admin/").content.decode()
    data = edit_data(page_a, title="Zur Freigabe")
    data["action-submit"] = "Submit"
    client.post(f"/admin/pages/{page_a.pk}/edit/", data)

    after = client.get("/admin/").content.decode()
    client.force_login(merchant_b)
    other = client.get("/admin/").content.decode()

    assert "Ihre Profiländerungen" not in before
    assert "Ihre Profiländerungen" in after and "wartet auf Freigabe" in after
    assert f"/admin/pages/{page_a.pk}/edit/" in after
    assert "Ihre Profiländerungen" not in other and "Laden Anton" not in other
