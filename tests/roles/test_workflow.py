"""The moderation of merchants' profiles: the editors approve and reject, the merchant is told."""

import pytest
from django.urls import reverse
from wagtail.models import WorkflowState

from portal.directory import factories as directory_factories
from portal.directory import onboarding
from portal.directory.models import MerchantPage
from portal.home.models import NewsPage

from .helpers import news_form, profile_form

pytestmark = pytest.mark.django_db


def workflow_action(page, action, task_state):
    return reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])


def test_editor_approves_a_submitted_change_and_the_merchant_is_told(client, town, mailoutbox):
    task_state = town.submit_change(town.own, "Jetzt auch sonntags geöffnet")
    mailoutbox.clear()
    client.force_login(town.users["editor"])

    response = client.post(workflow_action(town.own.page, "approve", task_state), {"comment": ""})

    assert response.status_code == 302
    page = MerchantPage.objects.get(pk=town.own.page.pk)
    assert page.short_description == "Jetzt auch sonntags geöffnet"
    assert "Jetzt auch sonntags geöffnet" in client.get(page.url).content.decode()
    (message,) = [m for m in mailoutbox if town.own.owner.email in m.to]
    assert "Bäckerei Korn" in message.body


def test_rejection_sends_the_editors_comment_to_the_merchant(client, town, mailoutbox):
    task_state = town.submit_change(town.own, "Billigstes Brot der Welt")
    mailoutbox.clear()
    client.force_login(town.users["editor"])

    client.post(
        workflow_action(town.own.page, "reject", task_state),
        {"comment": "Bitte ohne Superlative, dann geben wir es frei."},
    )

    page = MerchantPage.objects.get(pk=town.own.page.pk)
    assert page.short_description != "Billigstes Brot der Welt"
    state = WorkflowState.objects.get(object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    (message,) = [m for m in mailoutbox if town.own.owner.email in m.to]
    assert "Bitte ohne Superlative, dann geben wir es frei." in message.body
    assert "abgelehnt" in message.body  # Wagtail's German notification


def test_an_owner_cannot_approve_its_own_change(client, town):
    task_state = town.submit_change(town.own, "Selbst freigegeben")
    client.force_login(town.own.owner)
    client.post(workflow_action(town.own.page, "approve", task_state), {"comment": ""})
    assert MerchantPage.objects.get(pk=town.own.page.pk).short_description != "Selbst freigegeben"


def test_editor_approves_the_first_publication_of_a_self_registered_business(client, town):
    user, page = onboarding.register_merchant(
        town.directory,
        name="Backstube Neu",
        category=directory_factories.CategoryFactory(),
        street="Sonnenweg 1",
        postcode="12345",
        city="Musterstadt",
        email="neu@example.org",
        password="sonnige-broetchen-7",
    )
    user.is_active = True
    user.save()
    page.get_workflow().start(page, user)
    page.refresh_from_db()
    client.force_login(town.users["editor"])

    client.post(workflow_action(page, "approve", page.current_workflow_task_state), {"comment": ""})

    assert MerchantPage.objects.live().filter(pk=page.pk).exists()


def test_merchant_lands_on_its_submitted_page_with_what_happens_next(client, town):
    page = town.own.page
    client.force_login(town.own.owner)

    response = client.post(
        f"/admin/pages/{page.pk}/edit/",
        profile_form(page, short_description="Neu: Brotzeit", **{"action-submit": "submit"}),
        follow=True,
    )

    assert response.redirect_chain[-1][0] == f"/admin/pages/{page.pk}/edit/"
    body = response.content.decode()
    assert "Die Redaktion des Stadtmarketings prüft Ihre Änderungen" in body
    assert "0 Seiten" not in body
    assert WorkflowState.objects.filter(object_id=str(page.pk), status="in_progress").exists()


def test_editor_publishes_news_without_waiting_for_approval(client, town):
    client.force_login(town.users["editor"])
    client.post(
        f"/admin/pages/add/home/newspage/{town.news_index.pk}/",
        news_form("Stadtfest verschoben", **{"action-publish": "publish"}),
    )
    news = NewsPage.objects.live().get(title="Stadtfest verschoben")
    assert client.get(news.url).status_code == 200
    assert not WorkflowState.objects.filter(object_id=str(news.pk)).exists()
