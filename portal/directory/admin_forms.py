"""The opening-hours editor of the profile form in the Wagtail admin.

``OpeningHoursWidget`` renders weekday rows (closed or up to two spans),
the public-holiday choice with the state's holiday dates, temporary closures
and an expert field with the raw OpenStreetMap syntax; a little script
(``js/directory/opening_hours.js``) switches between rows and expert field.
``OpeningHoursField`` turns what was posted into one OSM expression via
``weekly_hours`` and answers a wrong entry with a German message naming the
day. ``MerchantPageForm`` is the profile's base form that declares it.
"""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import formats
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.home.admin_forms import PortalPageForm

from . import hours
from .weekly_hours import (
    DAY_NAMES,
    HOLIDAY_MODES,
    HOLIDAYS_CLOSED,
    HOLIDAYS_REGULAR,
    HOLIDAYS_SPECIAL,
    MAX_SPANS,
    Closure,
    Span,
    WeeklyHours,
    from_german,
)

MODE_ROWS = "rows"
MODE_EXPERT = "expert"
# Closure rows offered below the ones already entered.
EMPTY_CLOSURE_ROWS = 2
MAX_CLOSURES = 10

STATE_NAMES = {
    "BW": "Baden-Württemberg",
    "BY": "Bayern",
    "BE": "Berlin",
    "BB": "Brandenburg",
    "HB": "Bremen",
    "HH": "Hamburg",
    "HE": "Hessen",
    "MV": "Mecklenburg-Vorpommern",
    "NI": "Niedersachsen",
    "NW": "Nordrhein-Westfalen",
    "RP": "Rheinland-Pfalz",
    "SL": "Saarland",
    "SN": "Sachsen",
    "ST": "Sachsen-Anhalt",
    "SH": "Schleswig-Holstein",
    "TH": "Thüringen",
}

_LOOSE_TIME = re.compile(r"^(\d{1,2})(?:[:.]?(\d{2}))?$")
_GERMAN_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


class OpeningHoursWidget(forms.Widget):
    """Rows, holidays, closures and the expert field; posts ``<name>-…`` keys."""

    template_name = "directory/widgets/opening_hours.html"

    class Media:
        js = ["js/directory/opening_hours.js"]
        css = {"all": ["css/directory_admin.css"]}

    def render(self, name, value, attrs=None, renderer=None):
        # The project's template folder, which Django's form renderer does not search.
        return mark_safe(render_to_string(self.template_name, self.get_context(name, value, attrs)))

    def value_from_datadict(self, data, files, name):
        if f"{name}-mode" not in data:
            return data.get(name)  # a plain expression (API, scripts)
        prefix = f"{name}-"
        return {key[len(prefix) :]: data.get(key) for key in data if key.startswith(prefix)}

    def value_omitted_from_data(self, data, files, name):
        return name not in data and f"{name}-mode" not in data

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if isinstance(value, dict):
            editor = _editor_from_post(value)
        else:
            editor = _editor_from_expression(value or "")
        for number, day in enumerate(editor["days"]):
            day.update(number=number, name=DAY_NAMES[number])
        context["editor"] = editor
        context["holiday_modes"] = HOLIDAY_MODES
        context["holidays"] = upcoming_holidays()
        state = hours.holiday_state()
        context["state_name"] = STATE_NAMES.get(state, "")
        return context


def upcoming_holidays(today=None, state=None):
    """``[(date, name)]`` of the public holidays in the next twelve months."""
    today = today or hours.now().date()
    state = hours.holiday_state() if state is None else state
    until = today + datetime.timedelta(days=365)
    calendar = hours.state_holidays(state, (today.year, today.year + 1))
    return [(day, name) for day, name in calendar.items() if today <= day < until]


def _editor_from_expression(expression):
    weekly = WeeklyHours.from_osm(expression)
    representable = weekly is not None
    weekly = weekly or WeeklyHours()
    return {
        "mode": MODE_ROWS if representable else MODE_EXPERT,
        "representable": representable,
        "expert": expression,
        "days": [
            {
                "closed": not spans,
                "spans": _span_slots([(span.start, _shown_end(span.end)) for span in spans]),
            }
            for spans in weekly.days
        ],
        "holidays": weekly.holidays,
        "holiday_spans": _span_slots(
            [(span.start, _shown_end(span.end)) for span in weekly.holiday_spans]
        ),
        "closures": _closure_slots(
            [
                (closure.first.isoformat(), closure.last.isoformat(), closure.note)
                for closure in weekly.closures
            ]
        ),
    }


