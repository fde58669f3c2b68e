"""The task report in Wagtail's reports menu (``portal.operations.reports``)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from portal.operations.reports import TaskReportMenuItem, TaskReportView


@hooks.register("register_admin_urls")
def task_report_urls():
    return [
        path(
            "berichte/hintergrundaufgaben/",
            TaskReportView.as_view(),
            name="operations_task_report",
        ),
        path(
            "berichte/hintergrundaufgaben/ergebnisse/",
            TaskReportView.as_view(results_only=True),
            name="operations_task_report_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def task_report_menu_item():
    return TaskReportMenuItem(
        _("Background tasks"),
        reverse("operations_task_report"),
        name="background-tasks",
        icon_name="cogs",
        order=1000,
    )
