"""Many residents adding the same product to their baskets at once: every addition succeeds.

Oscar counts basket additions per product; its own receiver races on the
first count (``IntegrityError`` inside the request). ``portal.shop.analytics``
counts after commit instead; the counter still ends up exact.
"""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from oscar.core.loading import get_model

ProductRecord = get_model("analytics", "ProductRecord")
Line = get_model("basket", "Line")

CUSTOMERS = 50


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_first_basket_additions_of_one_product_all_succeed(bread):
    bread.stockrecords.update(num_in_stock=100)
    url = reverse("basket:add", kwargs={"pk": bread.pk})
    barrier = threading.Barrier(CUSTOMERS)
    statuses = [None] * CUSTOMERS

    def add(index):
        client = Client(raise_request_exception=False)
        try:
            barrier.wait(timeout=30)
            statuses[index] = client.post(url, {"quantity": 1}).status_code
        finally:
            connection.close()

    threads = [threading.Thread(target=add, args=(index,)) for index in range(CUSTOMERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert statuses == [302] * CUSTOMERS
    assert Line.objects.filter(product=bread).count() == CUSTOMERS
    assert ProductRecord.objects.get(product=bread).num_basket_additions == CUSTOMERS
