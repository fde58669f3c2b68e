"""Issuing after payment: codes, the emailed PDF with a QR code, re-sending."""

from decimal import Decimal

import pytest
from django.utils import timezone

from portal.vouchers import issuing
from portal.vouchers.errors import IssuingRefused
from portal.vouchers.models import Voucher, VoucherBatch
from tests.helpers import point_town_at

from .pdftools import pdf_text, qr_codes_on_page

pytestmark = pytest.mark.django_db


def issue(reference="shop:100023", values=(25,), email="kaeuferin@example.org"):
    return issuing.issue_vouchers(
        values=list(values),
        reference=reference,
        kind=VoucherBatch.Kind.SHOP,
        payment_confirmed_at=timezone.now(),
        email=email,
    )


def test_emailed_pdf_has_a_qr_code_that_decodes_to_the_voucher_url(
    programme, mailoutbox, django_capture_on_commit_callbacks
):
    point_town_at(programme.site, "https://musterstadt.example")
    with django_capture_on_commit_callbacks(execute=True):
        batch = issue()

    voucher = batch.vouchers.get()
    (mail,) = mailoutbox
    assert mail.to == ["kaeuferin@example.org"]
    assert f"https://musterstadt.example/g/{voucher.code}/" in mail.body
    ((filename, pdf, mimetype),) = mail.attachments
    assert mimetype == "application/pdf" and filename.endswith(".pdf")

    assert qr_codes_on_page(pdf) == [f"https://musterstadt.example/g/{voucher.code}/"]
    text = pdf_text(pdf)
    assert "25,00 €" in text
    assert f"Gültig bis {voucher.valid_until:%d.%m.%Y}" in text
    assert voucher.short_code_display in text


def test_voucher_holds_no_personal_data(programme, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        batch = issue(email="erika.mustermann@example.org")
    row = Voucher.objects.filter(batch=batch).values().get()
    assert not any("mustermann" in str(value).lower() for value in row.values())
    assert "mustermann" not in str(VoucherBatch.objects.filter(pk=batch.pk).values().get())


def test_issuing_twice_for_the_same_order_issues_once(
    programme, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = issue(values=(10, 50))
        second = issue(values=(10, 50))
    assert first.pk == second.pk
    assert Voucher.objects.count() == 2
    assert len(mailoutbox) == 1
    assert len(mailoutbox[0].attachments) == 2


def test_amounts_outside_the_programme_are_refused(programme):
    with pytest.raises(IssuingRefused):
        issue(values=(33,))
    programme.allow_free_amount = True
    programme.save()
    assert issue(values=(33,)).vouchers.get().value == Decimal("33")


def test_lost_mail_is_resent_without_redeemed_vouchers(
    programme, merchant, mailoutbox, django_capture_on_commit_callbacks
):
    from portal.vouchers.redemption import redeem

    with django_capture_on_commit_callbacks(execute=True):
        batch = issue(values=(10, 25))
    redeem(batch.vouchers.get(value=10), merchant=merchant)
    with django_capture_on_commit_callbacks(execute=True):
        issuing.resend_vouchers("shop:100023", "neu@example.org")

    resent = mailoutbox[-1]
    assert resent.to == ["neu@example.org"]
    assert len(resent.attachments) == 1
    assert "25,00 €" in pdf_text(resent.attachments[0][1])


def test_no_mail_when_the_transaction_rolls_back(
    programme, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        issue()
    assert len(callbacks) == 1
    assert mailoutbox == []
