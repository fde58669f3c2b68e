"""What search engines learn about an event page: its schema.org ``Event`` (JSON-LD).

Name, dates, place, organiser and description come from the page. Apps that
sell something for the event add their schema.org ``Offer`` objects through
the Wagtail hook ``portal_event_offers`` (``fn(request, page)`` returns a
list), so the home app never knows the ticket app: the ticket app adds
each ticket category with its gross price and availability. An offer that
is ``Discontinued`` marks the event as cancelled.
"""

from wagtail import hooks

CANCELLED = "https://schema.org/Discontinued"


def event(page, request):
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": page.title,
        "startDate": page.start.isoformat(),
        "endDate": page.effective_end.isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": {"@type": "Place", "name": page.location_name},
        "description": page.listing_intro or page.intro,
    }
    if page.full_url:
        data["url"] = page.full_url
    if page.address:
        data["location"]["address"] = page.address
    if page.organiser:
        data["organizer"] = {"@type": "Organization", "name": page.organiser}
        if page.organiser_url:
            data["organizer"]["url"] = page.organiser_url
    offers = [offer for fn in hooks.get_hooks("portal_event_offers") for offer in fn(request, page)]
    if offers:
        data["offers"] = offers
        if all(offer.get("availability") == CANCELLED for offer in offers):
            data["eventStatus"] = "https://schema.org/EventCancelled"
    return data
