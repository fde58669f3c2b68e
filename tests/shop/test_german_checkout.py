"""The checkout's first step speaks German (Oscar leaves its radio group unlabelled)."""

import pytest

pytestmark = pytest.mark.django_db


def test_checkout_first_step_asks_in_german_how_to_order(client, bread):
    client.post(f"/shop/basket/add/{bread.pk}/", {"quantity": 1})
    response = client.get("/shop/checkout/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Wie möchten Sie bestellen?" in text
    assert "Options" not in text
