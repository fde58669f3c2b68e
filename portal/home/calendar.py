"""iCalendar (RFC 5545) export of events, built with the ``icalendar`` library."""

from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar, Event


def build_calendar(request, events, name):
    """Return the bytes of a VCALENDAR holding one VEVENT per event page."""
    calendar = Calendar()
    calendar.add("prodid", "-//Stadtportal//Veranstaltungen//DE")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    host = request.get_host().split(":")[0]
    stamp = timezone.now()
    for page in events:
        event = Event()
        event.add("uid", f"event-{page.pk}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", page.start)
        event.add("dtend", page.effective_end)
        event.add("summary", page.title)
        location = ", ".join(part for part in (page.location_name, page.address) if part)
        if location:
            event.add("location", location)
        if page.intro:
            event.add("description", page.intro)
        if page.organiser:
            event.add("organizer", page.organiser)
        event.add("url", page.get_full_url(request))
        calendar.add_component(event)
    return calendar.to_ical()


def calendar_response(request, events, filename, name):
    response = HttpResponse(
        build_calendar(request, events, name), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
