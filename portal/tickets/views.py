"""The ticket app's public pages: buying on the event page, the buyer's tickets, the door.

- ``buy``: the event page's form puts the chosen tickets into the shop's
  basket (the basket page and checkout do the rest).
- ``order_pdf`` and ``order_resend``: the buyer's tickets from the shop's
  order page, reached with the checkout's secret key (like the order page).
- ``checkin_index`` and ``checkin_page``: the door. Owners and staff of the
  organiser open an event's check-in page, scan the QR code with the camera
  (``static/js/scanner.js``) or type the short code, and each scan is
  checked in at once (``checkin.check_in``). The page answers JSON to the
  script and HTML to a plain form post.
"""

import secrets

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from portal.ratelimit import RateLimit, too_many_requests
from portal.shop.models import Checkout
from portal.shop.services.emails import customer_email
from portal.tickets import access, checkin, selling
from portal.tickets.forms import BuyForm
from portal.tickets.models import Ticket, TicketSale
from portal.tickets.pdf import tickets_pdf
from portal.towns import in_town, town_for_request

RESENDS = RateLimit("tickets:resend", limit=3, window=3600)
# Unknown codes typed or scanned at the door, per user: slows down guessing short codes.
DOOR_MISSES = RateLimit("tickets:fail:door", limit=60, window=600, fail_closed=True)


# ------------------------------------------------------------------ buying


@require_POST
def buy(request, sale_id):
    sales = TicketSale.objects.filter(in_town(town_for_request(request), "event"))
    sale = get_object_or_404(sales.select_related("event"), pk=sale_id)
    event_url = sale.event.url or "/"
    offers = [offer for offer in selling.offers(sale) if offer.on_sale and not offer.sold_out]
    form = BuyForm(offers, request.POST)
    if not offers:
        messages.error(request, _("No tickets are on sale for this event."))
        return redirect(event_url)
    if not form.is_valid():
        # The event page again, its ticket section showing what was wrong.
        request.ticket_errors = [error for errors in form.errors.values() for error in errors]
        page = sale.event.specific
        return TemplateResponse(
            request, page.get_template(request), page.get_context(request), status=400
        )
    count = 0
    for offer, quantity in form.wanted():
        request.basket.add_product(offer.category.product, quantity)
        count += quantity
    messages.success(
        request,
        ngettext(
            "%(count)s ticket is in your basket.", "%(count)s tickets are in your basket.", count
        )
        % {"count": count},
    )
    return redirect("basket:summary")


# ------------------------------------------------------------------ the buyer's tickets


def _order(number, key, order_number):
    checkout = get_object_or_404(Checkout, number=number)
    if not secrets.compare_digest(key, checkout.access_key):
        raise Http404
    order = checkout.orders().filter(number=order_number).first()
    if order is None or not Ticket.objects.filter(order_line__order=order).exists():
        raise Http404
    return checkout, order


def order_pdf(request, number, key, order_number):
    """The order's valid tickets as one PDF (download from the order page)."""
    _checkout, order = _order(number, key, order_number)
    tickets = list(
        selling.order_tickets(order)
        .filter(status=Ticket.Status.VALID)
        .select_related("order_line__order")
    )
    if not tickets:
        raise Http404
    response = HttpResponse(tickets_pdf(tickets), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="tickets-{order.number}.pdf"'
    return response


@require_POST
def order_resend(request, number, key, order_number):
    checkout, order = _order(number, key, order_number)
    if RESENDS.exceeded(order.number):
        messages.error(
            request, _("The tickets were sent several times already. Please try again later.")
        )
    else:
        RESENDS.record(order.number)
        selling.queue_delivery(order)
        messages.success(
            request,
            _("Your tickets are being sent again to %(email)s.") % {"email": customer_email(order)},
        )
    return redirect(checkout.get_absolute_url())


@require_POST
def order_names(request, number, key, order_number):
    """The buyer puts a name on each ticket (where the organiser asks for names).

    Only valid tickets not yet checked in of events not yet begun can be
    renamed; the PDF and the door show the new names at once.
    """
    checkout, order = _order(number, key, order_number)
    changed = 0
    for ticket in selling.nameable_tickets(order):
        name = " ".join(request.POST.get(f"name_{ticket.pk}", "").split())[:120]
        if name != ticket.holder_name:
            Ticket.objects.filter(pk=ticket.pk).update(holder_name=name)
            changed += 1
    if changed:
        messages.success(request, _("The names on your tickets were saved."))
    return redirect(checkout.get_absolute_url())


# ------------------------------------------------------------------ the door


def _door_user(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("wagtailadmin_login"))
    return None


def checkin_index(request):
    """``/einlass/``: the events whose tickets the user checks in."""
    login = _door_user(request)
    if login is not None:
        return login
    sales = list(
        access.sales_checked_in_by(request.user)
        .upcoming()
        .select_related("event", "organiser")
        .order_by("event__start")
    )
    if not sales:
        return TemplateResponse(request, "tickets/checkin_refused.html", status=403)
    return TemplateResponse(request, "tickets/checkin_index.html", {"sales": sales})


def checkin_page(request, sale_id):
    """``/einlass/<sale>/``: the scanner page of one event; a POST checks one code in."""
    login = _door_user(request)
    if login is not None:
        return login
    sale = get_object_or_404(
        access.sales_checked_in_by(request.user).select_related("event", "organiser"), pk=sale_id
    )
    context = {"sale": sale, "progress": checked_in_progress(sale)}
    if request.method == "POST":
        if DOOR_MISSES.exceeded(request.user.pk):
            return too_many_requests(
                request,
                _("Too many unknown codes in a short time. Please wait a few minutes."),
                retry_after=DOOR_MISSES.window,
            )
        result = checkin.check_in(
            sale,
            request.POST.get("code", ""),
            user=request.user,
            entrance=request.POST.get("entrance", ""),
        )
        if result.reason == "unknown":
            DOOR_MISSES.record(request.user.pk)
        if request.headers.get("Accept", "").startswith("application/json"):
            return JsonResponse(result_json(result, sale), status=200 if result.ok else 409)
        context.update(result=result, entrance=request.POST.get("entrance", "")[:60])
        context["progress"] = checked_in_progress(sale)
        return TemplateResponse(
            request, "tickets/checkin.html", context, status=200 if result.ok else 409
        )
    return TemplateResponse(request, "tickets/checkin.html", context)


def checked_in_progress(sale):
    return Ticket.objects.filter(sale=sale, status=Ticket.Status.VALID).aggregate(
        valid=Count("pk"), checked_in=Count("pk", filter=Q(checked_in_at__isnull=False))
    )


def result_json(result, sale):
    ticket = result.ticket
    data = {"ok": result.ok, "reason": result.reason, "message": result.message}
    if ticket is not None and result.reason not in ("other_event", "unknown"):
        slot = ticket.category.slot
        data.update(
            category=ticket.category.name
            + (f" ({timezone.localtime(slot):%d.%m. %H:%M})" if slot else ""),
            name=ticket.holder_name,
            code=ticket.short_code_display,
            checked_in_at=(
                timezone.localtime(ticket.checked_in_at).strftime("%H:%M")
                if ticket.checked_in_at
                else ""
            ),
        )
    progress = checked_in_progress(sale)
    data["progress"] = _("%(checked_in)s of %(valid)s checked in") % progress
    return data
