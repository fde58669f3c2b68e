"""Signals the marketplace sends, and its own handlers (connected in ``ShopConfig.ready``).

- ``order_paid(sender, order, reference)`` is sent inside the transaction
  that records an order's payment (a settled online payment right after
  placing, a bank transfer marked received, payment at pickup). Apps that
  sell something that must exist only once paid listen to it: the city
  voucher app issues the vouchers of the order there, so payment and
  vouchers are committed together or not at all.

- Team membership changes (a user added to or removed from a merchant's
  group) re-sync the shop's partner users, so dashboard access follows the
  profile team without a second user list to maintain.
- Publishing a profile renames its partner (order lines keep the old name).
- Order status changes consume or release the allocated stock and send the
  customer's "ready for pickup" and "shipped" emails, whichever dashboard
  view or service changed the status.
"""

from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed
from django.dispatch import Signal, receiver
from oscar.apps.order.signals import order_status_changed
from wagtail.signals import page_published

from portal.directory.models import MerchantPage

User = get_user_model()

order_paid = Signal()


@receiver(m2m_changed, sender=User.groups.through)
def follow_team_membership(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    from portal.shop.services import shops

    if reverse:  # group.user_set changed
        shops.sync_group_members([instance.pk])
    else:
        shops.sync_user_partners(instance)


@receiver(page_published, sender=MerchantPage)
def rename_partner(sender, instance, **kwargs):
    from portal.shop.models import MerchantShop

    shop = MerchantShop.objects.filter(page=instance).select_related("partner").first()
    if shop is not None and shop.partner.name != instance.title[:128]:
        shop.partner.name = instance.title[:128]
        shop.partner.save(update_fields=["name"])


@receiver(order_status_changed)
def after_status_change(sender, order, old_status, new_status, **kwargs):
    from portal.shop.services import orders

    orders.status_changed(order, old_status, new_status)
