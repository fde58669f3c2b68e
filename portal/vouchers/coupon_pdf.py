"""Printable coupons: one card per claim with its QR code, four to an A4 page.

The same drawing as the voucher PDFs (``pdf.draw_qr``, Helvetica only). The
QR code holds the claim's ``/g/<code>/`` link, which the till scans like a
city voucher's.
"""

import io

from django.conf import settings
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from portal.vouchers.links import claim_url
from portal.vouchers.pdf import BOLD, FONT, MUTED, TEXT, _wrap, draw_qr, german_date

CARD_WIDTH = 190 * mm
CARD_HEIGHT = 66 * mm
PER_PAGE = 4
QR_SIZE = 44 * mm


def conditions_text(coupon):
    """Dates, weekdays and hours of ``coupon`` in German, for print."""
    parts = [f"Gültig {german_date(coupon.valid_from)} bis {german_date(coupon.valid_until)}"]
    if coupon.weekdays:
        parts.append(", ".join(coupon.weekday_names))
    if coupon.time_from:
        parts.append(f"{coupon.time_from:%H:%M}–{coupon.time_until:%H:%M} Uhr")
    return " · ".join(parts)


def draw_claim(pdf, claim, x, y):
    coupon = claim.coupon
    url = claim_url(claim)
    pdf.setStrokeColor(colors.HexColor("#c9d2d9"))
    pdf.setDash(4, 3)
    pdf.rect(x, y, CARD_WIDTH, CARD_HEIGHT, stroke=1, fill=0)
    pdf.setDash()
    left, top = x + 8 * mm, y + CARD_HEIGHT - 10 * mm
    pdf.setFillColor(MUTED)
    pdf.setFont(FONT, 10)
    pdf.drawString(left, top, coupon.merchant.title)
    pdf.setFillColor(TEXT)
    pdf.setFont(BOLD, 17)
    pdf.drawString(left, top - 9 * mm, coupon.title[:48])
    pdf.setFont(FONT, 10)
    text = pdf.beginText(left, top - 17 * mm)
    text.setLeading(13)
    for line in _wrap(coupon.benefit, 70)[:2] + _wrap(coupon.conditions, 80)[:3]:
        text.textLine(line)
    pdf.drawText(text)
    pdf.setFont(FONT, 8.5)
    pdf.setFillColor(MUTED)
    pdf.drawString(left, y + 12 * mm, conditions_text(coupon))
    pdf.drawString(left, y + 6 * mm, "Einmal einlösbar, nur im genannten Geschäft.")
    qr_x = x + CARD_WIDTH - QR_SIZE - 8 * mm
    qr_y = y + 14 * mm
    draw_qr(pdf, url, qr_x, qr_y, QR_SIZE)
    pdf.setFillColor(TEXT)
    pdf.setFont(BOLD, 10)
    pdf.drawCentredString(qr_x + QR_SIZE / 2, qr_y - 6 * mm, claim.short_code_display)


def claims_pdf(claims, *, title):
    """The claims as coupon cards, ``PER_PAGE`` to an A4 page."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=1)
    pdf.setTitle(title)
    pdf.setAuthor(settings.WAGTAIL_SITE_NAME)
    left = (A4[0] - CARD_WIDTH) / 2
    top = A4[1] - 12 * mm
    for index, claim in enumerate(claims):
        slot = index % PER_PAGE
        if slot == 0:
            if index:
                pdf.showPage()
            pdf.setFont(FONT, 8)
            pdf.setFillColor(MUTED)
            pdf.drawString(left, top + 3 * mm, title)
        draw_claim(pdf, claim, left, top - (slot + 1) * (CARD_HEIGHT + 2 * mm))
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
