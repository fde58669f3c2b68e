"""Opening hours as a merchant thinks of them, and back to OpenStreetMap syntax.

The profile stores one OpenStreetMap ``opening_hours`` expression (see
``hours``): that is what the "open now" filter, the weekly table and the
schema.org data evaluate. Merchants edit it as rows instead: per weekday
closed or up to two time spans, what happens on public holidays (as usual,
closed, special hours) and temporary closures (company holidays from–to).

``WeeklyHours.to_osm`` writes the rows in one canonical form (weekday rules,
then the ``PH`` rule, then closures, so later rules override earlier ones
exactly as the rows mean); ``WeeklyHours.from_osm`` reads that form back and
returns ``None`` for anything richer (seasons, nights past midnight,
comments), which the editor then offers in its expert field only.

``from_german`` understands what people type instead of the syntax:
"Di-So 10-18 Uhr", "Montag bis Freitag 9:00-12:00, 14-18 Uhr", "Feiertage
geschlossen", "24.12.2026 geschlossen".
"""

import datetime
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

OSM_DAYS = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]
DAY_NAMES = [
    _("Monday"),
    _("Tuesday"),
    _("Wednesday"),
    _("Thursday"),
    _("Friday"),
    _("Saturday"),
    _("Sunday"),
]
OSM_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
MAX_SPANS = 2

HOLIDAYS_REGULAR = "regular"  # like any other day of that weekday: no PH rule
HOLIDAYS_CLOSED = "closed"  # PH off
HOLIDAYS_SPECIAL = "special"  # PH with own spans
HOLIDAY_MODES = [
    (HOLIDAYS_REGULAR, _("open as on that weekday")),
    (HOLIDAYS_CLOSED, _("closed")),
    (HOLIDAYS_SPECIAL, _("special hours")),
]

_TIME = r"(?:[01]\d|2[0-4]):[0-5]\d"
_SPAN = rf"{_TIME}-{_TIME}"
_SPANS = re.compile(rf"^{_SPAN}(?:,{_SPAN})*$")
_DAY = r"(?:Mo|Tu|We|Th|Fr|Sa|Su)"
_DAYS = re.compile(rf"^{_DAY}(?:-{_DAY})?(?:,{_DAY}(?:-{_DAY})?)*$")
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
_CLOSURE = re.compile(
    rf"^(?P<y1>\d{{4}}) (?P<m1>{_MONTH}) (?P<d1>\d{{1,2}})"
    rf"(?:-(?P<y2>\d{{4}}) (?P<m2>{_MONTH}) (?P<d2>\d{{1,2}}))?"
    r' (?:off|closed)(?: "(?P<note>[^"]*)")?$'
)


@dataclass(frozen=True)
class Span:
    """One opening span of a day, as ``"HH:MM"`` strings; ``end`` may be ``"24:00"``."""

    start: str
    end: str

    def osm(self):
        return f"{self.start}-{self.end}"


@dataclass(frozen=True)
class Closure:
    """The business is closed from ``first`` to ``last`` (both included)."""

    first: datetime.date
    last: datetime.date
    note: str = ""

    def osm(self):
        rule = _osm_date(self.first)
        if self.last != self.first:
            rule += "-" + _osm_date(self.last)
        rule += " off"
        if self.note:
            rule += f' "{self.note}"'
        return rule


