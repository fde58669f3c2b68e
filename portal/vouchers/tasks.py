"""Background work of the voucher app (inline in dev and tests, a worker in production)."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django_tasks import task

from portal.vouchers.links import accepting_merchants_url, check_url, voucher_url
from portal.vouchers.models import Voucher, VoucherBatch
from portal.vouchers.pdf import euro, voucher_pdf


@task()
def send_vouchers(batch_id, email):
    """Mail the still valid vouchers of a batch, one PDF attachment per voucher."""
    batch = VoucherBatch.objects.select_related("programme__site").get(pk=batch_id)
    vouchers = list(
        batch.vouchers.filter(status=Voucher.Status.ACTIVE)
        .select_related("programme__site")
        .order_by("pk")
    )
    if not vouchers:
        return 0
    context = {
        "programme": batch.programme,
        "vouchers": [
            {"voucher": v, "url": voucher_url(v), "value": euro(v.value)} for v in vouchers
        ],
        "where_url": accepting_merchants_url(batch.programme.site),
        "check_url": check_url(batch.programme.site),
    }
    message = EmailMessage(
        subject=render_to_string("cityvouchers/email/vouchers_subject.txt", context).strip(),
        body=render_to_string("cityvouchers/email/vouchers.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email],
    )
    for number, voucher in enumerate(vouchers, start=1):
        message.attach(
            f"stadtgutschein-{number}-{int(voucher.value)}-euro.pdf",
            voucher_pdf([voucher]),
            "application/pdf",
        )
    message.send()
    return len(vouchers)


@task()
def issue_employer_order(order_id):
    """Issue the months of one employer order that have begun (right after payment)."""
    from portal.vouchers.employer_orders import issue_month
    from portal.vouchers.models import EmployerOrder

    order = EmployerOrder.objects.paid().get(pk=order_id)
    return [issue_month(order, month).pk for month in order.due_months()]
