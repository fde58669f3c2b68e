"""Time to issue 10,000 vouchers for one employer order, with the code sheet PDF.

Creates a paid employer order for 10,000 employees on a fresh PostgreSQL
database and times ``employer_orders.issue_month`` (what the monthly command
runs): the vouchers with their codes, then the month's code sheet PDF (ten
vouchers with QR codes per page) stored with the batch; then the CSV export.
Prints the seconds of each step and the PDF's size.

Run: .venv/bin/python bench/vouchers_issue.py     (needs PostgreSQL)
"""

import time
from decimal import Decimal

from common import fresh_database, scratch_dirs
from vouchers_setup import DATABASE, configure_django, site_with_network

EMPLOYEES = 10_000


def main():
    with fresh_database(DATABASE) as database, scratch_dirs() as (media, static):
        configure_django(database, media, static)
        from django.db import connection
        from django.utils import timezone

        from portal.vouchers import employer_orders, factories
        from portal.vouchers.issuing import issue_vouchers
        from portal.vouchers.models import Voucher, VoucherBatch

        programme, _members = site_with_network(1)
        order = factories.EmployerOrderFactory(
            programme=programme,
            employees=EMPLOYEES,
            value_per_employee=Decimal("50"),
            months=1,
            paid_at=timezone.now(),
        )
        month = order.first_month

        # issue_month in its two steps: the voucher rows (issue_vouchers), then,
        # finding the batch issued, the code sheet PDF drawn and stored.
        started = time.perf_counter()
        batch = issue_vouchers(
            values=[order.value_per_employee] * order.employees,
            reference=order.batch_reference(month),
            kind=VoucherBatch.Kind.EMPLOYER,
            payment_confirmed_at=order.paid_at,
            programme=order.programme,
            employer_order=order,
            month=month,
        )
        rows_seconds = time.perf_counter() - started
        started = time.perf_counter()
        batch = employer_orders.issue_month(order, month)
        pdf_seconds = time.perf_counter() - started
        count = Voucher.objects.filter(batch=batch).count()
        pdf_size = batch.sheet.size
        started = time.perf_counter()
        csv = employer_orders.sheet_csv(batch)
        csv_seconds = time.perf_counter() - started
        connection.close()

    print()
    print(f"employer order for {EMPLOYEES:,} employees, PostgreSQL, production settings")
    print(f"vouchers issued                   {count:>10,}")
    print(f"voucher rows with codes           {rows_seconds:>10.1f} s")
    print(
        f"code sheet PDF, drawn and stored  {pdf_seconds:>10.1f} s  ({pdf_size / 1e6:.1f} MB, "
        f"{EMPLOYEES // 10:,} pages)"
    )
    print(f"total (what issue_month costs)    {rows_seconds + pdf_seconds:>10.1f} s")
    print(f"CSV export                        {csv_seconds:>10.1f} s  ({len(csv) / 1e6:.1f} MB)")
    if count != EMPLOYEES:
        raise SystemExit("FAILED: wrong number of vouchers.")


if __name__ == "__main__":
    main()
