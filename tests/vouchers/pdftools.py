"""Reading our PDFs back the way a person's tools would: text, pictures, QR codes.

pypdf extracts the text; pypdfium2 (PDFium, Chrome's PDF engine) renders a
page to pixels; zxing-cpp, an independent decoder, reads the QR codes in it.
None of them shares code with the ``qrcode`` package that draws the codes.
"""

import io

import pypdfium2
import zxingcpp
from pypdf import PdfReader


def pdf_text(data):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def page_count(data):
    return len(PdfReader(io.BytesIO(data)).pages)


def render_page(data, index=0, scale=3):
    document = pypdfium2.PdfDocument(data)
    try:
        return document[index].render(scale=scale).to_pil()
    finally:
        document.close()


def qr_codes_on_page(data, index=0):
    image = render_page(data, index)
    return [
        result.text
        for result in zxingcpp.read_barcodes(image)
        if result.format == zxingcpp.BarcodeFormat.QRCode
    ]
