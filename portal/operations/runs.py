"""The database worker's task runs: which one is running, and a retry when one failed.

django-tasks-db runs a task once: a failure stays ``FAILED``. Here, on
django-tasks' ``task_finished`` signal, a failed task of the database backend
is set back to ``READY`` with ``run_after`` pushed out (``PORTAL_TASK_RETRY_DELAYS``)
until it has been attempted ``PORTAL_TASK_MAX_ATTEMPTS`` times; the worker
picks it up again then. The row keeps its id, its last traceback and, in
``worker_ids``, one entry per attempt. Mails a task sent before it failed are
not sent again on the retry (``portal.operations.mail``).

Connected in ``OperationsConfig.ready``; the immediate backend (development,
tests) is left alone: its failures reach the caller.
"""

import contextvars
import itertools
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone
from django_tasks import TaskResultStatus, task_backends

logger = logging.getLogger(__name__)


@dataclass
class Run:
    """The database task running in this worker process."""

    task_id: str
    task_path: str
    _mails: itertools.count = field(default_factory=lambda: itertools.count(1))

    def next_mail_key(self):
        return f"{self.task_id}:{next(self._mails)}"


current = contextvars.ContextVar("portal_task_run", default=None)


def is_worker_task(task_result):
    from django_tasks_db import DatabaseBackend

    return isinstance(task_backends[task_result.backend], DatabaseBackend)


def started(sender, task_result, **kwargs):
    if is_worker_task(task_result):
        current.set(Run(str(task_result.id), task_result.task.module_path))


def finished(sender, task_result, **kwargs):
    current.set(None)
    if task_result.status == TaskResultStatus.FAILED and is_worker_task(task_result):
        retry(task_result)


def retry(task_result):
    """Queue a failed task again, later, unless it has had all its attempts."""
    from django_tasks_db.models import DBTaskResult

    attempts = len(task_result.worker_ids)
    if attempts >= settings.PORTAL_TASK_MAX_ATTEMPTS:
        logger.error(
            "Task %s (%s) failed %d times: not retried.",
            task_result.id,
            task_result.task.module_path,
            attempts,
        )
        return
    delays = settings.PORTAL_TASK_RETRY_DELAYS
    run_after = timezone.now() + delays[min(attempts, len(delays)) - 1]
    DBTaskResult.objects.filter(pk=task_result.id, status=TaskResultStatus.FAILED).update(
        status=TaskResultStatus.READY, run_after=run_after, finished_at=None
    )
    logger.warning(
        "Task %s (%s) failed (attempt %d of %d); retried after %s.",
        task_result.id,
        task_result.task.module_path,
        attempts,
        settings.PORTAL_TASK_MAX_ATTEMPTS,
        run_after.isoformat(),
    )