def _editor_from_post(data):
    """The editor as posted, so a form with errors shows exactly what was typed."""
    get = lambda key: (data.get(key) or "").strip()  # noqa: E731
    closures = [
        (get(f"c{number}-first"), get(f"c{number}-last"), get(f"c{number}-note"))
        for number in range(MAX_CLOSURES)
        if any((get(f"c{number}-first"), get(f"c{number}-last"), get(f"c{number}-note")))
    ]
    return {
        "mode": MODE_EXPERT if get("mode") == MODE_EXPERT else MODE_ROWS,
        "representable": True,
        "expert": data.get("expert") or "",
        "days": [
            {
                "closed": bool(get(f"d{day}-closed")),
                "spans": _span_slots(
                    [(get(f"d{day}-s{slot}-start"), get(f"d{day}-s{slot}-end")) for slot in (0, 1)]
                ),
            }
            for day in range(7)
        ],
        "holidays": get("ph") or HOLIDAYS_REGULAR,
        "holiday_spans": _span_slots(
            [(get(f"ph-s{slot}-start"), get(f"ph-s{slot}-end")) for slot in (0, 1)]
        ),
        "closures": _closure_slots(closures),
    }


def _shown_end(end):
    return "00:00" if end == "24:00" else end


def _span_slots(spans):
    spans = list(spans)[:MAX_SPANS]
    return [
        {"start": start, "end": end} for start, end in spans + [("", "")] * (MAX_SPANS - len(spans))
    ]


def _closure_slots(closures):
    closures = list(closures)[:MAX_CLOSURES]
    empty = min(EMPTY_CLOSURE_ROWS, MAX_CLOSURES - len(closures))
    return [
        {"number": number, "first": first, "last": last, "note": note}
        for number, (first, last, note) in enumerate(closures + [("", "", "")] * empty)
    ]


# ---------------------------------------------------------------------------
# Reading the rows


def _time(value):
    """``"9"``, ``"9:30"``, ``"0930"``, ``"09.30"`` -> ``"09:30"``; ``None`` if no time."""
    match = _LOOSE_TIME.match(value)
    if not match:
        return None
    hour, minute = int(match[1]), int(match[2] or 0)
    if hour > 24 or minute > 59 or (hour == 24 and minute):
        return None
    return f"{hour:02d}:{minute:02d}"


def _date(value):
    match = _GERMAN_DATE.match(value)
    try:
        if match:
            return datetime.date(int(match[3]), int(match[2]), int(match[1]))
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


def _read_spans(data, prefix, where, errors):
    """The spans posted under ``prefix`` (``d1`` / ``ph``); problems go to ``errors``."""
    spans = []
    for slot in range(MAX_SPANS):
        start_text = (data.get(f"{prefix}-s{slot}-start") or "").strip()
        end_text = (data.get(f"{prefix}-s{slot}-end") or "").strip()
        if not start_text and not end_text:
            continue
        label = where if slot == 0 else gettext("%(day)s, second time span") % {"day": where}
        if not start_text or not end_text:
            errors.append(
                gettext("%(day)s: please enter when it opens and when it closes.") % {"day": label}
            )
            continue
        start, end = _time(start_text), _time(end_text)
        if start is None or end is None:
            wrong = start_text if start is None else end_text
            errors.append(
                gettext('%(day)s: "%(value)s" is not a time of day, e.g. 09:30.')
                % {"day": label, "value": wrong}
            )
            continue
        if end == "00:00":
            end = "24:00"  # "until midnight"
        if end <= start:
            errors.append(
                gettext(
                    "%(day)s: it closes (%(end)s) before it opens (%(start)s). "
                    'Hours past midnight go in the expert field, e.g. "Fr 20:00-03:00".'
                )
                % {"day": label, "start": start, "end": _shown_end(end)}
            )
            continue
        if spans and start <= spans[-1].end:
            errors.append(
                gettext("%(day)s: the second time span must begin after the first one ends.")
                % {"day": where}
            )
            continue
        spans.append(Span(start, end))
    return tuple(spans)


