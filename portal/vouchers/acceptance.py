"""The directory's "accepts the city voucher" flag, set from the acceptance network.

The network (``AcceptingMerchant``) is the truth. The directory shows and
filters by ``MerchantPage.accepts_city_voucher``, a column it owns but does
not let anyone edit: the profile form shows it read-only and a published
revision never overwrites it (``MerchantPage.with_content_json``). This
module is the one place that writes it. It runs when a membership changes
(joining, contract date, suspension, leaving: ``signals.acceptance_changed``)
and once a day (``manage.py sync_voucher_acceptance``) for what no save
announces, a contract date reached today. The directory never imports this app.
"""

from portal.directory.models import MerchantPage
from portal.vouchers.models import AcceptingMerchant


def update_directory_flags(merchant_ids=None):
    """Set the flag of each profile (or of ``merchant_ids``) to what the network says.

    Only rows whose flag differs are written, with a plain ``UPDATE`` (no new
    page revision: the flag is not editorial content). Returns how many
    profiles changed.
    """
    profiles = MerchantPage.objects.all()
    if merchant_ids is not None:
        profiles = profiles.filter(pk__in=merchant_ids)
    active = AcceptingMerchant.objects.active().values("merchant_id")
    switched_on = profiles.filter(accepts_city_voucher=False, pk__in=active).update(
        accepts_city_voucher=True
    )
    switched_off = (
        profiles.filter(accepts_city_voucher=True)
        .exclude(pk__in=active)
        .update(accepts_city_voucher=False)
    )
    return switched_on + switched_off
