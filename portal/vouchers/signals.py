"""How the voucher app follows the directory and the shop (connected in ``VouchersConfig.ready``).

The directory's "accepts the city voucher" flag
-----------------------------------------------
The acceptance network (``AcceptingMerchant``) is the truth; the directory
shows and filters by ``MerchantPage.accepts_city_voucher``, a column the
directory owns and its merchants could tick in their profile form. The flag
is therefore written only from here, and put back whenever it drifts:

- a change of a membership (joining, contract date, suspension, leaving)
  sets it at once;
- saving or publishing a profile puts it back if a merchant ticked or
  unticked it (``page_published`` here, and the ``after_edit_page`` and
  ``after_create_page`` hooks in ``wagtail_hooks``, which also tell the
  merchant that the city keeps this flag);
- ``sync_voucher_acceptance`` (daily timer, see README) catches the day a
  future contract date is reached, which no save announces.

It is set on the live row and on the latest revision, so publishing an
older draft does not undo it. The directory never imports this app.

The shop
--------
- ``order_paid``: an order's payment was confirmed: its vouchers are issued
  (``selling.issue_for_order``) in the same transaction.
- ``order_status_changed`` to cancelled: the order's unused vouchers are
  cancelled with it.
- Saving a programme with a seller keeps the voucher products of the
  seller's shop in step.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from oscar.apps.order.signals import order_status_changed
from wagtail.signals import page_published

from portal.directory.models import MerchantPage
from portal.shop import statuses
from portal.shop.signals import order_paid
from portal.vouchers.models import AcceptingMerchant, VoucherProgramme


def sync_directory_flag(merchant_id):
    """Make the profile's flag say what the network says; True if it had to change."""
    accepts = AcceptingMerchant.objects.active().filter(merchant_id=merchant_id).exists()
    page = MerchantPage.objects.filter(pk=merchant_id).first()
    if page is None:
        return False
    revision = page.latest_revision
    stale_revision = revision is not None and revision.content.get("accepts_city_voucher") not in (
        accepts,
        None,
    )
    if page.accepts_city_voucher == accepts and not stale_revision:
        return False
    MerchantPage.objects.filter(pk=merchant_id).update(accepts_city_voucher=accepts)
    if stale_revision:
        revision.content["accepts_city_voucher"] = accepts
        revision.save(update_fields=["content"])
    return page.accepts_city_voucher != accepts


def sync_all_directory_flags():
    """Put every drifted flag back (the daily command); returns the number of profiles fixed."""
    active = set(AcceptingMerchant.objects.active().values_list("merchant_id", flat=True))
    drifted = set(
        MerchantPage.objects.filter(accepts_city_voucher=True)
        .exclude(pk__in=active)
        .values_list("pk", flat=True)
    ) | set(
        MerchantPage.objects.filter(accepts_city_voucher=False, pk__in=active).values_list(
            "pk", flat=True
        )
    )
    return sum(1 for merchant_id in sorted(drifted) if sync_directory_flag(merchant_id))


@receiver(post_save, sender=AcceptingMerchant)
@receiver(post_delete, sender=AcceptingMerchant)
def acceptance_changed(sender, instance, **kwargs):
    sync_directory_flag(instance.merchant_id)


@receiver(page_published, sender=MerchantPage)
def profile_published(sender, instance, **kwargs):
    if sync_directory_flag(instance.pk):
        instance.accepts_city_voucher = not instance.accepts_city_voucher


@receiver(order_paid)
def issue_paid_vouchers(sender, order, **kwargs):
    from portal.vouchers import selling

    selling.issue_for_order(order)


@receiver(order_status_changed)
def cancel_vouchers_of_cancelled_order(sender, order, old_status, new_status, **kwargs):
    if new_status == statuses.CANCELLED:
        from portal.vouchers import selling

        selling.cancel_order_vouchers(order)


@receiver(post_save, sender=VoucherProgramme)
def programme_saved(sender, instance, raw=False, **kwargs):
    if instance.seller_id and not raw:
        from portal.vouchers import selling

        selling.open_voucher_shop(instance)
