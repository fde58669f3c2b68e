"""The invoice (receipt) of one merchant order, as a PDF.

Each merchant sells on its own account, so each merchant order gets its own
invoice in the merchant's name: its legal identity (name, address,
representative, register entry, VAT id) from the directory profile, the
order number as the invoice number, every line with quantity and VAT rate,
discounts, the fulfilment fee, and the VAT breakdown per rate (the same
rows as the order's, ``services.vat``), plus how it was paid. Drawn with
ReportLab's built-in Helvetica (umlauts and the euro sign, nothing loaded
from outside); attached to the resident's confirmation, and downloadable
from the order status page and the merchant's order page.
"""

import io
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import KeepTogether

from portal.shop import payments

from . import vat

FONT, BOLD = "Helvetica", "Helvetica-Bold"
TEXT, MUTED, RULE = (
    colors.HexColor("#1c2329"),
    colors.HexColor("#4d5963"),
    colors.HexColor("#dde3e8"),
)
BODY = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=12.5, textColor=TEXT)
SMALL = ParagraphStyle("small", parent=BODY, fontSize=8, leading=10, textColor=MUTED)
TITLE = ParagraphStyle("title", parent=BODY, fontName=BOLD, fontSize=15, leading=19)


def money(value):
    text = f"{Decimal(value):,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return f"{text} €"


def rate_text(rate):
    return f"{Decimal(rate).normalize():f} %".replace(".", ",")


def filename(order):
    return f"rechnung-{order.number}.pdf"


def _escape(text):
    return (
        str(text or "")
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\n", "<br/>")
    )


def seller_lines(page, shop):
    """The merchant's legal identity, line by line."""
    lines = [page.legal_name or page.title if page else shop.name]
    if page is not None:
        lines += [line for line in (page.legal_address or "").splitlines() if line.strip()]
        if page.legal_representative:
            lines.append(_("Represented by %(name)s") % {"name": page.legal_representative})
        if page.register_entry:
            lines.append(page.register_entry)
        if page.vat_id:
            lines.append(_("VAT id %(id)s") % {"id": page.vat_id})
        contact = " · ".join(value for value in (page.phone, page.email) if value)
        if contact:
            lines.append(contact)
    return lines


def customer_lines(order):
    address = order.shipping_address
    if address is not None:
        return [line for line in address.active_address_fields() if line]
    name = order.user.get_full_name() if order.user_id else ""
    return [value for value in (name, order.email) if value]


def payment_text(order):
    """How the order was (or is to be) paid, from its payment shares."""
    part = order.merchant_order
    shares = list(part.payment_shares.select_related("payment"))
    parts = []
    for share in shares:
        method = payments.get(share.payment.method)
        parts.append(f"{method.label if method else share.payment.method} {money(share.amount)}")
    text = "; ".join(parts)
    if part.paid_at:
        return _("Paid on %(date)s: %(how)s") % {
            "date": timezone.localtime(part.paid_at).strftime("%d.%m.%Y"),
            "how": text,
        }
    return _("Not paid yet: %(how)s") % {"how": text}


def invoice_pdf(order):
    """The PDF (bytes) of the invoice of the merchant order ``order``."""
    part = order.merchant_order
    part.refresh_from_db(fields=["paid_at", "city_discount"])  # paid a moment ago?
    shop, page = part.shop, part.shop.page
    lines = list(order.lines.all())
    rows = vat.order_breakdown(order, lines)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=_("Invoice %(number)s") % {"number": order.number},
        author=page.legal_name if page and page.legal_name else shop.name,
    )
    placed = timezone.localtime(order.date_placed).strftime("%d.%m.%Y")
    story = [
        Paragraph("<br/>".join(_escape(line) for line in seller_lines(page, shop)), BODY),
        Spacer(1, 8 * mm),
        Paragraph("<br/>".join(_escape(line) for line in customer_lines(order)), BODY),
        Spacer(1, 8 * mm),
        Paragraph(_escape(_("Invoice %(number)s") % {"number": order.number}), TITLE),
        Paragraph(
            _escape(
                _("Invoice date and date of supply: %(date)s · Order %(number)s · %(method)s")
                % {"date": placed, "number": order.number, "method": part.get_method_display()}
            ),
            SMALL,
        ),
        Spacer(1, 5 * mm),
        _lines_table(order, lines),
        Spacer(1, 5 * mm),
        KeepTogether([_vat_table(order, rows), Spacer(1, 5 * mm)]),
        Paragraph(_escape(payment_text(order)), BODY),
    ]
    if part.city_discount:
        story.append(
            Paragraph(
                _escape(
                    _("Of the discounts, %(amount)s are borne by the city marketplace.")
                    % {"amount": money(part.city_discount)}
                ),
                SMALL,
            )
        )
    document.build(story)
    return buffer.getvalue()


def _lines_table(order, lines):
    data = [[_("Qty"), _("Item"), _("VAT"), _("Unit price"), _("Amount")]]
    for line in lines:
        data.append(
            [
                str(line.quantity),
                Paragraph(_escape(line.title), BODY),
                rate_text(line.tax_code or "0"),
                money(line.unit_price_incl_tax),
                money(line.line_price_before_discounts_incl_tax or line.line_price_incl_tax),
            ]
        )
    for discount in order.discounts.all():
        label = discount.offer_name + (
            f" ({discount.voucher_code})" if discount.voucher_code else ""
        )
        data.append(
            [
                "",
                Paragraph(_escape(_("Discount: %(label)s") % {"label": label}), BODY),
                "",
                "",
                f"−{money(discount.amount)}",
            ]
        )
    data.append(
        ["", order.merchant_order.get_method_display(), "", "", money(order.shipping_incl_tax)]
    )
    data.append(["", _("Total (incl. VAT)"), "", "", money(order.total_incl_tax)])
    table = Table(data, colWidths=[12 * mm, 88 * mm, 16 * mm, 27 * mm, 27 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT, 9.5),
                ("FONT", (0, 0), (-1, 0), BOLD, 9.5),
                ("FONT", (0, -1), (-1, -1), BOLD, 9.5),
                ("TEXTCOLOR", (0, 0), (-1, -1), TEXT),
                ("ALIGN", (2, 0), (-1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.6, TEXT),
                ("LINEABOVE", (0, -1), (-1, -1), 0.6, TEXT),
                ("LINEBELOW", (0, 1), (-1, -3), 0.3, RULE),
            ]
        )
    )
    return table


def _vat_table(order, rows):
    data = [[_("VAT rate"), _("Net"), _("VAT"), _("Gross")]]
    for row in rows:
        data.append([rate_text(row.rate), money(row.net), money(row.tax), money(row.gross)])
    total_net = sum((row.net for row in rows), Decimal("0.00"))
    total_tax = sum((row.tax for row in rows), Decimal("0.00"))
    data.append([_("Total"), money(total_net), money(total_tax), money(order.total_incl_tax)])
    table = Table(data, colWidths=[30 * mm, 30 * mm, 30 * mm, 30 * mm], hAlign="RIGHT")
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT, 9),
                ("FONT", (0, 0), (-1, 0), BOLD, 9),
                ("FONT", (0, -1), (-1, -1), BOLD, 9),
                ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.6, TEXT),
                ("LINEABOVE", (0, -1), (-1, -1), 0.6, TEXT),
            ]
        )
    )
    return table
