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
- A new product picture is re-encoded without metadata before it is stored.
- Saving or deleting a product, opening or closing a shop re-indexes the
  business for search (its entry lists the names of the products it sells).
- Saving or deleting a product or its stock record, changing a shop or
  publishing its profile invalidates the shared pages that show them
  (``portal.shop.caching``); the services that change stock with a single
  UPDATE call ``caching.products_changed`` themselves.
"""

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import Signal, receiver
from oscar.apps.order.signals import order_status_changed
from oscar.core.loading import get_model
from wagtail.signals import page_published

from portal.directory.models import MerchantPage
from portal.shop import caching
from portal.uploads import clean_image

User = get_user_model()
Product = get_model("catalogue", "Product")

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


@receiver(post_save, sender=Product)
def product_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        caching.products_changed([instance.pk])


@receiver(m2m_changed, sender=Product.categories.through)
def product_categories_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action.startswith("post_") and not reverse:
        caching.products_changed([instance.pk])


@receiver(pre_delete, sender=Product)
def product_deleted(sender, instance, **kwargs):
    caching.product_deleted(instance)


@receiver(post_save, sender=get_model("partner", "StockRecord"))
@receiver(post_delete, sender=get_model("partner", "StockRecord"))
def stock_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        caching.products_changed([instance.product_id])


@receiver(post_save, sender="shop.MerchantShop")
def shop_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        caching.shop_changed(instance)


@receiver(page_published, sender=MerchantPage)
def profile_published(sender, instance, **kwargs):
    from portal.shop.models import MerchantShop

    shop = MerchantShop.objects.filter(page=instance).select_related("page").first()
    if shop is not None:
        caching.shop_changed(shop)


@receiver(order_status_changed)
def after_status_change(sender, order, old_status, new_status, **kwargs):
    from portal.shop.services import orders

    orders.status_changed(order, old_status, new_status)


@receiver(pre_save, sender=get_model("catalogue", "ProductImage"))
def clean_product_image(sender, instance, **kwargs):
    """A new product picture is stored re-encoded, without EXIF or anything else (portal.uploads).

    Forms should refuse a bad file first (``portal.uploads.validate_image_upload``);
    here a file that is not an acceptable image stops the save as a ValidationError.
    """
    original = instance.original
    if original and not getattr(original, "_committed", True):
        clean = clean_image(original.file)
        instance.original = ContentFile(clean.read(), name=clean.name)


@receiver(post_save, sender=Product)
@receiver(post_delete, sender=Product)
def reindex_seller(sender, instance, raw=False, **kwargs):
    """A business's index entry lists its products' names: keep it current."""
    if raw:
        return
    from portal.directory.search import reindex_merchants
    from portal.shop.models import MerchantShop

    partner_id = instance.partner_id or (instance.parent.partner_id if instance.parent_id else None)
    if partner_id:
        reindex_merchants(
            MerchantShop.objects.filter(partner_id=partner_id).values_list("page_id", flat=True)
        )


@receiver(post_save, sender="shop.MerchantShop")
def reindex_shop_page(sender, instance, raw=False, **kwargs):
    """Opening or closing a shop adds or removes its products from the business's entry."""
    if not raw and instance.page_id:
        from portal.directory.search import reindex_merchants

        reindex_merchants([instance.page_id])
