"""Directory imports as background tasks: a large file is never checked inside a request.

The admin stores the uploaded file in an ``ImportRun`` and enqueues
``run_import``; the task records its progress on the run (rows checked of
all rows) and ends with the report or a German error. With django-tasks'
immediate backend (development, tests) it runs right away; with a worker
backend the admin page shows the progress and reloads until it is done.
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from portal.directory import importer
from portal.directory.models import ImportRun


def _set(run_id, **fields):
    ImportRun.objects.filter(pk=run_id).update(**fields)


def start(run, *, dry_run):
    """Mark ``run`` as waiting and enqueue it.

    A worker backend stores the task in the same transaction, so it starts
    only once the run is committed; the immediate backend runs it right here.
    """
    run.status, run.rows_done, run.error = ImportRun.Status.QUEUED, 0, ""
    run.save(update_fields=["status", "rows_done", "error", "mapping"])
    run_import.enqueue(run_id=run.pk, dry_run=dry_run)


@task()
def run_import(run_id, dry_run):
    run = ImportRun.objects.select_related("directory").get(pk=run_id)
    index = run.directory
    _set(run_id, status=ImportRun.Status.RUNNING)

    def progress(done, total):
        _set(run_id, rows_done=done, rows_total=total)

    try:
        if index is None:
            raise importer.ImportFileError(_("There is no directory page to import into."))
        report = importer.run_import(
            index,
            bytes(run.content),
            run.filename,
            {key: int(value) for key, value in run.mapping.items()},
            dry_run=dry_run,
            encoding=run.encoding,
            progress=progress,
        )
    except importer.ImportFileError as error:
        _set(run_id, status=ImportRun.Status.FAILED, error=str(error))
        return None
    fields = {
        "status": ImportRun.Status.DONE,
        "report": report.as_dict(),
        "rows_done": len(report.rows),
        "rows_total": len(report.rows),
    }
    if not dry_run:
        fields["imported_at"] = timezone.now()
    _set(run_id, **fields)
    return report.summary
