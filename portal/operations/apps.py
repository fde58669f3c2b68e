from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """Running the portal: background task retries and sent-mail markers, the worker's
    heartbeat, health checks and the admin's task report (docs/operations.md)."""

    name = "portal.operations"
    label = "operations"
    verbose_name = _("Operations")

    def ready(self):
        from django_tasks.signals import task_finished, task_started

        from portal.operations import runs

        task_started.connect(runs.started, dispatch_uid="operations.task_started")
        task_finished.connect(runs.finished, dispatch_uid="operations.task_finished")
