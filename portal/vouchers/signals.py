"""Keep the directory's "accepts the city voucher" flag in step with the network.

The acceptance network (``AcceptingMerchant``) is the truth; the directory
shows and filters by ``MerchantPage.accepts_city_voucher``. The flag is set
on the live row and on the latest revision, so publishing an older draft
does not undo it. The directory never imports this app.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from portal.vouchers.models import AcceptingMerchant


def sync_directory_flag(merchant_id):
    from portal.directory.models import MerchantPage

    accepts = AcceptingMerchant.objects.active().filter(merchant_id=merchant_id).exists()
    page = MerchantPage.objects.filter(pk=merchant_id).first()
    if page is None or page.accepts_city_voucher == accepts:
        return
    MerchantPage.objects.filter(pk=merchant_id).update(accepts_city_voucher=accepts)
    revision = page.latest_revision
    if revision is not None and revision.content.get("accepts_city_voucher") != accepts:
        revision.content["accepts_city_voucher"] = accepts
        revision.save(update_fields=["content"])


@receiver(post_save, sender=AcceptingMerchant)
@receiver(post_delete, sender=AcceptingMerchant)
def acceptance_changed(sender, instance, **kwargs):
    sync_directory_flag(instance.merchant_id)
