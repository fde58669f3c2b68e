"""The ticket as a PDF: one A4 page per ticket, to print or show on a phone.

Drawn with ReportLab's built-in Helvetica (umlauts and the euro sign, nothing
loaded from outside). The QR code holds the ticket's secret check-in code
and nothing else, so scanning it reveals no personal data; the short code
under it is what the door types when a code cannot be scanned. The printed
text is German because the ticket is a document for residents.
"""

import io

from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from portal.printing import draw_qr, euro

FONT = "Helvetica"
BOLD = "Helvetica-Bold"
TEXT = colors.HexColor("#1c2329")
MUTED = colors.HexColor("#4d5963")
BAND = colors.HexColor("#0b5d7a")
CARD_WIDTH = 180 * mm
CARD_HEIGHT = 120 * mm
WEEKDAYS = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]


def when_text(event, slot=None):
    """The date of ``event`` in words; a time slot replaces its start (and end)."""
    start = timezone.localtime(slot or event.start)
    text = f"{WEEKDAYS[start.weekday()]}, {start:%d.%m.%Y}, {start:%H:%M} Uhr"
    if event.end and slot is None:
        end = timezone.localtime(event.end)
        text += f" bis {end:%H:%M} Uhr" if end.date() == start.date() else f" bis {end:%d.%m.%Y}"
    return text


def _fit(pdf, text, font, size, width):
    """Shrink ``size`` until ``text`` fits ``width`` (long event titles)."""
    while size > 9 and pdf.stringWidth(text, font, size) > width:
        size -= 1
    return size


def draw_ticket(pdf, ticket, x, y):
    sale, event = ticket.sale, ticket.sale.event
    pdf.setStrokeColor(colors.HexColor("#c9d2d9"))
    pdf.setDash(4, 3)
    pdf.rect(x, y, CARD_WIDTH, CARD_HEIGHT, stroke=1, fill=0)
    pdf.setDash()
    pdf.setFillColor(BAND)
    pdf.rect(x, y + CARD_HEIGHT - 16 * mm, CARD_WIDTH, 16 * mm, stroke=0, fill=1)
    pdf.setFillColor(colors.white)
    pdf.setFont(BOLD, 12)
    pdf.drawString(x + 8 * mm, y + CARD_HEIGHT - 10 * mm, "Eintrittskarte")
    pdf.setFont(FONT, 10)
    pdf.drawRightString(
        x + CARD_WIDTH - 8 * mm, y + CARD_HEIGHT - 10 * mm, sale.organiser.title[:60]
    )

    left, text_width = x + 8 * mm, CARD_WIDTH - 80 * mm
    top = y + CARD_HEIGHT - 28 * mm
    pdf.setFillColor(TEXT)
    size = _fit(pdf, event.title, BOLD, 18, text_width)
    pdf.setFont(BOLD, size)
    pdf.drawString(left, top, event.title)
    pdf.setFont(FONT, 11)
    pdf.drawString(left, top - 9 * mm, when_text(event, ticket.category.slot))
    place = event.location_name + (f", {event.address}" if event.address else "")
    pdf.setFont(FONT, _fit(pdf, place, FONT, 11, text_width))
    pdf.drawString(left, top - 15 * mm, place)

    pdf.setFont(BOLD, 15)
    pdf.drawString(left, top - 30 * mm, ticket.category.name)
    pdf.setFont(FONT, 11)
    pdf.drawString(left, top - 37 * mm, f"Preis: {euro(ticket.price)} inkl. MwSt.")
    if ticket.holder_name:
        pdf.drawString(left, top - 44 * mm, f"Name: {ticket.holder_name}")
    pdf.setFillColor(MUTED)
    pdf.setFont(FONT, 9)
    pdf.drawString(left, y + 16 * mm, f"Bestellung {ticket.order_line.order.number}")
    pdf.setFont(FONT, 7.5)
    pdf.drawString(
        left,
        y + 10 * mm,
        "Gilt für einen Einlass. Kein Widerrufsrecht (Freizeitveranstaltung mit festem Termin).",
    )
    pdf.drawString(left, y + 6 * mm, "Bitte am Einlass ausgedruckt oder auf dem Handy zeigen.")

    qr_size = 56 * mm
    qr_x = x + CARD_WIDTH - qr_size - 10 * mm
    qr_y = y + 28 * mm
    draw_qr(pdf, ticket.code, qr_x, qr_y, qr_size)
    pdf.setFillColor(TEXT)
    pdf.setFont(BOLD, 13)
    pdf.drawCentredString(qr_x + qr_size / 2, qr_y - 8 * mm, ticket.short_code_display)


def tickets_pdf(tickets):
    """One page per ticket, the ticket at the top."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=1)
    pdf.setTitle("Eintrittskarten")
    _page_width, page_height = A4
    for ticket in tickets:
        draw_ticket(pdf, ticket, 15 * mm, page_height - 20 * mm - CARD_HEIGHT)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def attendee_pdf(sale, tickets):
    """The attendee list of an event: category, name, code, check-in, one line each."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=1)
    pdf.setTitle(f"Teilnehmerliste {sale.event.title}")
    width, height = A4
    rows = list(tickets)

    def header():
        pdf.setFillColor(TEXT)
        pdf.setFont(BOLD, 14)
        pdf.drawString(15 * mm, height - 20 * mm, f"Teilnehmerliste: {sale.event.title}"[:80])
        pdf.setFont(FONT, 9.5)
        pdf.drawString(15 * mm, height - 26 * mm, when_text(sale.event))
        pdf.setFont(BOLD, 9)
        for column, label in zip(COLUMNS, LABELS, strict=True):
            pdf.drawString(column, height - 36 * mm, label)
        return height - 42 * mm

    line_y = header()
    for ticket in rows:
        if line_y < 20 * mm:
            pdf.showPage()
            line_y = header()
        pdf.setFont(FONT, 9)
        checked = (
            timezone.localtime(ticket.checked_in_at).strftime("%d.%m. %H:%M")
            if ticket.checked_in_at
            else ""
        )
        status = "storniert" if not ticket.is_valid else checked
        values = [
            ticket.short_code_display,
            ticket.category.name[:28],
            (ticket.holder_name or "")[:32],
            ticket.order_line.order.number,
            status,
        ]
        for column, value in zip(COLUMNS, values, strict=True):
            pdf.drawString(column, line_y, value)
        line_y -= 6 * mm
    pdf.setFont(FONT, 9)
    pdf.drawString(15 * mm, max(line_y - 4 * mm, 12 * mm), f"{len(rows)} Tickets")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


COLUMNS = [15 * mm, 42 * mm, 90 * mm, 145 * mm, 172 * mm]
LABELS = ["Code", "Kategorie", "Name", "Bestellung", "Einlass"]
