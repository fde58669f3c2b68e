"""Exactly once under concurrency: real threads against PostgreSQL."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, transaction

from portal.vouchers import factories, redemption
from portal.vouchers.errors import RedemptionRefused
from portal.vouchers.models import Redemption, SettlementEntry, Voucher

pytestmark = pytest.mark.django_db(transaction=True)
THREADS = 20


def run_together(attempts):
    """Start every attempt at the same moment; returns their results or exceptions."""
    barrier = threading.Barrier(len(attempts))

    def run(attempt):
        try:
            barrier.wait()
            return attempt()
        except Exception as error:  # collected and asserted by the test
            return error
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(attempts)) as pool:
        return list(pool.map(run, attempts))


def test_twenty_threads_redeeming_one_voucher_succeed_exactly_once(programme, make_merchant):
    merchants = [make_merchant(f"Laden {n}")[0] for n in range(4)]
    voucher = factories.VoucherFactory(batch__programme=programme)

    results = run_together(
        [
            lambda merchant=merchants[n % 4]: redemption.redeem(voucher, merchant=merchant)
            for n in range(THREADS)
        ]
    )

    successes = [r for r in results if isinstance(r, redemption.RedemptionResult)]
    refusals = [r for r in results if isinstance(r, RedemptionRefused)]
    assert len(successes) == 1
    assert len(refusals) == THREADS - 1
    assert {r.reason for r in refusals} == {"redeemed"}
    assert Redemption.objects.count() == 1
    assert SettlementEntry.objects.count() == 1
    voucher.refresh_from_db()
    assert (voucher.status, voucher.balance) == (Voucher.Status.REDEEMED, 0)


def test_twenty_threads_redeeming_twenty_vouchers_at_one_merchant_all_succeed(programme, merchant):
    vouchers = factories.VoucherFactory.create_batch(THREADS, batch__programme=programme)

    results = run_together([lambda v=v: redemption.redeem(v, merchant=merchant) for v in vouchers])

    assert all(isinstance(r, redemption.RedemptionResult) for r in results), results
    assert Redemption.objects.count() == THREADS
    assert SettlementEntry.objects.filter(merchant=merchant).count() == THREADS
    assert not Voucher.objects.filter(status=Voucher.Status.ACTIVE).exists()


def test_two_identical_posts_at_once_redeem_once_and_both_get_the_receipt(programme, merchant):
    voucher = factories.VoucherFactory(batch__programme=programme)

    results = run_together(
        [
            lambda: redemption.redeem(voucher, merchant=merchant, idempotency_key="same-form")
            for _ in range(2)
        ]
    )

    assert all(isinstance(r, redemption.RedemptionResult) for r in results), results
    assert {r.redemption.pk for r in results} == {Redemption.objects.get().pk}
    assert sorted(r.replayed for r in results) == [False, True]


def test_an_open_redemption_does_not_block_another_voucher(programme, merchant):
    """Only the voucher row is locked: not the programme, merchant or any shared row."""
    first, second = factories.VoucherFactory.create_batch(2, batch__programme=programme)
    holding, release = threading.Event(), threading.Event()

    def hold_first():
        try:
            with transaction.atomic():
                redemption.redeem(first, merchant=merchant)
                holding.set()
                release.wait(10)
        finally:
            connection.close()

    holder = threading.Thread(target=hold_first)
    holder.start()
    try:
        assert holding.wait(10)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '2s'")
            result = redemption.redeem(second, merchant=merchant)
        assert result.redemption.voucher_id == second.pk
    finally:
        release.set()
        holder.join()
    assert Redemption.objects.count() == 2


def test_sixteen_tills_posting_one_voucher_at_once_redeem_it_exactly_once(programme, make_merchant):
    """The till's own path over HTTP (``redeem_for_member``), each till a real thread."""
    from uuid import uuid4

    from django.test import Client
    from django.urls import reverse

    voucher = factories.VoucherFactory(batch__programme=programme)
    url = reverse("cityvouchers:status", kwargs={"code": voucher.code})
    tills = []
    for n in range(16):
        page, user = make_merchant(f"Kasse {n}", username=f"kasse{n}")
        client = Client()
        client.force_login(user)
        tills.append((client, page.voucher_acceptance.pk))

    def post(client, membership):
        payload = {"code": voucher.code, "idempotency_key": uuid4().hex, "merchant": membership}
        return client.post(url, payload, HTTP_ACCEPT="application/json").status_code

    statuses = run_together([lambda till=till: post(*till) for till in tills])

    assert sorted(statuses) == [200] + [409] * 15
    assert Redemption.objects.count() == SettlementEntry.objects.count() == 1
    voucher.refresh_from_db()
    assert (voucher.status, voucher.balance) == (Voucher.Status.REDEEMED, 0)
