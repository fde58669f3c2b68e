"""How the voucher app follows the directory and the shop (connected in ``VouchersConfig.ready``).

The directory's "accepts the city voucher" flag
-----------------------------------------------
A change of a membership (joining, contract date, suspension, leaving) sets
the profile's flag at once through ``acceptance.update_directory_flags``,
the one place that writes it.

The shop
--------
- ``order_paid``: an order's payment was confirmed: its vouchers and coupon
  books are issued (``selling.issue_for_order``,
  ``coupon_selling.issue_for_order``) in the same transaction.
- ``order_status_changed`` to cancelled: the order's unused vouchers are
  cancelled with it.
- Saving a programme with a seller keeps the voucher products of the
  seller's shop in step.
- Saving a coupon keeps its offer in the online shop in step; the shop
  recording a coupon's code for a placed order redeems the coupon in the
  same transaction (``coupon_online``); cancelling that order gives it back.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from oscar.apps.order.signals import order_status_changed
from oscar.core.loading import get_model

from portal.shop import statuses
from portal.shop.signals import order_paid
from portal.vouchers import acceptance
from portal.vouchers.models import AcceptingMerchant, Coupon, VoucherProgramme

VoucherApplication = get_model("voucher", "VoucherApplication")


@receiver(post_save, sender=AcceptingMerchant)
@receiver(post_delete, sender=AcceptingMerchant)
def acceptance_changed(sender, instance, **kwargs):
    acceptance.update_directory_flags([instance.merchant_id])


@receiver(order_paid)
def issue_paid_vouchers(sender, order, **kwargs):
    from portal.vouchers import coupon_selling, selling

    selling.issue_for_order(order)
    coupon_selling.issue_for_order(order)


@receiver(order_status_changed)
def cancel_vouchers_of_cancelled_order(sender, order, old_status, new_status, **kwargs):
    if new_status == statuses.CANCELLED:
        from portal.vouchers import selling

        selling.cancel_order_vouchers(order)
        from portal.vouchers import coupon_online

        coupon_online.give_back(order)


@receiver(post_save, sender=VoucherProgramme)
def programme_saved(sender, instance, raw=False, **kwargs):
    if instance.seller_id and not raw:
        from portal.vouchers import selling

        selling.open_voucher_shop(instance)


@receiver(post_save, sender=Coupon)
def coupon_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        from portal.vouchers import coupon_online

        coupon_online.sync_offer(instance)


@receiver(post_save, sender=VoucherApplication)
def coupon_code_used(sender, instance, created, raw=False, **kwargs):
    if created and not raw and instance.order_id:
        from portal.vouchers import coupon_online

        coupon_online.use_for_order(instance)
