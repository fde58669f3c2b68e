"""The "Jetzt abrufen" action of a harvested source."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django_tasks import TaskResultStatus

from . import services, tasks
from .models import HarvestRun, Source


def harvest_now(request, pk):
    if not services.may_manage(request.user):
        raise PermissionDenied
    source = get_object_or_404(Source, pk=pk)
    if request.method != "POST":
        return TemplateResponse(request, "federation/admin/harvest_now.html", {"source": source})
    result = tasks.harvest_source.enqueue(source_id=source.pk)
    if result.status == TaskResultStatus.SUCCESSFUL:
        run = HarvestRun.objects.get(pk=result.return_value)
        report = messages.success if run.succeeded else messages.error
        report(request, f"{source.name}: {services.run_message(run)}")
    else:
        messages.info(
            request,
            _("%(source)s will be fetched in the background; the result appears under runs.")
            % {"source": source.name},
        )
    return redirect("federation_sources:edit", source.pk)
