"""Harvesting: taking a source's records over into ``HarvestedEntry`` rows.

``harvest(source)`` reads the whole source first (``sources.read_source``:
fetch, decode, check every record). Only if that succeeded does it write,
in one transaction: new identifiers are created, known ones updated where a
value changed (except the fields an editor locked), entries missing from
this complete fetch are withdrawn and entries that come back are restored.
A failure at any point leaves every entry as it was; the run records the
German reason either way. ``harvest_due`` is what the periodic trigger runs.
"""

import datetime
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.directory import hours
from portal.directory.models import Region

from .models import (
    HARVESTED_FIELDS,
    MANAGE_PERMISSION,
    HarvestedEntry,
    HarvestedOpenInterval,
    HarvestRun,
    Source,
)
from .sources import HarvestError, read_source

logger = logging.getLogger(__name__)

# "Open now" of harvested businesses is answered from spans computed this far ahead
# at each harvest (sources are harvested at least every few days).
INTERVAL_HORIZON_DAYS = 14
BATCH_SIZE = 500


def may_manage(user):
    """Whether ``user`` may open the federation admin: the permission, and every town."""
    from portal.roles.services import reaches_every_town

    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and user.has_perm(MANAGE_PERMISSION)
        and reaches_every_town(user)
    )


def harvest(source, *, now=None):
    """Harvest ``source`` now; returns the finished ``HarvestRun``."""
    now = now or timezone.now()
    run = HarvestRun.objects.create(source=source, started_at=now)
    try:
        records = read_source(source)
        counts = _apply(source, records, now)
    except HarvestError as error:
        _finish(
            run,
            source,
            succeeded=False,
            status=_("Failed: nothing was changed."),
            errors=str(error),
        )
        return run
    except Exception:  # a source must never stop the others; the traceback goes to the log
        logger.exception("Harvest of source %s failed", source.pk)
        _finish(
            run,
            source,
            succeeded=False,
            status=_("Failed: nothing was changed."),
            errors=_("An internal error occurred; the log has the details."),
        )
        return run
    run.created, run.updated, run.unchanged, run.withdrawn = counts
    _finish(run, source, succeeded=True, status=summary(run))
    return run


def summary(run):
    return _(
        "Done: %(created)s new, %(updated)s updated, %(unchanged)s unchanged, "
        "%(withdrawn)s withdrawn."
    ) % {
        "created": run.created,
        "updated": run.updated,
        "unchanged": run.unchanged,
        "withdrawn": run.withdrawn,
    }


def _finish(run, source, *, succeeded, status, errors=""):
    run.succeeded, run.status, run.errors = succeeded, status[:500], errors
    run.finished_at = timezone.now()
    run.save()
    message = status if succeeded else f"{status} {errors}"
    Source.objects.filter(pk=source.pk).update(
        last_run_at=run.started_at, last_status=message[:500], last_succeeded=succeeded
    )
    source.last_run_at, source.last_status, source.last_succeeded = (
        run.started_at,
        message[:500],
        succeeded,
    )


def _regions():
    found = {}
    for region in Region.objects.all():
        found[region.name.lower()] = region
        found[region.slug.lower()] = region
    return found


def _values(record, regions, default_region):
    values = {name: getattr(record, name) for name in HARVESTED_FIELDS if name != "region"}
    values["region"] = regions.get(record.region.lower()) if record.region else None
    if values["region"] is None:
        values["region"] = default_region
    return values


def _differs(entry, name, value):
    if name == "region":
        return entry.region_id != (value.pk if value is not None else None)
    return getattr(entry, name) != value


@transaction.atomic
def _apply(source, records, now):
    existing = {entry.identifier: entry for entry in source.entries.select_for_update()}
    regions = _regions()
    default_region = source.default_region
    new, changed, seen = [], [], []
    unchanged = 0
    for record in records:
        values = _values(record, regions, default_region)
        entry = existing.pop(record.identifier, None)
        if entry is None:
            new.append(
                HarvestedEntry(
                    source=source,
                    identifier=record.identifier,
                    first_seen=now,
                    last_seen=now,
                    **values,
                )
            )
            continue
        seen.append(entry.pk)
        locked = set(entry.locked_fields or [])
        differing = [
            name
            for name, value in values.items()
            if name not in locked and _differs(entry, name, value)
        ]
        for name in differing:
            setattr(entry, name, values[name])
        if entry.withdrawn_at is not None:
            entry.withdrawn_at = None
            differing.append("withdrawn_at")
        if differing:
            changed.append(entry)
        else:
            unchanged += 1
    HarvestedEntry.objects.bulk_create(new, batch_size=BATCH_SIZE)
    if changed:
        HarvestedEntry.objects.bulk_update(
            changed, [*HARVESTED_FIELDS, "withdrawn_at"], batch_size=BATCH_SIZE
        )
    HarvestedEntry.objects.filter(pk__in=seen).update(last_seen=now)
    gone = [entry.pk for entry in existing.values() if entry.withdrawn_at is None]
    HarvestedEntry.objects.filter(pk__in=gone).update(withdrawn_at=now)
    touched = [entry.pk for entry in new] + [entry.pk for entry in changed] + gone
    if None in touched or _spans_run_short(source, now):
        refresh_open_intervals(source, start=now)
    elif touched:
        refresh_open_intervals(source, start=now, entry_ids=touched)
    return len(new), len(changed), unchanged, len(gone)


def _spans_run_short(source, now):
    """Whether some business's "open now" spans end within half the horizon."""
    from django.db.models import Max, Min

    earliest = (
        HarvestedEntry.objects.filter(source=source)
        .annotate(last_span=Max("open_intervals__ends_at"))
        .aggregate(earliest=Min("last_span"))["earliest"]
    )
    return earliest is not None and earliest < now + datetime.timedelta(
        days=INTERVAL_HORIZON_DAYS / 2
    )


def refresh_open_intervals(source, start=None, entry_ids=None):
    """Recompute the "open now" spans of ``source``'s current businesses (only of the
    entries ``entry_ids`` if given: those a harvest created, changed or withdrew)."""
    start = (start or timezone.now()) - datetime.timedelta(days=1)
    end = start + datetime.timedelta(days=INTERVAL_HORIZON_DAYS + 1)
    old_spans = HarvestedOpenInterval.objects.filter(entry__source=source)
    entries = HarvestedEntry.objects.filter(
        source=source, kind=HarvestedEntry.Kind.BUSINESS, withdrawn_at__isnull=True
    ).exclude(opening_hours="")
    if entry_ids is not None:
        old_spans = old_spans.filter(entry_id__in=entry_ids)
        entries = entries.filter(pk__in=entry_ids)
    old_spans.delete()
    entries = entries.values_list("pk", "opening_hours")
    spans_of = {}
    rows = []
    for pk, expression in entries:
        if expression not in spans_of:
            spans_of[expression] = hours.open_intervals(expression, start, end)
        rows += [
            HarvestedOpenInterval(entry_id=pk, starts_at=begin, ends_at=stop)
            for begin, stop in spans_of[expression]
        ]
    HarvestedOpenInterval.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def harvest_due(now=None):
    """Harvest every active source whose interval has passed; returns the runs."""
    runs = []
    for source in Source.objects.due(now):
        runs.append(harvest(source))
    return runs


def run_message(run):
    """The admin's message after "Jetzt abrufen"."""
    if run.succeeded:
        return run.status
    return f"{run.status} {run.errors}"
