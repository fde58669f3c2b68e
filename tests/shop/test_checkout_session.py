"""The checkout's own session data: where the marketplace keeps its choices.

``portal.shop.checkout.utils.CheckoutSessionData`` extends Oscar's class
through public API only; these tests fail first if an Oscar upgrade stops
handing the fork's class to the checkout views or changes ``flush``.
"""

import re

import pytest
from django.urls import reverse
from oscar.core.loading import get_class

from portal.shop.checkout.utils import CheckoutSessionData

from .helpers import checkout_until_preview

pytestmark = pytest.mark.django_db


def test_oscar_hands_the_forks_session_data_to_its_checkout_views():
    assert get_class("checkout.utils", "CheckoutSessionData") is CheckoutSessionData
    mixin_module = get_class("checkout.session", "CheckoutSessionMixin").__module__
    assert mixin_module == "oscar.apps.checkout.session"
    assert __import__(mixin_module, fromlist=["_"]).CheckoutSessionData is CheckoutSessionData


def test_the_choices_of_each_step_stay_in_the_session_until_the_orders_are_placed(
    client, bread, bakery
):
    client.post(reverse("basket:add", kwargs={"pk": bread.pk}), {"quantity": 1})

    preview = checkout_until_preview(client, {bakery: "pickup"}, "pay-on-pickup")
    choices = client.session[CheckoutSessionData.MARKETPLACE_KEY]
    token = re.search(r'name="token" value="([^"]+)"', preview.content.decode()).group(1)

    assert choices["fulfilment"] == {str(bakery.pk): "pickup"}
    assert choices["payment_method"] == "pay-on-pickup"
    assert choices["token"] == token
    assert client.session["checkout_data"]["guest"]["email"] == "gast@example.org"

    client.post(reverse("checkout:preview"), {"token": token})

    assert CheckoutSessionData.MARKETPLACE_KEY not in client.session
    assert client.session["checkout_data"] == {}
