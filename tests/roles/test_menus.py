"""The admin menu shows each role what it may open, and nothing that answers "no access"."""

import json
import re

import pytest
from django.urls import reverse

from .helpers import ROLES

pytestmark = pytest.mark.django_db

SIDEBAR = re.compile(
    r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', re.S
)
ENTRY_TYPES = ("wagtail.sidebar.LinkMenuItem", "wagtail.sidebar.PageExplorerMenuItem")


def menu(client):
    """``{label: url}`` of every entry of the admin sidebar, submenus included."""
    entries = {}

    def walk(node):
        if isinstance(node, dict):
            if node.get("_type") in ENTRY_TYPES:
                item = node["_args"][0]
                if item["url"].startswith("/"):
                    entries[item["label"]] = item["url"]
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    walk(json.loads(SIDEBAR.search(response.content.decode()).group(1)))
    return entries


@pytest.mark.parametrize("role", ROLES)
def test_every_menu_entry_opens_for_the_role_that_sees_it(client, town, role):
    town.shops  # noqa: B018  (the shop entries appear for shop owners)
    client.force_login(town.users[role])
    entries = menu(client)
    assert entries
    for label, url in entries.items():
        response = client.get(url, follow=True)
        assert response.status_code == 200, (label, url)
        assert response.redirect_chain[-1:] != [("/admin/", 302)], (label, url)
        assert "keinen Zugang" not in response.content.decode(), (label, url)


def test_each_role_sees_its_own_work_and_not_the_others(client, town):
    town.shops  # noqa: B018  (the pickup desk is for businesses with a shop)
    seen = {}
    for role in ROLES:
        client.force_login(town.users[role])
        seen[role] = set(menu(client))
    assert "Überblick und Abrechnung" in seen["operator"]
    assert "Überblick und Abrechnung" not in seen["owner"] | seen["staff"] | seen["editor"]
    assert "Mitarbeitende" in seen["owner"]
    assert "Mitarbeitende" not in seen["staff"] | seen["editor"]
    assert "Gutschein einlösen" in seen["owner"] & seen["staff"]
    assert seen["staff"] == {"Gutschein einlösen", "Abholung", "Benutzerkonto"}
    assert "Gutschein-Einlösungen" in seen["owner"] and "Bestellungen" in seen["owner"]
    assert "Anliegen" in seen["clerk"] and "Anliegen" not in seen["editor"]
    assert "Webseitenverlauf" in seen["editor"] and "Webseitenverlauf" not in seen["owner"]
    assert {"Benutzer", "Gruppen"} <= seen["administrator"]
    assert not {"Benutzer", "Gruppen"} & (seen["editor"] | seen["operator"] | seen["owner"])


@pytest.mark.parametrize(
    "report", ["site_history", "workflow", "workflow_tasks", "aging_pages", "page_types_usage"]
)
def test_merchants_cannot_open_the_reports_that_list_other_users(client, town, report):
    town.submit_change(town.other, "Eingereicht von einem anderen Händler")
    client.force_login(town.own.owner)
    response = client.get(reverse(f"wagtailadmin_reports:{report}"))
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert town.other.owner.email not in client.get("/admin/", follow=True).content.decode()


def test_editors_reports_list_the_merchants_who_submitted(client, town):
    town.submit_change(town.other, "Eingereicht")
    client.force_login(town.users["editor"])
    response = client.get(reverse("wagtailadmin_reports:workflow"))
    assert response.status_code == 200
    assert "Buchladen Seite" in response.content.decode()