@dataclass
class WeeklyHours:
    """The rows of the editor: ``days[0]`` is Monday, each a tuple of ``Span``."""

    days: list = field(default_factory=lambda: [() for _day in OSM_DAYS])
    holidays: str = HOLIDAYS_REGULAR
    holiday_spans: tuple = ()
    closures: list = field(default_factory=list)

    @property
    def is_empty(self):
        return not any(self.days) and not (self.holidays == HOLIDAYS_SPECIAL and self.holiday_spans)

    def to_osm(self):
        """The canonical OSM expression of the rows ("" when no day is open)."""
        if self.is_empty:
            return ""
        rules = []
        groups = {}  # spans -> weekday numbers, in order of the first day
        for number, spans in enumerate(self.days):
            if spans:
                groups.setdefault(tuple(spans), []).append(number)
        for spans, numbers in groups.items():
            rules.append(f"{_osm_day_list(numbers)} {','.join(span.osm() for span in spans)}")
        if self.holidays == HOLIDAYS_CLOSED:
            rules.append("PH off")
        elif self.holidays == HOLIDAYS_SPECIAL and self.holiday_spans:
            rules.append("PH " + ",".join(span.osm() for span in self.holiday_spans))
        rules.extend(closure.osm() for closure in self.closures)
        return "; ".join(rules)

    @classmethod
    def from_osm(cls, expression):
        """The rows of ``expression``, or ``None`` when rows cannot say the same."""
        weekly = cls()
        if not expression or not expression.strip():
            return weekly
        phase = 0  # 0 weekday rules, 1 the holiday rule, 2 closures: in this order only
        for rule in split_rules(expression):
            if not rule:
                continue
            closure = _CLOSURE.match(rule)
            if closure:
                parsed = _closure(closure)
                if parsed is None:
                    return None
                weekly.closures.append(parsed)
                phase = 2
                continue
            selector, _space, times = rule.partition(" ")
            spans = _spans(times.strip())
            if spans is None:
                return None
            if selector == "PH":
                if phase > 1:
                    return None
                weekly.holidays = HOLIDAYS_SPECIAL if spans else HOLIDAYS_CLOSED
                weekly.holiday_spans = spans
                phase = 1
            elif _DAYS.match(selector):
                if phase > 0:
                    return None
                for number in _day_numbers(selector):
                    weekly.days[number] = spans
            else:
                return None
        return weekly


def split_rules(expression):
    """The rules of ``expression`` (split at ``;`` outside quoted comments), stripped."""
    rules, current, quoted = [], [], False
    for char in expression:
        if char == '"':
            quoted = not quoted
        if char == ";" and not quoted:
            rules.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    rules.append("".join(current).strip())
    return rules


def _osm_date(date):
    return f"{date.year} {OSM_MONTHS[date.month - 1]} {date.day:02d}"


def _osm_day_list(numbers):
    """``[0, 1, 2, 4]`` -> ``"Mo-We,Fr"``."""
    runs = []
    for number in numbers:
        if runs and runs[-1][1] == number - 1:
            runs[-1][1] = number
        else:
            runs.append([number, number])
    return ",".join(
        OSM_DAYS[first] if first == last else f"{OSM_DAYS[first]}-{OSM_DAYS[last]}"
        for first, last in runs
    )


def _day_numbers(selector):
    numbers = []
    for part in selector.split(","):
        first, _dash, last = part.partition("-")
        start = OSM_DAYS.index(first)
        stop = OSM_DAYS.index(last) if last else start
        number = start
        while True:  # OSM ranges may wrap: "Sa-Mo"
            numbers.append(number)
            if number == stop:
                break
            number = (number + 1) % 7
    return numbers


def _minutes(time):
    hours, minutes = time.split(":")
    return int(hours) * 60 + int(minutes)


def _spans(times):
    """``"09:00-12:00,14:00-18:00"`` -> spans; ``()`` for off; ``None`` if rows can't hold it."""
    if times in ("off", "closed"):
        return ()
    if not _SPANS.match(times):
        return None
    spans = tuple(Span(*part.split("-")) for part in times.split(","))
    if len(spans) > MAX_SPANS:
        return None
    previous_end = -1
    for span in spans:
        start, end = _minutes(span.start), _minutes(span.end)
        if start >= end or start <= previous_end or end > 24 * 60:
            return None  # past midnight or overlapping: the expert field's job
        previous_end = end
    return spans


def _closure(match):
    try:
        first = datetime.date(int(match["y1"]), OSM_MONTHS.index(match["m1"]) + 1, int(match["d1"]))
        last = (
            datetime.date(int(match["y2"]), OSM_MONTHS.index(match["m2"]) + 1, int(match["d2"]))
            if match["y2"]
            else first
        )
    except ValueError:
        return None
    if last < first:
        return None
    return Closure(first, last, match["note"] or "")


# ---------------------------------------------------------------------------
# German input

