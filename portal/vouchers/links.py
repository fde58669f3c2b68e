"""Absolute links printed on vouchers and sent in mails.

Printed links must work from paper, so they use the portal's public base
URL (``PORTAL_BASE_URL``, kept in ``WAGTAILADMIN_BASE_URL``), never the host
of the request that happened to trigger the PDF.
"""

from django.conf import settings
from django.urls import reverse


def absolute_url(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def voucher_path(code):
    """``/g/<code>/``: the fixed path printed in every QR code (DESIGN.md section 4)."""
    return reverse("cityvouchers:status", kwargs={"code": code})


def check_url():
    return absolute_url(reverse("cityvouchers:check"))


def where_to_spend_path():
    """URL of the public page about the voucher, which lists where it is accepted."""
    from portal.vouchers.models import VoucherInfoPage

    page = VoucherInfoPage.objects.live().first()
    return page.url if page and page.url else "/gutscheine/"


def accepting_merchants_url():
    path = where_to_spend_path()
    return path if path.startswith("http") else absolute_url(path)
