"""Health endpoints: /health/ for the load balancer, /health/alle/ for monitoring.

The balancer's endpoint fails only when this node cannot serve (its database
is gone), never because of what all nodes share (a late task worker, the
media bucket); monitoring sees all of it, in German.
"""

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from bench.common import wait_until_up
from bench.varnish import free_port
from portal.health import HEARTBEAT_TASK
from portal.operations.tasks import heartbeat

ROOT = Path(__file__).resolve().parents[2]
HAPROXY = ROOT / "deploy" / "haproxy" / "haproxy.cfg"


@pytest.fixture
def worker_queue(settings, monkeypatch):
    """The database task backend, and ``run()`` as ``manage.py db_worker --batch``."""
    settings.TASKS = {"default": {"BACKEND": settings.TASK_BACKENDS["database"]}}
    # Its connection recycling would end the test's transaction.
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )
    return lambda: call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


@pytest.mark.django_db
def test_the_balancers_endpoint_answers_as_before(client):
    response = client.get("/health/")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "local"}
    assert "no-cache" in response["Cache-Control"]


def test_haproxy_probes_the_balancers_endpoint_not_the_monitoring_one():
    config = HAPROXY.read_text()
    (probe,) = [line for line in config.splitlines() if line.strip().startswith("http-check send")]

    assert "option httpchk" in config
    assert " uri /health/ " in probe


@pytest.mark.django_db
def test_a_late_worker_fails_monitoring_in_german_but_keeps_the_node_in_the_balancer(
    client, worker_queue
):
    heartbeat.enqueue()
    DBTaskResult.objects.update(enqueued_at=timezone.now() - datetime.timedelta(minutes=12))

    assert client.get("/health/").status_code == 200
    response = client.get("/health/alle/")

    assert response.status_code == 503
    assert response.json()["checks"]["worker"] == "down"
    assert response.json()["messages"] == {
        "worker": "Eine Aufgabe wartet seit 12 Minuten auf den Task-Worker."
    }


@pytest.mark.django_db
def test_a_quiet_queue_gets_a_heartbeat_that_the_running_worker_takes(client, worker_queue):
    assert client.get("/health/alle/").status_code == 200
    (beat,) = DBTaskResult.objects.filter(task_path=HEARTBEAT_TASK)
    assert beat.status == "READY"

    worker_queue()
    client.get("/health/alle/")

    beat.refresh_from_db()
    assert beat.status == "SUCCESSFUL"
    assert DBTaskResult.objects.count() == 1, "no new heartbeat within a minute of the last"

    DBTaskResult.objects.update(finished_at=timezone.now() - datetime.timedelta(minutes=2))
    response = client.get("/health/alle/")

    assert response.status_code == 200
    assert DBTaskResult.objects.filter(status="READY", task_path=HEARTBEAT_TASK).count() == 1


@pytest.mark.django_db
def test_monitoring_writes_reads_and_deletes_a_file_in_the_bucket(client, media_bucket):
    response = client.get("/health/alle/")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "storage": "ok", "worker": "ok"},
        "messages": {},
    }
    assert media_bucket.stored() == []


@pytest.mark.django_db
def test_an_unreachable_bucket_fails_monitoring_but_not_the_balancer(
    client, media_bucket, settings
):
    options = {**media_bucket.options, "endpoint_url": "http://127.0.0.1:9"}  # nobody listens
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "portal.storage.MediaStorage", "OPTIONS": options},
    }

    assert client.get("/health/").status_code == 200
    response = client.get("/health/alle/")

    assert response.status_code == 503
    assert response.json()["messages"] == {
        "storage": "Die Dateiablage (Medien) kann nicht beschrieben oder gelesen werden."
    }


def test_a_node_whose_database_is_gone_is_taken_out_of_the_balancer():
    """A real gunicorn whose PostgreSQL does not answer (nothing listens on its port)."""
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{free_port()}/portal",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "portal.wsgi:application", "-w", "1"]
        + ["-b", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT,
        env=env,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_up(f"http://127.0.0.1:{port}/health/")
        balancer = requests.get(f"http://127.0.0.1:{port}/health/", timeout=30)
        monitoring = requests.get(f"http://127.0.0.1:{port}/health/alle/", timeout=30)
    finally:
        server.terminate()
        server.wait(timeout=30)

    assert balancer.status_code == 503
    assert balancer.json() == {"status": "down", "database": "down", "cache": "local"}
    assert monitoring.status_code == 503
    assert monitoring.json()["messages"]["database"] == "Die Datenbank antwortet nicht."
