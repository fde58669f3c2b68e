"""Pieces every printable PDF of the portal shares: QR codes drawn as vectors, euro amounts.

The QR code comes from the ``qrcode`` package as a module matrix and is
drawn with ReportLab as vector rectangles (one per run of dark modules), so
it prints sharp at any size and a sheet of thousands of codes needs no
bitmap encoding. The city voucher and the event ticket both print with it.
"""

import qrcode
from reportlab.lib import colors


def euro(value):
    """German money format: ``1234.5`` -> ``1.234,50 €``."""
    text = f"{value:,.2f}".replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")
    return f"{text} €"


def qr_matrix(data):
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(data)
    code.make(fit=True)
    return code.get_matrix()


def draw_qr(pdf, data, x, y, size):
    """Draw the QR code of ``data`` with its lower-left corner at (x, y), ``size`` wide.

    The caller keeps a white quiet zone of four modules around it.
    """
    matrix = qr_matrix(data)
    count = len(matrix)
    module = size / count
    path = pdf.beginPath()
    for row_index, row in enumerate(matrix):
        top = y + size - (row_index + 1) * module
        column = 0
        while column < count:
            if row[column]:
                start = column
                while column < count and row[column]:
                    column += 1
                # A hair of overlap keeps renderers from drawing seams between rows.
                path.rect(x + start * module, top, (column - start) * module, module * 1.02)
            else:
                column += 1
    pdf.setFillColor(colors.black)
    pdf.drawPath(path, stroke=0, fill=1)
