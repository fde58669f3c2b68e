"""Printable PDFs: the voucher, the employer's code sheet, invoice and statements.

Drawn with ReportLab. The QR codes are vectors
(``portal.printing.draw_qr``), so a 10,000-voucher code sheet needs no
bitmap encoding. Only ReportLab's built-in Helvetica is used: it
covers German umlauts and the euro sign, and nothing is loaded from outside.
"""

import io

from django.conf import settings
from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from portal.printing import draw_qr, euro  # noqa: F401  (euro: used by the voucher app)
from portal.vouchers.banking import format_iban
from portal.vouchers.links import accepting_merchants_url, check_url, voucher_url

FONT = "Helvetica"
BOLD = "Helvetica-Bold"
MUTED = colors.HexColor("#4d5963")
TEXT = colors.HexColor("#1c2329")


def german_date(day):
    return day.strftime("%d.%m.%Y")


def _logo_reader(programme):
    if not programme.logo_id:
        return None
    try:
        with programme.logo.file.open("rb") as handle:
            return ImageReader(io.BytesIO(handle.read()))
    except (OSError, ValueError):
        return None


# ---------------------------------------------------------------- the voucher itself

CARD_WIDTH = 190 * mm
CARD_HEIGHT = 120 * mm


def draw_voucher_card(pdf, voucher, x, y, *, where, logo=None):
    """One voucher as printed for a buyer: value, validity, QR code, where to spend it.

    ``where`` is the link to the accepting businesses, looked up once per PDF.
    """
    programme = voucher.programme
    primary = colors.HexColor(programme.primary_colour)
    accent = colors.HexColor(programme.accent_colour)
    url = voucher_url(voucher)

    pdf.setStrokeColor(colors.HexColor("#c9d2d9"))
    pdf.setDash(4, 3)
    pdf.rect(x, y, CARD_WIDTH, CARD_HEIGHT, stroke=1, fill=0)
    pdf.setDash()
    pdf.setFillColor(primary)
    pdf.rect(x, y + CARD_HEIGHT - 22 * mm, CARD_WIDTH, 22 * mm, stroke=0, fill=1)
    pdf.setFillColor(colors.white)
    pdf.setFont(BOLD, 20)
    pdf.drawString(x + 8 * mm, y + CARD_HEIGHT - 14 * mm, programme.name)
    if logo is not None:
        pdf.drawImage(
            logo,
            x + CARD_WIDTH - 48 * mm,
            y + CARD_HEIGHT - 19 * mm,
            width=40 * mm,
            height=16 * mm,
            preserveAspectRatio=True,
            anchor="e",
            mask="auto",
        )

    left = x + 8 * mm
    pdf.setFillColor(accent)
    pdf.setFont(BOLD, 38)
    pdf.drawString(left, y + CARD_HEIGHT - 42 * mm, euro(voucher.value))
    pdf.setFillColor(TEXT)
    pdf.setFont(BOLD, 13)
    pdf.drawString(
        left, y + CARD_HEIGHT - 52 * mm, f"Gültig bis {german_date(voucher.valid_until)}"
    )
    pdf.setFont(FONT, 10.5)
    text = pdf.beginText(left, y + CARD_HEIGHT - 62 * mm)
    text.setLeading(14)
    for line in _wrap(programme.voucher_text, 62):
        text.textLine(line)
    pdf.drawText(text)

    pdf.setFont(FONT, 9.5)
    pdf.setFillColor(TEXT)
    pdf.drawString(left, y + 26 * mm, "Hier einlösen:")
    pdf.setFont(BOLD, 9.5)
    pdf.drawString(left, y + 21 * mm, where)
    pdf.setFont(FONT, 9.5)
    pdf.drawString(
        left, y + 14 * mm, f"Wert und Gültigkeit prüfen: {check_url(voucher.programme.site)}"
    )
    pdf.setFillColor(MUTED)
    pdf.setFont(FONT, 8)
    pdf.drawString(
        left,
        y + 7 * mm,
        "Inhabergutschein: Wer den Code hat, kann ihn einlösen. Keine Barauszahlung.",
    )

    qr_size = 52 * mm
    qr_x = x + CARD_WIDTH - qr_size - 10 * mm
    qr_y = y + 30 * mm
    draw_qr(pdf, url, qr_x, qr_y, qr_size)
    pdf.setFillColor(TEXT)
    pdf.setFont(BOLD, 12)
    pdf.drawCentredString(qr_x + qr_size / 2, qr_y - 7 * mm, voucher.short_code_display)
    pdf.setFont(FONT, 6.5)
    pdf.drawCentredString(qr_x + qr_size / 2, qr_y - 12 * mm, url)


def _wrap(text, width):
    lines, line = [], ""
    for word in (text or "").split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    return lines