_GERMAN_WORDS = {
    "mo": "Mo",
    "montag": "Mo",
    "montags": "Mo",
    "di": "Tu",
    "dienstag": "Tu",
    "dienstags": "Tu",
    "mi": "We",
    "mittwoch": "We",
    "mittwochs": "We",
    "do": "Th",
    "donnerstag": "Th",
    "donnerstags": "Th",
    "fr": "Fr",
    "freitag": "Fr",
    "freitags": "Fr",
    "sa": "Sa",
    "samstag": "Sa",
    "samstags": "Sa",
    "sonnabend": "Sa",
    "so": "Su",
    "sonntag": "Su",
    "sonntags": "Su",
    "täglich": "Mo-Su",
    "tgl": "Mo-Su",
    "feiertag": "PH",
    "feiertage": "PH",
    "feiertags": "PH",
    "ph": "PH",
    "geschlossen": "off",
    "ruhetag": "off",
    "off": "off",
    "closed": "off",
    "bis": "-",
    "und": ",",
    "uhr": "",
    "jan": "Jan",
    "januar": "Jan",
    "feb": "Feb",
    "februar": "Feb",
    "mär": "Mar",
    "märz": "Mar",
    "mrz": "Mar",
    "apr": "Apr",
    "april": "Apr",
    "mai": "May",
    "jun": "Jun",
    "juni": "Jun",
    "jul": "Jul",
    "juli": "Jul",
    "aug": "Aug",
    "august": "Aug",
    "sep": "Sep",
    "sept": "Sep",
    "september": "Sep",
    "okt": "Oct",
    "oktober": "Oct",
    "nov": "Nov",
    "november": "Nov",
    "dez": "Dec",
    "dezember": "Dec",
}
_WORD = re.compile(r"[A-Za-zÄÖÜäöüß]+\.?")
_GERMAN_DATE = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b")
_LOOSE_TIME = r"(\d{1,2})(?:[:.](\d{2}))?"
_LOOSE_SPAN = re.compile(rf"(?<![\d:]){_LOOSE_TIME}\s*-\s*{_LOOSE_TIME}(?![\d:])")


def from_german(text):
    """``text`` with German days, months, dates, words and loose times in OSM syntax.

    Quoted comments are left alone. The result may still be invalid; the
    caller validates it (and only uses it when the text itself is not valid).
    """
    parts = re.split(r'("[^"]*")', text)
    for index in range(0, len(parts), 2):  # even parts are outside quotes
        parts[index] = _german_part(parts[index])
    return re.sub(r"\s+", " ", "".join(parts)).strip(" ;")


def _german_part(text):
    text = re.sub(r"[\r\n]+", "; ", text)
    text = _GERMAN_DATE.sub(
        lambda m: (
            f"{m[3]} {OSM_MONTHS[int(m[2]) - 1]} {int(m[1]):02d}" if 1 <= int(m[2]) <= 12 else m[0]
        ),
        text,
    )

    def word(match):
        raw = match[0]
        key = raw.rstrip(".").lower()
        return _GERMAN_WORDS.get(key, raw)

    text = _WORD.sub(word, text)

    def span(match):
        before = text[: match.start()].rstrip()
        if re.search(rf"{_MONTH}$", before):
            return match[0]  # a date range such as "Aug 03-14", not times
        start_hour, start_minute, end_hour, end_minute = match.groups()
        if int(start_hour) > 24 or int(end_hour) > 24:
            return match[0]
        return (
            f"{int(start_hour):02d}:{start_minute or '00'}-{int(end_hour):02d}:{end_minute or '00'}"
        )

    text = _LOOSE_SPAN.sub(span, text)
    text = re.sub(r"\s*-\s*", "-", text)
    text = re.sub(r"\s*,\s*", ",", text)
    # "Mo-Fr 09:00-18:00, Sa 10:00-14:00": a comma between rules is a new rule.
    text = re.sub(rf"({_TIME}|off),(?=(?:{_DAY}|PH)\b)", r"\1; ", text)
    text = re.sub(r"\s*;\s*", "; ", text)
    return text
