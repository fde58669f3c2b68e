"""Harvesting as background tasks of the portal's task worker (django-tasks).

``harvest_source`` runs one source (the admin's "Jetzt abrufen");
``harvest_due_sources`` runs every source whose interval has passed. The
periodic trigger is ``manage.py harvest_sources``, run by a timer (e.g. every
15 minutes): it only enqueues ``harvest_due_sources``, so the harvest itself
runs in the worker, with its retries. With the immediate backend
(development, tests) both run right away.
"""

from django_tasks import task

from . import services
from .models import Source


@task()
def harvest_source(source_id):
    source = Source.objects.filter(pk=source_id).first()
    if source is None:
        return None
    return services.harvest(source).pk


@task()
def harvest_due_sources():
    return [run.pk for run in services.harvest_due()]
