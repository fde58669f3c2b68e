"""German display of the figures: "1.234", "1.234,50 €", "12,5 %", "März 2026"."""

import datetime
from decimal import Decimal

from django.utils import formats
from django.utils.dateformat import format as date_format

from .registry import COUNT, DAYS, MONEY, MONTH, PERCENT

MISSING = "–"


def number(value, decimals=0):
    return formats.number_format(
        Decimal(value), decimals, use_l10n=True, force_grouping=True
    ).replace("-", "−")


def display(value, kind):
    """``value`` as the page shows it for a column or axis of ``kind``."""
    if value is None:
        return MISSING
    if kind == MONTH and isinstance(value, datetime.date):
        return date_format(value, "F Y")
    if kind == COUNT:
        return number(value)
    if kind == MONEY:
        return f"{number(value, 2)}\u00a0€"
    if kind == PERCENT:
        return f"{number(value, 1)}\u00a0%"
    if kind == DAYS:
        return number(value, 1)
    return str(value)


def short_label(value, kind):
    """An axis label: "Jan. 26" for a month, a name cut to fit."""
    if kind == MONTH and isinstance(value, datetime.date):
        return date_format(value, "M y")
    text = str(value)
    return text if len(text) <= 14 else text[:13] + "…"


def csv_value(value, kind):
    """What a CSV cell holds: numbers stay numbers, months become "März 2026"."""
    if kind == MONTH and isinstance(value, datetime.date):
        return date_format(value, "F Y")
    return value
