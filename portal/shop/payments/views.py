"""The payment provider's webhook endpoint (``shop:payment-webhook``).

The provider POSTs ``id=<payment id>`` here whenever a payment changes.
The view only hands the id to ``services.webhooks.handle``, which looks
the payment up at the provider; so the endpoint needs no CSRF token and no
signature, and a forged call cannot change anything. It answers

- 200 when the call was processed (also when nothing changed: the same
  webhook twice is normal),
- 404 when the id is not a payment of the portal's (forged or stray),
- 503 when the provider could not be asked; it calls again later.

It runs outside ``ATOMIC_REQUESTS``: the service commits its own
transaction, after which the emails go out.
"""

import logging

from django.db import transaction
from django.http import HttpResponse, HttpResponseNotAllowed
from django.views.decorators.csrf import csrf_exempt

from portal.shop import payments
from portal.shop.services import webhooks

logger = logging.getLogger(__name__)


@csrf_exempt
@transaction.non_atomic_requests
def webhook(request, method):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    reference = (request.POST.get("id") or "").strip()[:128]
    try:
        outcome = webhooks.handle(method, reference)
    except webhooks.RefusedWebhook:
        logger.warning("Refused a %s webhook for %r", method, reference)
        return HttpResponse("unknown payment", status=404, content_type="text/plain")
    except payments.ProviderError:
        return HttpResponse("provider unavailable", status=503, content_type="text/plain")
    return HttpResponse(
        "changed" if outcome.changed else "unchanged", status=200, content_type="text/plain"
    )
