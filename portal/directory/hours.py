"""Opening hours in OpenStreetMap ``opening_hours`` syntax, evaluated in Europe/Berlin.

The parsing and evaluation is done by ``opening-hours-py`` (a maintained
parser of the OSM specification); this module only wraps it for the portal:
German validation messages, the "open now / closes at" status, the weekly
table shown on profiles, concrete open intervals for the "open now" filter
and the schema.org specification. Public holidays (``PH``) come from the
parser's German calendar, which knows the nationwide ones only; the
holidays of the town's federal state (``PUBLIC_HOLIDAY_STATE``, dates from
the ``holidays`` library) are added for the years being evaluated, so "PH
off" also closes a Bavarian shop on Corpus Christi. Comments such as
``"nach Vereinbarung"`` are kept.
"""

import datetime
import functools
import re
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import holidays as holiday_calendars
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from opening_hours import OpeningHours, ParserError, State

BERLIN = ZoneInfo("Europe/Berlin")
COUNTRY = "DE"
MAX_LENGTH = 255
# Changes further apart than this are treated as "never": keeps evaluation of
# odd expressions (e.g. a single date years ahead) cheap.
MAX_INTERVAL_DAYS = 366
SCHEMA_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
# Plain words people type instead of the syntax; the message then shows the fix.
APPOINTMENT_WORDS = re.compile(r"vereinbarung|termin|appointment|absprache", re.IGNORECASE)


def parse(expression, years=None):
    """Parse ``expression``; raises ``ParserError`` (a ``SyntaxError``) when it is invalid.

    ``years`` are the years about to be evaluated: their state holidays are
    added to every ``PH`` rule (see ``with_state_holidays``).
    """
    if years:
        expression = with_state_holidays(expression, years)
    return OpeningHours(
        expression,
        timezone=BERLIN,
        country=COUNTRY,
        auto_country=False,
        auto_timezone=False,
        max_interval_days=MAX_INTERVAL_DAYS,
    )


def parse_or_none(expression, years=None):
    if not expression or not expression.strip():
        return None
    try:
        return parse(expression.strip(), years)
    except (ParserError, SyntaxError, ValueError):
        return None


def holiday_state():
    """The federal state whose public holidays ``PH`` means ("" = nationwide ones only)."""
    return getattr(settings, "PUBLIC_HOLIDAY_STATE", "") or ""


@functools.cache
def state_holidays(state, years):
    """``{date: German name}`` of the public holidays of ``state`` in ``years`` (a tuple)."""
    return dict(
        sorted(
            holiday_calendars.country_holidays(
                COUNTRY, subdiv=state or None, years=years, language="de"
            ).items()
        )
    )


@functools.cache
def _state_only_dates(state, years):
    nationwide = state_holidays("", years)
    return tuple(day for day in state_holidays(state, years) if day not in nationwide)


# A rule whose weekday selector contains PH, e.g. "PH off" or "Sa,PH 10:00-14:00".
_DAY_RANGE = r"[A-Z][a-z](?:-[A-Z][a-z])?"
_PH_RULE = re.compile(rf"^(?:{_DAY_RANGE},)*PH(?:,{_DAY_RANGE})*(?:\s+(.*))?$")
_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def with_state_holidays(expression, years, state=None):
    """``expression`` with a copy of each ``PH`` rule for the state-only holidays.

    The copy (``"2026 Jun 04 off"``) follows its ``PH`` rule, so rules after
    it override both alike, as they would override ``PH``.
    """
    from .weekly_hours import split_rules

    state = holiday_state() if state is None else state
    if not state or "PH" not in expression:
        return expression
    dates = _state_only_dates(state, tuple(sorted(set(years))))
    if not dates:
        return expression
    selector = ",".join(f"{day.year} {_MONTHS[day.month - 1]} {day.day:02d}" for day in dates)
    rules = []
    for rule in split_rules(expression):
        rules.append(rule)
        match = _PH_RULE.match(rule)
        if match:
            rules.append(f"{selector} {match[1] or ''}".strip())
    return "; ".join(rule for rule in rules if rule)


def _error_column(error):
    match = re.search(r"--> \d+:(\d+)", str(error))
    return int(match.group(1)) if match else None


def validate_opening_hours(value):
    """Model/form validator: refuse anything the OSM parser does not accept.

    The German message names the rule (and so the days) where the parser
    stopped, and shows the OSM spelling when the value is German input
    ``weekly_hours.from_german`` understands ("Di-So 10-18 Uhr").
    """
    if not value or not value.strip():
        return
    if len(value) > MAX_LENGTH:
        raise ValidationError(
            _("Opening hours may be at most %(max)d characters long."), params={"max": MAX_LENGTH}
        )
    try:
        parse(value.strip())
    except (ParserError, SyntaxError, ValueError) as error:
        message = _invalid_message(value.strip(), error)
        raise ValidationError(message, code="invalid_opening_hours") from error


def _invalid_message(value, error):
    from .weekly_hours import from_german

    column = _error_column(error)
    message = _(
        "These opening hours are not in the OpenStreetMap format. "
        'Example: "Mo-Fr 09:00-18:00; Sa 10:00-14:00; PH off".'
    )
    rule = _rule_at(value, column) if column else None
    if rule:
        message += " " + _('The problem is in "%(rule)s" (character %(column)d).') % {
            "rule": rule,
            "column": column,
        }
    elif column:
        message += " " + _("The problem is at character %(column)d.") % {"column": column}
    if APPOINTMENT_WORDS.search(value):
        message += " " + _(
            'Write free text in double quotes, e.g. "Mo-Fr 09:00-12:00; \\"by appointment\\"".'
        ).replace("\\", "")
    german = from_german(value)
    if german != value and parse_or_none(german) is not None:
        message += " " + _('Did you mean "%(expression)s"?') % {"expression": german}
    return message


