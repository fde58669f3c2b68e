"""Employer orders: placing, marking paid, issuing month by month, code sheets.

``issue_due_vouchers`` is what the daily timer runs (management command
``issue_employer_vouchers``). Each month of an order is one batch whose
reference is order number plus month, so running it twice, or two runs at
once, issue each month exactly once. The month's code sheet (PDF) is drawn
right after its vouchers commit and stored with the batch; if that step
fails, the next run draws it.
"""

import secrets

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.vouchers.codes import format_short_code
from portal.vouchers.issuing import issue_vouchers
from portal.vouchers.links import absolute_url, voucher_path
from portal.vouchers.models import EmployerOrder, VoucherBatch
from portal.vouchers.models.settlement import first_of_month
from portal.vouchers.pdf import code_sheet_pdf


@transaction.atomic
def place_order(*, employer, programme, employees, value_per_employee, months, user=None):
    """Record an order; it starts with the month after the order (or this month if early)."""
    today = timezone.localdate()
    order = EmployerOrder.objects.create(
        employer=employer,
        programme=programme,
        number=f"tmp-{secrets.token_hex(6)}",  # replaced by the pk-based number below
        employees=employees,
        value_per_employee=value_per_employee,
        months=months,
        first_month=first_of_month(today),
        created_by=user if user and user.is_authenticated else None,
    )
    order.number = f"AG-{today:%Y}-{order.pk:05d}"
    order.save(update_fields=["number"])
    return order


@transaction.atomic
def mark_order_paid(order, *, at=None):
    """The operator saw the bank transfer arrive; due months are issued on commit."""
    from portal.vouchers.tasks import issue_employer_order

    order = EmployerOrder.objects.select_for_update().get(pk=order.pk)
    if order.paid_at is None:
        order.paid_at = at or timezone.now()
        order.save(update_fields=["paid_at"])
        order_id = order.pk
        transaction.on_commit(lambda: issue_employer_order.enqueue(order_id))
    return order


def issue_month(order, month, *, at=None):
    """Issue (once) and draw the code sheet of ``order`` for ``month``; returns the batch."""
    batch = issue_vouchers(
        values=[order.value_per_employee] * order.employees,
        reference=order.batch_reference(month),
        kind=VoucherBatch.Kind.EMPLOYER,
        payment_confirmed_at=order.paid_at,
        programme=order.programme,
        employer_order=order,
        month=month,
        at=at,
    )
    if not batch.sheet:
        vouchers = batch.vouchers.select_related("programme").order_by("pk")
        pdf = code_sheet_pdf(batch, vouchers)
        batch.sheet.save(f"{order.number}-{month:%Y-%m}.pdf", ContentFile(pdf), save=True)
    return batch


def issue_due_vouchers(*, today=None, at=None):
    """Issue every paid order's months that have begun; returns the new or completed batches."""
    today = today or timezone.localdate()
    done = []
    orders = EmployerOrder.objects.paid().select_related("programme", "employer")
    for order in orders:
        existing = {
            batch.month: batch for batch in order.batches.only("month", "sheet", "reference")
        }
        for month in order.due_months(today):
            batch = existing.get(month)
            if batch is not None and batch.sheet:
                continue
            done.append(issue_month(order, month, at=at))
    return done


def orders_for_user(user):
    return EmployerOrder.objects.for_user(user)


def sheet_rows(batch):
    """The month's codes as spreadsheet rows (``portal.spreadsheets``), e.g. for a mail merge."""
    yield [_("No."), _("Value (EUR)"), _("Valid until"), _("Code"), _("Link")]
    rows = batch.vouchers.order_by("pk").values_list("value", "valid_until", "short_code", "code")
    for number, (value, valid_until, short_code, code) in enumerate(rows.iterator(), start=1):
        yield [
            number,
            value,
            valid_until,
            format_short_code(short_code),
            absolute_url(voucher_path(code), batch.programme.site),
        ]
