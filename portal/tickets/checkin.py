"""Checking tickets in at the door: exactly once, whichever entrance scans first.

``check_in`` finds the ticket by its QR secret or its typed short code and
marks it with one conditional ``UPDATE ... WHERE status = 'valid' AND
checked_in_at IS NULL``. Several entrances scanning the same ticket at the
same moment therefore get one success; the others read back who was first
("bereits eingecheckt um 19:04 am Eingang Nord"). A ticket of another
event, a cancelled ticket or an unknown code is refused with its own reason;
a ticket of another organiser's event is refused without naming that event.
"""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from portal.tickets.models import Ticket
from portal.tickets.selling import normalise_short_code


@dataclass
class CheckInResult:
    ok: bool
    reason: str  # "checked_in", "already", "cancelled", "event_cancelled", "other_event", "unknown"
    ticket: Ticket | None = None
    organiser_id: int | None = None  # of the event being checked in

    @property
    def message(self):
        ticket = self.ticket
        if self.reason == "checked_in":
            return _("Checked in. Welcome!")
        if self.reason == "already":
            local = timezone.localtime(ticket.checked_in_at)
            day = (
                ""
                if local.date() == timezone.localdate()
                else " " + _("on %(day)s") % {"day": date_format(local.date(), "d.m.Y")}
            )
            text = _("Already checked in at %(time)s%(day)s") % {
                "time": local.strftime("%H:%M"),
                "day": day,
            }
            if ticket.entrance:
                text += " " + _("at %(entrance)s") % {"entrance": ticket.entrance}
            return text + "."
        if self.reason == "cancelled":
            return _("This ticket has been cancelled. No entry.")
        if self.reason == "event_cancelled":
            return _("This event has been cancelled. No entry.")
        if self.reason == "other_event" and ticket.sale.organiser_id != self.organiser_id:
            # Another organiser's ticket: nothing about its event is told.
            return _("This ticket is not for this event. No entry.")
        if self.reason == "other_event":
            return _("This ticket is for another event: %(event)s (%(day)s). No entry.") % {
                "event": ticket.sale.event.title,
                "day": date_format(timezone.localtime(ticket.sale.event.start), "d.m.Y H:i"),
            }
        return _("No ticket was found for this code. Please check it.")


def find(code):
    """The ticket with QR secret or short code ``code``, or ``None``."""
    code = (code or "").strip()
    if not code or len(code) > 200:
        return None
    if "/" in code:  # a whole link was scanned or pasted: its last part is the code
        code = code.rstrip("/").rsplit("/", 1)[-1]
    queryset = Ticket.objects.select_related("category", "sale__event")
    ticket = queryset.filter(code=code).first()
    if ticket is None:
        short = normalise_short_code(code)
        if len(short) == 8:
            ticket = queryset.filter(short_code=short).first()
    return ticket


def check_in(sale, code, *, user=None, entrance="", at=None):
    """Check the ticket ``code`` in for ``sale``; returns a ``CheckInResult``."""
    ticket = find(code)
    if ticket is None:
        return CheckInResult(False, "unknown")
    if ticket.sale_id != sale.pk:
        return CheckInResult(False, "other_event", ticket, organiser_id=sale.organiser_id)
    if sale.is_cancelled:
        return CheckInResult(False, "event_cancelled", ticket)
    at = at or timezone.now()
    updated = Ticket.objects.filter(
        pk=ticket.pk, status=Ticket.Status.VALID, checked_in_at__isnull=True
    ).update(
        checked_in_at=at,
        entrance=(entrance or "").strip()[:60],
        checked_in_by=user if user is not None and user.is_authenticated else None,
    )
    ticket.refresh_from_db(fields=["status", "checked_in_at", "entrance", "checked_in_by"])
    if updated:
        return CheckInResult(True, "checked_in", ticket)
    if ticket.status == Ticket.Status.CANCELLED:
        return CheckInResult(False, "cancelled", ticket)
    return CheckInResult(False, "already", ticket)