def _rule_at(value, column):
    """The ``;``-separated rule of ``value`` containing the (1-based) ``column``."""
    position = 0
    for part in value.split(";"):
        if position <= column - 1 <= position + len(part):
            return part.strip() or None
        position += len(part) + 1
    return None


def now():
    return timezone.now().astimezone(BERLIN)


def _local(moment):
    return (moment or now()).astimezone(BERLIN)


@dataclass
class OpeningStatus:
    """The state of a business at one moment, for the "open now" indicator."""

    state: str  # "open", "closed", "unknown" or "none" (no opening hours given)
    comment: str = ""
    next_change: datetime.datetime | None = None
    at: datetime.datetime | None = None

    @property
    def is_open(self):
        return self.state == "open"

    @cached_property
    def label(self):
        if self.state == "open":
            return _("Open now")
        if self.state == "closed":
            return _("Closed now")
        if self.state == "unknown":
            return self.comment or _("Opening hours on request")
        return ""

    @cached_property
    def detail(self):
        """ "closes at 18:00" / "opens Monday 09:00", in German."""
        if self.next_change is None or self.state == "unknown":
            return self.comment if self.state != "unknown" else ""
        change = self.next_change.astimezone(BERLIN)
        time = formats.time_format(change.time(), "H:i")
        same_day = self.at is not None and change.date() == self.at.date()
        tomorrow = self.at is not None and change.date() == self.at.date() + datetime.timedelta(1)
        if self.state == "open":
            if same_day:
                return _("closes at %(time)s") % {"time": time}
            if tomorrow:
                return _("closes tomorrow at %(time)s") % {"time": time}
            return _("closes %(day)s at %(time)s") % {"day": _weekday(change), "time": time}
        if same_day:
            return _("opens at %(time)s") % {"time": time}
        if tomorrow:
            return _("opens tomorrow at %(time)s") % {"time": time}
        return _("opens %(day)s at %(time)s") % {"day": _weekday(change), "time": time}


def _weekday(moment):
    return formats.date_format(moment, "l")


_STATES = {State.OPEN: "open", State.CLOSED: "closed", State.UNKNOWN: "unknown"}


def status(expression, at=None):
    """Return the ``OpeningStatus`` of ``expression`` at ``at`` (default: now).

    Never raises: stored expressions were validated, but an expression that no
    longer parses (or none at all) gives the neutral state "none".
    """
    at = _local(at)
    hours = parse_or_none(expression, (at.year, at.year + 1))
    if hours is None:
        return OpeningStatus("none", at=at)
    state, comment = hours.state(at)
    next_change = hours.next_change(at)
    return OpeningStatus(_STATES.get(state, "unknown"), comment or "", next_change, at)


@dataclass
class DayHours:
    date: datetime.date
    ranges: list = field(default_factory=list)  # [(start "HH:MM", end "HH:MM", state, comment)]
    is_today: bool = False

    @property
    def weekday_name(self):
        return formats.date_format(self.date, "l")

    @property
    def is_closed(self):
        return not self.ranges

    @property
    def text(self):
        if not self.ranges:
            return _("closed")
        parts = []
        for start, end, state, comment in self.ranges:
            part = f"{start}–{end}"
            if state == "unknown":
                part += " " + (comment or _("on request"))
            elif comment:
                part += f" ({comment})"
            parts.append(part)
        return ", ".join(parts)


def _hhmm(moment, day_start):
    if moment.astimezone(BERLIN).date() > day_start.date():
        return "24:00"
    return moment.astimezone(BERLIN).strftime("%H:%M")


def week(expression, start=None):
    """The next seven days from ``start`` (default today), each with its open ranges.

    Ranges are cut at midnight so a bar open 20:00-03:00 shows 20:00–24:00 on
    Friday and 00:00–03:00 on Saturday; a holiday rule shows as "closed" on
    that date. Returns an empty list when there are no (valid) hours.
    """
    today = _local(start).date()
    hours = parse_or_none(expression, (today.year, (today + datetime.timedelta(days=7)).year))
    if hours is None:
        return []
    days = []
    for offset in range(7):
        date = today + datetime.timedelta(days=offset)
        day_start = datetime.datetime.combine(date, datetime.time(), BERLIN)
        day_end = day_start + datetime.timedelta(days=1)
        day = DayHours(date=date, is_today=offset == 0)
        for begin, end, state, comment in hours.intervals(day_start, day_end):
            if state == State.CLOSED:
                continue
            day.ranges.append(
                (_hhmm(begin, day_start), _hhmm(end, day_start), _STATES[state], comment or "")
            )
        days.append(day)
    return days


def open_intervals(expression, start, end):
    """Concrete ``(begin, end)`` datetimes in which the business is open."""
    years = tuple(range(_local(start).year, _local(end).year + 1))
    hours = parse_or_none(expression, years)
    if hours is None:
        return []
    return [
        (begin, stop)
        for begin, stop, state, _comment in hours.intervals(_local(start), _local(end))
        if state == State.OPEN
    ]


def schema_org_specification(expression, start=None):
    """schema.org ``OpeningHoursSpecification`` entries for the coming week."""
    specification = []
    for day in week(expression, start):
        for begin, end, state, _comment in day.ranges:
            if state != "open":
                continue
            specification.append(
                {
                    "@type": "OpeningHoursSpecification",
                    "dayOfWeek": f"https://schema.org/{SCHEMA_DAYS[day.date.weekday()]}",
                    "opens": f"{begin}:00",
                    "closes": "23:59:59" if end == "24:00" else f"{end}:00",
                }
            )
    return specification
