"""The admin's report of background tasks that need a look: failed, or waiting too long.

Lists django-tasks' table (``DBTaskResult``): tasks that failed for good
(all their attempts, ``portal.operations.runs``), tasks waiting for a retry,
and tasks still waiting or running ``PORTAL_TASK_STUCK_AFTER`` after they were
due. For the Administration role only (the permission
``operations.view_task_report``, which that role holds with every other).
django-tasks-db ships a Django admin for the same table, but the portal
mounts no Django admin; this report is in Wagtail's, in German.
"""

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult, get_date_max
from wagtail.admin.auth import permission_denied
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.reports import ReportView

PERMISSION = "operations.view_task_report"
STATUS_LABELS = {
    "READY": _("Waiting"),
    "RUNNING": _("Running"),
    "FAILED": _("Failed"),
    "SUCCESSFUL": _("Done"),
}


def needing_attention(now=None):
    """Failed tasks, retries ahead, and tasks pending longer than ``PORTAL_TASK_STUCK_AFTER``."""
    now = now or timezone.now()
    stuck = now - settings.PORTAL_TASK_STUCK_AFTER
    pending = Q(status__in=("READY", "RUNNING"))
    overdue = Q(run_after=get_date_max(), enqueued_at__lt=stuck) | Q(run_after__lt=stuck)
    retrying = Q(status="READY") & ~Q(exception_class_path="")
    return DBTaskResult.objects.filter(
        Q(status="FAILED") | (pending & overdue) | retrying
    ).order_by("-enqueued_at")


def status(result):
    if result.status == "READY" and result.exception_class_path:
        return _("Failed, retried from %(time)s") % {
            "time": timezone.localtime(result.run_after).strftime("%d.%m.%Y %H:%M")
        }
    return STATUS_LABELS.get(result.status, result.status)


def error(result):
    """The exception's last line: class and message, not the whole traceback."""
    lines = [line for line in result.traceback.strip().splitlines() if line.strip()]
    return lines[-1] if lines else ""


class TaskReportView(ReportView):
    page_title = _("Background tasks")
    header_icon = "cogs"
    index_url_name = "operations_task_report"
    index_results_url_name = "operations_task_report_results"
    columns = [
        Column("task_path", label=_("Task")),
        Column("status", label=_("Status"), accessor=status),
        DateColumn("enqueued_at", label=_("Queued")),
        Column("attempts", label=_("Attempts"), accessor=lambda r: len(r.worker_ids)),
        Column("error", label=_("Last error"), accessor=error),
    ]
    list_export = ["task_path", "status", "enqueued_at", "finished_at", "traceback"]

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return needing_attention()


class TaskReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)
