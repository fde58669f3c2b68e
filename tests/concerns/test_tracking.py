"""Tracking numbers: readable, per year, and unique under concurrent submissions."""

import threading

import pytest
from django.db import connection
from django.utils import timezone

from portal.concerns import services
from portal.concerns.models import Concern, Kind, Source


@pytest.mark.django_db
def test_tracking_numbers_count_up_per_year():
    assert services.allocate_tracking_number(2025) == "2025-000001"
    assert services.allocate_tracking_number(2025) == "2025-000002"
    assert services.allocate_tracking_number(2026) == "2026-000001"


@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_get_distinct_consecutive_numbers(roads):
    threads_count = 8
    barrier = threading.Barrier(threads_count)
    numbers, errors = [], []

    def submit(index):
        try:
            barrier.wait(timeout=10)
            concern = services.submit_concern(
                kind=Kind.PROBLEM,
                topic=roads,
                description=f"Gleichzeitige Meldung {index}",
                source=Source.WEB,
            )
            numbers.append(concern.tracking_number)
        except Exception as error:  # reported below, never swallowed
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not errors
    year = timezone.localdate().year
    assert sorted(numbers) == [f"{year}-{n:06d}" for n in range(1, threads_count + 1)]
    assert Concern.objects.count() == threads_count
