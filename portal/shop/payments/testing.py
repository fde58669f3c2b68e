"""A fake payment provider for development and tests: NEVER takes real money.

Enabled only when ``settings.SHOP_TEST_PAYMENTS`` is true (``dev.py`` and
``test.py``; never in production). It behaves like a card provider: it
hands out a reference on ``reserve`` and is captured on ``settle`` (the
checkout records both), and it can be told to decline, so the checkout's
failure paths can be tried by hand and in tests.
"""

import secrets

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from portal.shop.models import Checkout

from .base import PaymentDeclined, PaymentMethod


class TestPaymentForm(forms.Form):
    decline = forms.BooleanField(
        label=_("Simulate a declined payment"),
        required=False,
        help_text=_("Test provider only: the payment is refused when the order is placed."),
    )


class TestProvider(PaymentMethod):
    code = "test-provider"
    label = _("TEST payment (no real money)")
    description = _("Only for development and tests: pretends to take a card payment.")
    form_class = TestPaymentForm
    payment_status = Checkout.PAYMENT_SETTLED
    is_test = True

    def is_available(self, plan):
        return bool(getattr(settings, "SHOP_TEST_PAYMENTS", False))

    def reserve(self, checkout, details):
        if (details or {}).get("decline"):
            raise PaymentDeclined(_("The test provider declined the payment."))
        return f"TEST-{secrets.token_hex(6)}"
