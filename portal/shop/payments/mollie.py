"""Online payment through Mollie: cards, PayPal, SEPA direct debit, instant transfer.

Why Mollie, and how it is wired, is in ``docs/payments.md``. In short: the
resident pays on Mollie's hosted checkout (no card data ever reaches the
portal); Mollie calls the portal's webhook with nothing but the payment id,
and the portal reads the payment from Mollie's API with its own key, so a
webhook cannot be forged into a payment (lookup verification).

The client is Mollie's own SDK (``mollie-api-python``). Its API endpoint
comes from the settings: Mollie's in production, the local fake
(``portal.shop.payments.fake_provider``) in development and tests, so the
same code runs against both. Without ``SHOP_MOLLIE_API_KEY`` the method is
not offered.
"""

import datetime
import logging
from decimal import Decimal

from django.conf import settings
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from mollie.api.client import Client
from mollie.api.error import Error as MollieError
from mollie.api.error import NotFoundError
from mollie.api.objects.payment import Payment as MolliePaymentObject
from mollie.api.resources import PaymentRefunds

from portal.shop import statuses
from portal.shop.models import Checkout

from .base import (
    PaymentMethod,
    ProviderError,
    ProviderPayment,
    ProviderRefund,
    UnknownProviderPayment,
)

logger = logging.getLogger(__name__)

CODE = "mollie"


def amount_json(amount, currency="EUR"):
    """Mollie's amount object: a string with exactly two decimals."""
    return {"currency": currency, "value": f"{Decimal(amount):.2f}"}


def _amount(data):
    return Decimal((data or {}).get("value") or "0.00")


def _moment(text):
    return parse_datetime(text) if text else None


def provider_payment(data):
    """A ``ProviderPayment`` from Mollie's payment JSON (SDK object or dict)."""
    return ProviderPayment(
        reference=data["id"],
        status=data["status"],
        amount=_amount(data.get("amount")),
        currency=(data.get("amount") or {}).get("currency", "EUR"),
        amount_refunded=_amount(data.get("amountRefunded")),
        metadata=data.get("metadata") or {},
        checkout_url=((data.get("_links") or {}).get("checkout") or {}).get("href", ""),
        expires_at=_moment(data.get("expiresAt")),
        paid_at=_moment(data.get("paidAt")),
    )


def provider_refund(data):
    return ProviderRefund(
        reference=data["id"], amount=_amount(data.get("amount")), status=data.get("status", "")
    )


class MolliePayment(PaymentMethod):
    code = CODE
    label = _("Pay online")
    description = _(
        "By card, PayPal, SEPA direct debit or instant bank transfer, on the secure payment "
        "page of our payment provider Mollie."
    )
    payment_status = Checkout.PAYMENT_SETTLED
    order_status = statuses.AWAITING_PAYMENT
    redirects = True
    accepts_parts = True

    def is_available(self, plan):
        return bool(settings.SHOP_MOLLIE_API_KEY)

    def client(self):
        client = Client(api_endpoint=settings.SHOP_MOLLIE_API_ENDPOINT or "", timeout=(3, 15))
        client.set_api_key(settings.SHOP_MOLLIE_API_KEY)
        client.set_user_agent_component("Stadtportal", "1")
        return client

    def _call(self, what, function, *args, **kwargs):
        try:
            return function(*args, **kwargs)
        except NotFoundError as error:
            raise UnknownProviderPayment(str(error)) from error
        except MollieError as error:
            logger.warning("Mollie: %s failed: %s", what, error)
            raise ProviderError(str(error)) from error

    def start(self, checkout, payment, *, return_url, webhook_url):
        data = {
            "amount": amount_json(payment.amount),
            "description": f"Bestellung {checkout.number}",
            "redirectUrl": return_url,
            "cancelUrl": return_url,
            "webhookUrl": webhook_url,
            "locale": "de_DE",
            "metadata": {"checkout": checkout.number, "payment": payment.pk},
        }
        created = self._call(
            "creating a payment",
            self.client().payments.create,
            data,
            # A retried request (network error) creates the payment once.
            idempotency_key=f"stadtportal-payment-{payment.pk}",
        )
        return provider_payment(created)

    def fetch(self, reference):
        if not reference.startswith("tr_"):
            raise UnknownProviderPayment(reference)
        return provider_payment(
            self._call("reading a payment", self.client().payments.get, reference)
        )

    def _refunds_of(self, reference):
        client = self.client()
        return PaymentRefunds(client, MolliePaymentObject({"id": reference}, client))

    def send_refund(self, payment, amount, *, description, idempotency_key):
        refund = self._call(
            "creating a refund",
            self._refunds_of(payment.reference).create,
            {"amount": amount_json(amount), "description": description[:140]},
            idempotency_key=idempotency_key,
        )
        return provider_refund(refund)

    def refunds(self, reference):
        listed = self._call("listing refunds", self._refunds_of(reference).list, limit=250)
        return [provider_refund(item) for item in listed]

    def instructions(self, checkout):
        return ""


def expiry_grace():
    """How long after the provider's own expiry a silent payment is looked up again."""
    return datetime.timedelta(minutes=10)
