"""Health checks: ``/health/`` for the load balancer, ``/health/alle/`` for monitoring.

Both run django-health-check's checks (``health_check.checks``) and the
portal's own, synchronously in the request's thread with its database
connection.

``/health/`` is what HAProxy and Varnish probe every few seconds: JSON, never
cached, reading nothing but ``SELECT 1`` and a Redis ``PING``. HTTP 200 while
the database answers, also when Redis is down (the portal degrades: pages and
logins keep working from PostgreSQL, voucher lookups and logins answer 503
until Redis is back), with ``"status": "degraded"`` and ``"cache": "down"`` so
monitoring can alert. HTTP 503 when the database does not answer: this server
cannot serve anyone then, and the balancer takes it out. Object storage and
the task worker are shared by every node, so they never take a node out.

``/health/alle/`` adds the media storage (a file written, read and deleted)
and the task worker (``TaskWorker``), with a German message per failing check
for the person on call; HTTP 503 when any check fails.
"""

import contextlib
import dataclasses
import datetime
import logging

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection, transaction
from django.db.models import Q
from django.http import JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from health_check import checks
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable

logger = logging.getLogger(__name__)

HEARTBEAT_TASK = "portal.operations.tasks.heartbeat"
HEARTBEAT_EVERY = datetime.timedelta(minutes=1)


class Unavailable(ServiceUnavailable):
    """A failure of the portal's own checks, its message in German for the person on call."""


def cache_state():
    """``ok``, ``down`` or ``local`` (a per-process cache, as in development)."""
    is_available = getattr(cache, "is_available", None)
    if is_available is None:
        return "local"
    return "ok" if is_available() else "down"


@dataclasses.dataclass
class Cache(HealthCheck):
    """Redis answers a PING now (``portal.cache.RedisCache.is_available``)."""

    def run(self):
        if cache_state() == "down":
            raise Unavailable(_("Redis does not answer."))


def uses_worker():
    return settings.TASKS["default"]["BACKEND"] == settings.TASK_BACKENDS["database"]


@dataclasses.dataclass
class TaskWorker(HealthCheck):
    """The database task worker picks up due tasks within ``PORTAL_WORKER_LATE_AFTER``.

    The signal is django-tasks' own table: a task that has been ready to run
    for longer than that (enqueued, its ``run_after`` passed) means no worker
    is taking work. A heartbeat task keeps something to observe on a quiet
    queue: enqueued when none waits and the last ran more than a minute ago.
    With the immediate backend there is no worker to check.
    """

    def run(self):
        if not uses_worker():
            return
        from django_tasks_db.models import DBTaskResult, get_date_max

        now = timezone.now()
        late = now - settings.PORTAL_WORKER_LATE_AFTER
        results = DBTaskResult.objects
        overdue = (
            results.filter(status="READY")
            .filter(Q(run_after=get_date_max(), enqueued_at__lt=late) | Q(run_after__lt=late))
            .order_by("enqueued_at")
            .values_list("enqueued_at", "run_after")
            .first()
        )
        heartbeats = results.filter(task_path=HEARTBEAT_TASK)
        if not heartbeats.filter(
            Q(status__in=("READY", "RUNNING")) | Q(finished_at__gte=now - HEARTBEAT_EVERY)
        ).exists():
            from portal.operations.tasks import heartbeat

            heartbeat.enqueue()
        if overdue is not None:
            enqueued_at, run_after = overdue
            due = enqueued_at if run_after == get_date_max() else run_after
            minutes = int((now - due).total_seconds() // 60)
            raise Unavailable(
                ngettext(
                    "A task has been waiting for the worker for %(minutes)d minute.",
                    "A task has been waiting for the worker for %(minutes)d minutes.",
                    minutes,
                )
                % {"minutes": minutes}
            )


def run(named_checks):
    """``{name: German message}`` of the checks that fail, each run here and now."""
    failures = {}
    for name, check in named_checks.items():
        try:
            check.run()
        except Unavailable as error:
            failures[name] = error.message
        except Exception:  # django-health-check's own, or a client's (psycopg, botocore)
            logger.warning("Health check %s failed", name, exc_info=True)
            failures[name] = str(UNAVAILABLE[name])
    return failures


UNAVAILABLE = {
    "database": gettext_lazy("The database does not answer."),
    "cache": gettext_lazy("Redis does not answer."),
    "storage": gettext_lazy("The media storage cannot be written or read."),
    "worker": gettext_lazy("The task worker cannot be checked."),
}


def balancer_checks():
    return {"database": checks.Database(), "cache": Cache()}


def monitoring_checks():
    return {**balancer_checks(), "storage": checks.Storage(), "worker": TaskWorker()}


@transaction.non_atomic_requests
@never_cache
@require_safe
def health(request):
    # The check's temporary connection would be closed after each probe; a
    # persistent one opened here is kept (CONN_MAX_AGE) for the next.
    with contextlib.suppress(DatabaseError):
        connection.ensure_connection()
    failures = run(balancer_checks())
    database = "down" if "database" in failures else "ok"
    shared = hasattr(cache, "is_available")  # a per-process cache (development) is "local"
    cache_ = "down" if "cache" in failures else ("ok" if shared else "local")
    status = "down" if database == "down" else ("degraded" if cache_ == "down" else "ok")
    return JsonResponse(
        {"status": status, "database": database, "cache": cache_},
        status=503 if database == "down" else 200,
    )


@transaction.non_atomic_requests
@never_cache
@require_safe
def health_all(request):
    named = monitoring_checks()
    failures = run(named)
    return JsonResponse(
        {
            "status": "down" if failures else "ok",
            "checks": {name: "down" if name in failures else "ok" for name in named},
            "messages": failures,
        },
        status=503 if failures else 200,
        json_dumps_params={"ensure_ascii": False},
    )
