"""The task worker: failed tasks are retried a bounded number of times, mails go out once,
and what needs a look is listed in the admin for the Administration role.

``manage.py db_worker --batch`` runs the queue in the test's process, against
PostgreSQL, with production's mail backend (``SendOnceBackend``) in front of
the test outbox.
"""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from portal.concerns.tasks import send_concern_mail
from portal.home.factories import UserFactory
from portal.operations.models import SentMail
from portal.roles.definitions import ADMINISTRATORS, EDITORS
from portal.roles.services import role_group

pytestmark = pytest.mark.django_db


@task()
def always_failing():
    raise ConnectionError("Mailserver antwortet nicht")


@task(takes_context=True)
def two_mails_failing_between_them_once(context, recipient):
    mail.send_mail("Erste Nachricht", "Eins", None, [recipient])
    if context.attempt == 1:
        raise ConnectionError("Verbindung verloren")
    mail.send_mail("Zweite Nachricht", "Zwei", None, [recipient])


@pytest.fixture
def worker(settings, monkeypatch):
    """The database backend, production's mail backend; calling it runs the due tasks."""
    settings.TASKS = {"default": {"BACKEND": settings.TASK_BACKENDS["database"]}}
    settings.PORTAL_EMAIL_BACKEND = settings.EMAIL_BACKEND  # the test outbox
    settings.EMAIL_BACKEND = "portal.operations.mail.SendOnceBackend"
    # Its connection recycling would end the test's transaction.
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )
    return lambda: call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def make_due(result):
    DBTaskResult.objects.filter(pk=result.pk).update(
        run_after=timezone.now() - datetime.timedelta(seconds=1)
    )


def test_a_failing_task_is_retried_after_a_delay_and_left_failed_after_three_attempts(
    worker,
):
    always_failing.enqueue()
    result = DBTaskResult.objects.get()

    worker()
    result.refresh_from_db()
    assert result.status == "READY", "queued again"
    assert len(result.worker_ids) == 1
    assert "Mailserver antwortet nicht" in result.traceback
    delay = result.run_after - timezone.now()
    assert datetime.timedelta(seconds=50) < delay <= datetime.timedelta(minutes=1)

    worker()  # not due yet: nothing runs
    result.refresh_from_db()
    assert len(result.worker_ids) == 1

    make_due(result)
    worker()
    result.refresh_from_db()
    assert (result.status, len(result.worker_ids)) == ("READY", 2)
    assert result.run_after - timezone.now() > datetime.timedelta(minutes=9)

    make_due(result)
    worker()
    make_due(result)
    worker()
    result.refresh_from_db()
    assert (result.status, len(result.worker_ids)) == ("FAILED", 3)


def test_a_retried_task_does_not_send_the_mail_it_sent_before_failing(worker, mailoutbox):
    two_mails_failing_between_them_once.enqueue("erika@example.org")

    worker()
    assert [m.subject for m in mailoutbox] == ["Erste Nachricht"]
    make_due(DBTaskResult.objects.get())
    worker()

    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert [m.subject for m in mailoutbox] == ["Erste Nachricht", "Zweite Nachricht"]
    assert SentMail.objects.count() == 2


def test_a_mail_task_that_runs_twice_sends_its_mail_once(worker, mailoutbox):
    send_concern_mail.enqueue("Ihr Anliegen", "Danke!", "erika@example.org")
    worker()
    # As when a worker died after sending, before it recorded the success.
    DBTaskResult.objects.update(status="READY")

    worker()

    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert len(mailoutbox) == 1
    assert SentMail.objects.get().task_path == "portal.concerns.tasks.send_concern_mail"


def test_the_same_mail_enqueued_again_on_purpose_is_sent_again(worker, mailoutbox):
    for _ in range(2):
        send_concern_mail.enqueue("Ihr Anliegen", "Danke!", "erika@example.org")

    worker()

    assert len(mailoutbox) == 2


def test_mails_outside_the_worker_pass_straight_through(worker, mailoutbox):
    for _ in range(2):
        mail.send_mail("Passwort", "Link", None, ["erika@example.org"])

    assert len(mailoutbox) == 2
    assert not SentMail.objects.exists()


@pytest.fixture
def failed_task(worker):
    always_failing.enqueue()
    result = DBTaskResult.objects.get()
    for _ in range(3):
        make_due(result)
        worker()
    return result


REPORT = "/admin/berichte/hintergrundaufgaben/"


def test_the_administration_sees_failed_and_stuck_tasks_in_german(client, failed_task):
    send_concern_mail.enqueue("Ihr Anliegen", "Danke!", "erika@example.org")
    DBTaskResult.objects.filter(status="READY").update(
        enqueued_at=timezone.now() - datetime.timedelta(hours=2)
    )
    send_concern_mail.enqueue("Neu", "Gerade eben", "erika@example.org")  # not stuck yet
    admin = UserFactory(username="verwaltung")
    admin.groups.add(role_group(ADMINISTRATORS))
    client.force_login(admin)

    response = client.get(REPORT)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Hintergrundaufgaben" in page
    assert page.count("tests.production.test_task_worker.always_failing") == 1
    assert "Fehlgeschlagen" in page and "ConnectionError: Mailserver antwortet nicht" in page
    assert page.count("portal.concerns.tasks.send_concern_mail") == 1
    assert "Wartet" in page
    assert REPORT in client.get("/admin/").content.decode(), "in the reports menu"


def test_other_roles_neither_see_nor_open_the_task_report(client, failed_task):
    editor = UserFactory(username="redaktion", is_staff=True)
    editor.groups.add(role_group(EDITORS))
    client.force_login(editor)

    assert client.get(REPORT).status_code in (302, 403)
    assert REPORT not in client.get("/admin/").content.decode()


@pytest.mark.django_db(transaction=True)
def test_two_runs_of_one_task_at_the_same_time_send_its_mail_once(settings, mailoutbox):
    """Real threads, each with its own PostgreSQL connection, race for the mail's key."""
    import threading

    from django.db import connection

    from portal.operations import runs

    settings.PORTAL_EMAIL_BACKEND = settings.EMAIL_BACKEND
    settings.EMAIL_BACKEND = "portal.operations.mail.SendOnceBackend"
    start = threading.Barrier(2)
    errors = []

    def run_task():
        runs.current.set(runs.Run("5b0c6a52-0000-4000-8000-000000000001", "tests.send"))
        try:
            start.wait(timeout=30)
            mail.send_mail("Ihre Tickets", "Anbei", None, ["erika@example.org"])
        except Exception as error:  # noqa: BLE001  (reported below)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run_task) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert len(mailoutbox) == 1
    assert SentMail.objects.count() == 1
