"""SQL building blocks of the sections: a page's town, counts per month, the median.

Each helper returns an expression or runs one query, however many towns and
months there are: a page's town is a ``CASE`` over the towns' page-tree paths
(the deepest root first), months come from ``TruncMonth`` in the portal's
time zone.
"""

import datetime
import statistics
from decimal import Decimal

from django.db import connection
from django.db.models import (
    Aggregate,
    Case,
    DurationField,
    ExpressionWrapper,
    F,
    IntegerField,
    Value,
    When,
)
from django.db.models.functions import TruncMonth
from django.utils import timezone

ZERO = Decimal("0.00")


def town_of(towns, path_field="path"):
    """The key of the town whose page tree holds the page with treebeard path ``path_field``."""
    whens = [
        When(**{f"{path_field}__startswith": town.root_path}, then=Value(town.pk))
        for town in sorted(towns, key=lambda town: -len(town.root_path))
    ]
    if not whens:
        return Value(None, output_field=IntegerField())
    return Case(*whens, default=None, output_field=IntegerField())


def in_period(queryset, field, scope):
    return queryset.filter(**{f"{field}__gte": scope.start, f"{field}__lt": scope.end})


def month_of(value):
    """The first day of the month ``TruncMonth`` returned (a date or an aware datetime)."""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        value = value.date()
    return value.replace(day=1)


def by_month(queryset, field, group, **aggregates):
    """Rows of ``aggregates`` per month of ``field`` and per ``group`` fields (one query)."""
    rows = (
        queryset.annotate(figure_month=TruncMonth(field))
        .values("figure_month", *group)
        .annotate(**aggregates)
        .order_by()
    )
    return [{**row, "figure_month": month_of(row["figure_month"])} for row in rows]


def grouped(queryset, group, **aggregates):
    """Rows of ``aggregates`` per ``group`` fields (one query)."""
    return list(queryset.values(*group).annotate(**aggregates).order_by())


def monthly_totals(rows, months, value):
    """Per month of ``months``, the sum of ``value`` over the ``rows`` of that month."""
    totals = dict.fromkeys(months, 0)
    for row in rows:
        if row["figure_month"] in totals:
            totals[row["figure_month"]] += row[value] or 0
    return [totals[month] for month in months]


def cumulative(start, increments):
    """``start`` plus the running sum of ``increments``."""
    values, total = [], start
    for increment in increments:
        total += increment
        values.append(total)
    return values


def duration(start="created_at", end="closed_at"):
    return ExpressionWrapper(F(end) - F(start), output_field=DurationField())


class Median(Aggregate):
    """PostgreSQL's median of an interval (``percentile_cont``)."""

    function = "PERCENTILE_CONT"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = DurationField()


def median_durations(queryset, group):
    """``{group value: median duration}`` of the rows' ``duration()`` (one query).

    PostgreSQL computes it; other databases (the SQLite quickstart) get the
    durations and compute it here.
    """
    if connection.vendor == "postgresql":
        rows = queryset.values(group).annotate(median=Median(duration())).order_by()
        return {row[group]: row["median"] for row in rows}
    found = {}
    for key, value in queryset.annotate(figure_duration=duration()).values_list(
        group, "figure_duration"
    ):
        found.setdefault(key, []).append(value)
    return {key: statistics.median(values) for key, values in found.items()}


def days(value):
    """A duration in days with one decimal place (``None`` stays ``None``)."""
    if value is None:
        return None
    return Decimal(value.total_seconds() / 86400).quantize(Decimal("0.1"))


def percent(part, whole):
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))