def voucher_pdf(vouchers):
    """One A4 page per voucher, the card at the top to cut out or fold."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=1)
    pdf.setTitle("Stadtgutschein")
    pdf.setAuthor(settings.WAGTAIL_SITE_NAME)
    logos = {}
    where = {}
    for voucher in vouchers:
        programme = voucher.programme
        if programme.site_id not in where:
            where[programme.site_id] = accepting_merchants_url(programme.site)
        if programme.pk not in logos:
            logos[programme.pk] = _logo_reader(programme)
        draw_voucher_card(
            pdf,
            voucher,
            10 * mm,
            A4[1] - 10 * mm - CARD_HEIGHT,
            where=where[programme.site_id],
            logo=logos[programme.pk],
        )
        pdf.setFont(FONT, 9)
        pdf.setFillColor(MUTED)
        pdf.drawString(
            10 * mm,
            A4[1] - 20 * mm - CARD_HEIGHT,
            "Ausdrucken, ausschneiden, verschenken. Im Geschäft wird der QR-Code gescannt.",
        )
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


# ---------------------------------------------------------------- employer code sheet

SHEET_COLUMNS = 2
SHEET_ROWS = 5
CELL_WIDTH = 95 * mm
CELL_HEIGHT = 55 * mm


def code_sheet_pdf(batch, vouchers):
    """All vouchers of one employer month, ten per A4 page, to cut apart and hand out."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=1)
    order = batch.employer_order
    title = f"{batch.programme.name} {batch.month:%m/%Y}" if batch.month else batch.programme.name
    pdf.setTitle(title)
    per_page = SHEET_COLUMNS * SHEET_ROWS
    left = (A4[0] - SHEET_COLUMNS * CELL_WIDTH) / 2
    top = A4[1] - 15 * mm
    where = accepting_merchants_url(batch.programme.site)
    for index, voucher in enumerate(vouchers):
        slot = index % per_page
        if slot == 0:
            if index:
                pdf.showPage()
            pdf.setFont(FONT, 8)
            pdf.setFillColor(MUTED)
            header = f"{title} · {order.employer.name} · {order.number}" if order else title
            pdf.drawString(left, top + 5 * mm, f"{header} · Seite {index // per_page + 1}")
        column, row = slot % SHEET_COLUMNS, slot // SHEET_COLUMNS
        x = left + column * CELL_WIDTH
        y = top - (row + 1) * CELL_HEIGHT
        _draw_sheet_cell(pdf, voucher, x, y, index + 1, where)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _draw_sheet_cell(pdf, voucher, x, y, number, where):
    pdf.setStrokeColor(colors.HexColor("#c9d2d9"))
    pdf.setDash(3, 3)
    pdf.rect(x, y, CELL_WIDTH, CELL_HEIGHT, stroke=1, fill=0)
    pdf.setDash()
    url = voucher_url(voucher)
    qr_size = 32 * mm
    draw_qr(pdf, url, x + CELL_WIDTH - qr_size - 6 * mm, y + 8 * mm, qr_size)
    pdf.setFillColor(colors.HexColor(voucher.programme.primary_colour))
    pdf.setFont(BOLD, 9)
    pdf.drawString(x + 5 * mm, y + CELL_HEIGHT - 9 * mm, voucher.programme.name)
    pdf.setFillColor(TEXT)
    pdf.setFont(BOLD, 20)
    pdf.drawString(x + 5 * mm, y + CELL_HEIGHT - 20 * mm, euro(voucher.value))
    pdf.setFont(FONT, 9)
    pdf.drawString(
        x + 5 * mm, y + CELL_HEIGHT - 27 * mm, f"Gültig bis {german_date(voucher.valid_until)}"
    )
    pdf.setFont(BOLD, 10)
    pdf.drawString(x + 5 * mm, y + 14 * mm, voucher.short_code_display)
    pdf.setFont(FONT, 7)
    pdf.setFillColor(MUTED)
    pdf.drawString(x + 5 * mm, y + 8 * mm, f"Nr. {number} · Keine Barauszahlung")
    pdf.drawString(x + 5 * mm, y + 4 * mm, where)


# ---------------------------------------------------------------- documents with tables


def _document(title, story_builder):
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=title,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
    )
    styles = getSampleStyleSheet()
    document.build(story_builder(styles))
    return buffer.getvalue()