def weekly_hours_from_post(data):
    """``(WeeklyHours, [German error messages])`` from the posted rows."""
    errors = []
    weekly = WeeklyHours()
    for day in range(7):
        name = str(DAY_NAMES[day])
        spans = _read_spans(data, f"d{day}", name, errors)
        weekly.days[day] = () if data.get(f"d{day}-closed") else spans
    mode = (data.get("ph") or HOLIDAYS_REGULAR).strip()
    if mode not in (HOLIDAYS_REGULAR, HOLIDAYS_CLOSED, HOLIDAYS_SPECIAL):
        mode = HOLIDAYS_REGULAR
    weekly.holidays = mode
    if mode == HOLIDAYS_SPECIAL:
        where = gettext("Public holidays")
        weekly.holiday_spans = _read_spans(data, "ph", where, errors)
        if not weekly.holiday_spans and not any(message.startswith(where) for message in errors):
            errors.append(
                gettext("%(day)s: please enter the special hours or choose another option.")
                % {"day": where}
            )
    for number in range(MAX_CLOSURES):
        first_text = (data.get(f"c{number}-first") or "").strip()
        last_text = (data.get(f"c{number}-last") or "").strip()
        note = re.sub(r"\s+", " ", (data.get(f"c{number}-note") or "").replace('"', "'")).strip()
        if not first_text and not last_text and not note:
            continue
        where = gettext("Closure %(number)d") % {"number": len(weekly.closures) + 1}
        first = _date(first_text) if first_text else None
        last = _date(last_text) if last_text else first
        if first is None or last is None:
            errors.append(
                gettext("%(day)s: please enter the first day as a date, e.g. 24.12.2026.")
                % {"day": where}
            )
            continue
        if last < first:
            errors.append(
                gettext("%(day)s: the last day (%(last)s) is before the first (%(first)s).")
                % {
                    "day": where,
                    "first": formats.date_format(first, "SHORT_DATE_FORMAT"),
                    "last": formats.date_format(last, "SHORT_DATE_FORMAT"),
                }
            )
            continue
        weekly.closures.append(Closure(first, last, note[:60]))
    return weekly, errors


class OpeningHoursField(forms.Field):
    """Cleans the editor's post (or a plain expression) to one OSM expression."""

    widget = OpeningHoursWidget

    def __init__(self, *, max_length=hours.MAX_LENGTH, **kwargs):
        self.max_length = max_length
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, dict):
            if (value.get("mode") or "").strip() == MODE_EXPERT:
                return expert_expression(value.get("expert") or "")
            weekly, errors = weekly_hours_from_post(value)
            if errors:
                raise ValidationError(errors, code="invalid_opening_hours")
            expression = weekly.to_osm()
        else:
            expression = expert_expression(value or "")
        if len(expression) > self.max_length:
            raise ValidationError(
                gettext(
                    "Together these opening hours are too long to store "
                    "(%(length)d of at most %(max)d characters). "
                    "Please remove past closures or combine them."
                )
                % {"length": len(expression), "max": self.max_length},
                code="max_length",
            )
        return expression

    def validate(self, value):
        super().validate(value)
        hours.validate_opening_hours(value)

    def has_changed(self, initial, data):
        try:
            value = self.to_python(data)
        except ValidationError:
            return True
        return (initial or "") != value


def expert_expression(text):
    """The expert field's text as OSM: as typed when valid, else its German reading."""
    text = re.sub(r"\s*[\r\n]+\s*", "; ", text.strip()).strip(" ;")
    if not text or hours.parse_or_none(text) is not None:
        return text
    german = from_german(text)
    if hours.parse_or_none(german) is not None:
        return german
    return text  # invalid: ``validate`` words the message


class MerchantPageForm(PortalPageForm):
    """The profile form: opening hours through the rows editor."""

    opening_hours = OpeningHoursField(
        label=_("opening hours"),
        help_text=_(
            "Enter up to two time spans per day; leave a day closed if you do not open. "
            "Public holidays and company holidays are set below the days."
        ),
    )
