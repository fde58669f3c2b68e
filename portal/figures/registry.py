"""Sections of the figures page and what a section hands back.

Other apps add a section through the Wagtail hook ``register_figures``::

    from wagtail import hooks
    from portal.figures.registry import Section

    @hooks.register("register_figures")
    def harvested_entries():
        return Section(key="harvest", title=_("Harvested entries"), compute=compute, order=700)

The hook function takes no argument and returns one ``Section`` or a list of
them. ``Section.compute(scope)`` receives a ``Scope`` (the towns the user may
see or picked, the months of the period, the request's options) and returns a
``Figure``: charts and tables of aggregated numbers, never personal data. It
must run a fixed number of queries, whatever the number of towns and months
(aggregate in SQL; ``portal.figures.queries`` helps). The page shows each
chart with its data table, and offers each section as CSV.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from wagtail import hooks

HOOK = "register_figures"

# How a column's values are shown and exported.
TEXT, COUNT, MONEY, PERCENT, DAYS, MONTH = "text", "count", "money", "percent", "days", "month"


@dataclass(frozen=True)
class Column:
    label: str
    kind: str = COUNT


@dataclass
class Table:
    """Rows of values under German column headers (``Column.kind`` says how to show them)."""

    title: str
    columns: list
    rows: list

    def header(self):
        return [str(column.label) for column in self.columns]


@dataclass
class Series:
    name: str
    values: list


@dataclass
class Chart:
    """A bar or line chart over ``labels`` (months or towns), one unit for all its series.

    ``kind`` is ``"bar"`` or ``"line"``; ``unit`` is ``COUNT`` or ``MONEY``
    (or ``PERCENT``/``DAYS``). The page draws it as SVG and puts its data
    table next to it (``table()``).
    """

    title: str
    description: str
    labels: list
    series: list
    kind: str = "bar"
    unit: str = COUNT
    label_kind: str = MONTH
    label_title: str = ""

    def table(self):
        columns = [Column(self.label_title, self.label_kind)]
        columns += [Column(series.name, self.unit) for series in self.series]
        rows = [
            [label, *(series.values[index] for series in self.series)]
            for index, label in enumerate(self.labels)
        ]
        return Table(self.title, columns, rows)


@dataclass
class Figure:
    """What a section shows: charts (each with its data table) and further tables."""

    charts: list = field(default_factory=list)
    tables: list = field(default_factory=list)
    notes: list = field(default_factory=list)

    def all_tables(self):
        return [chart.table() for chart in self.charts] + list(self.tables)


@dataclass(frozen=True)
class Scope:
    """What a section counts: ``towns`` (``FigureTown``), the ``months`` of the period
    (first days, oldest first) and the page's options (``close_days``)."""

    towns: tuple
    months: tuple
    all_towns: bool = True
    close_days: int = 14

    @property
    def town_ids(self):
        return [town.pk for town in self.towns]

    @property
    def start(self):
        """First moment of the period (aware, in the portal's time zone)."""
        return _aware(self.months[0])

    @property
    def end(self):
        """First moment after the period."""
        last = self.months[-1]
        return _aware(next_month(last))


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    compute: Callable
    order: int = 100
    description: str = ""


def next_month(day):
    return (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)


def _aware(day):
    from django.utils import timezone

    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def sections():
    """Every registered section, in ``order``; a key registered twice is an error."""
    found = []
    for hook in hooks.get_hooks(HOOK):
        result = hook()
        found.extend(result if isinstance(result, (list, tuple)) else [result])
    keys = [section.key for section in found]
    duplicates = {key for key in keys if keys.count(key) > 1}
    if duplicates:
        raise ValueError(f"Figure sections registered twice: {sorted(duplicates)}")
    return sorted(found, key=lambda section: (section.order, section.key))


def section(key):
    return next((found for found in sections() if found.key == key), None)
