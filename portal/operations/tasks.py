"""The worker's heartbeat: a task that does nothing, so that running it proves the worker runs.

``portal.health.TaskWorker`` enqueues one when the last has finished more
than a minute ago and none waits, and reports the worker late when any task
(a heartbeat or real work) has been due for longer than
``PORTAL_WORKER_LATE_AFTER`` without being picked up.
"""

from django_tasks import task


@task()
def heartbeat():
    return None
