"""Background work of the marketplace (inline in dev and tests, a worker in production).

The e-mails that follow a payment state change are tasks, enqueued when the
change has committed: the provider's webhook is answered without waiting for
PDFs to be drawn and mail to be sent.
"""

from django_tasks import task


@task()
def expire_unpaid_orders():
    """``manage.py expire_unpaid_orders`` as a task, for a scheduler that enqueues tasks."""
    from portal.shop.services import expiry

    return str(expiry.run())


@task()
def send_checkout_paid(checkout_id):
    """The confirmation (with invoices) and the merchants' notices once a payment is confirmed."""
    from portal.shop.services import emails

    emails.send_checkout_paid(checkout_id)


@task()
def send_checkout_cancelled(checkout_id, tell_merchants=False):
    from portal.shop.services import emails

    emails.send_checkout_cancelled(checkout_id, tell_merchants=tell_merchants)


@task()
def send_refund_notice(order_id, amount):
    """``amount`` as text (task arguments are JSON)."""
    from decimal import Decimal

    from portal.shop.services import emails

    emails.send_refund_notice(order_id, Decimal(amount))
