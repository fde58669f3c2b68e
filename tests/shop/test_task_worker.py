"""The task worker of the production setup: django-tasks' database backend and db_worker.

With ``TASKS_BACKEND=database`` an e-mail task is queued in PostgreSQL instead
of running inside the request; ``manage.py db_worker`` runs it, once, however
often the worker comes by.
"""

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from portal.shop import tasks
from portal.shop.models import MerchantShop

from .helpers import basket_with, place

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker(monkeypatch):
    """``manage.py db_worker --batch`` (its connection recycling would end the test's
    transaction)."""
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )
    return lambda: call_command("db_worker", "--batch", "--no-startup-delay")


def test_a_queued_confirmation_mail_is_sent_by_the_worker_once(
    settings, worker, bread, bakery, mailoutbox
):
    checkout = place(basket_with((bread, 1)), {bakery: MerchantShop.PICKUP})
    mailoutbox.clear()
    settings.TASKS = {"default": {"BACKEND": settings.TASK_BACKENDS["database"]}}

    tasks.send_checkout_paid.enqueue(checkout.pk)

    assert mailoutbox == [], "nothing is sent before the worker runs"
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "portal.shop.tasks.send_checkout_paid"
    assert queued.status == "READY"

    worker()
    worker()

    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"
    confirmations = [message for message in mailoutbox if message.to == ["erika@example.org"]]
    assert len(confirmations) == 1