def _table(rows, widths, *, money_columns=(), total_rows=0):
    table = Table(rows, colWidths=widths, repeatRows=1)
    style = [
        ("FONT", (0, 0), (-1, 0), BOLD, 9.5),
        ("FONT", (0, 1), (-1, -1), FONT, 9.5),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, TEXT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    for column in money_columns:
        style.append(("ALIGN", (column, 0), (column, -1), "RIGHT"))
    if total_rows:
        style += [
            ("LINEABOVE", (0, -total_rows), (-1, -total_rows), 0.8, TEXT),
            ("FONT", (0, -1), (-1, -1), BOLD, 9.5),
        ]
    table.setStyle(TableStyle(style))
    return table


def _operator_lines(programme):
    from wagtail.models import Site

    from portal.home.models import PortalSettings

    site = Site.objects.filter(is_default_site=True).first()
    portal = PortalSettings.for_site(site) if site else None
    name = (portal and portal.operator_name) or programme.operator_account_holder
    lines = [name]
    if portal and portal.street:
        lines += [portal.street, f"{portal.postcode} {portal.city}".strip()]
    return lines


def invoice_pdf(order):
    """The employer's invoice: what was bought, the total, how to pay it."""
    programme = order.programme

    def story(styles):
        normal = styles["Normal"]
        months = order.month_list()
        period = f"{months[0]:%m/%Y} – {months[-1]:%m/%Y}"
        rows = [
            ["Leistung", "Menge", "Einzelpreis", "Summe"],
            [
                Paragraph(
                    f"{programme.name} für Mitarbeitende, monatlich ausgegeben ({period}): "
                    f"{order.employees} Mitarbeitende × {order.months} Monate",
                    normal,
                ),
                str(order.employees * order.months),
                euro(order.value_per_employee),
                euro(order.total),
            ],
            ["Rechnungsbetrag", "", "", euro(order.total)],
        ]
        return [
            Paragraph(" · ".join(_operator_lines(programme)), styles["Normal"]),
            Spacer(1, 10 * mm),
            Paragraph("<br/>".join(order.employer.address_lines), normal),
            Spacer(1, 10 * mm),
            Paragraph(f"Rechnung {order.number}", styles["Title"]),
            Paragraph(
                f"Rechnungsdatum: {german_date(timezone.localtime(order.created_at).date())}",
                normal,
            ),
            Spacer(1, 6 * mm),
            _table(
                rows, [90 * mm, 20 * mm, 30 * mm, 30 * mm], money_columns=(1, 2, 3), total_rows=1
            ),
            Spacer(1, 6 * mm),
            Paragraph(
                "Mehrzweck-Gutscheine (§ 3 Abs. 15 UStG): Die Ausgabe ist nicht umsatzsteuerbar; "
                "die Umsatzsteuer entsteht erst bei der Einlösung im Geschäft.",
                normal,
            ),
            Spacer(1, 4 * mm),
            Paragraph(
                f"Bitte überweisen Sie {euro(order.total)} innerhalb von 14 Tagen an "
                f"{programme.operator_account_holder}, IBAN {format_iban(programme.operator_iban)}"
                f"{', BIC ' + programme.operator_bic if programme.operator_bic else ''}, "
                f"Verwendungszweck {order.number}. Die Gutscheine werden nach Zahlungseingang "
                "jeweils zum Monatsanfang ausgegeben.",
                normal,
            ),
        ]

    return _document(f"Rechnung {order.number}", story)


def statement_pdf(statement):
    """A merchant's statement: each redemption and coupon book share, the sums, fee and payout."""
    entries = statement.entries.select_related("redemption").order_by("booked_at", "pk")

    def story(styles):
        normal = styles["Normal"]
        rows = [["Datum", "Belegnummer", "Bestellung", "Betrag"]]
        for entry in entries:
            rows.append(
                [
                    timezone.localtime(entry.booked_at).strftime("%d.%m.%Y %H:%M"),
                    entry.redemption.receipt_number,
                    entry.order_reference or "–",
                    euro(entry.amount),
                ]
            )
        from portal.vouchers.coupon_shares import statement_lines

        shares = list(statement_lines(statement))
        for entry in shares:
            rows.append(
                [
                    timezone.localtime(entry.booked_at).strftime("%d.%m.%Y %H:%M"),
                    f"Heft {entry.claim.book_copy.book.title} Nr. {entry.claim.book_copy.number}",
                    entry.claim.coupon.title,
                    euro(entry.amount),
                ]
            )
        totals = [
            ["Summe eingelöst", "", "", euro(statement.gross)],
            ["Gebühr", "", "", "– " + euro(statement.fee)],
        ]
        if shares:
            totals.append(["Anteil Gutscheinhefte", "", "", euro(statement.book_share)])
        totals.append(["Auszahlung", "", "", euro(statement.payout)])
        rows += totals
        account = (
            f"Auszahlung auf {statement.account_holder}, IBAN {format_iban(statement.iban)}."
            if statement.iban
            else "Es ist keine Bankverbindung hinterlegt: bitte nachreichen."
        )
        return [
            Paragraph(f"Abrechnung Stadtgutschein {statement.period.label}", styles["Title"]),
            Paragraph(f"{statement.merchant.title} · Abrechnung {statement.number}", normal),
            Spacer(1, 6 * mm),
            _table(
                rows,
                [40 * mm, 40 * mm, 50 * mm, 40 * mm],
                money_columns=(3,),
                total_rows=len(totals),
            ),
            Spacer(1, 6 * mm),
            Paragraph(account, normal),
        ]

    return _document(f"Abrechnung {statement.number}", story)
