"""Redemptions per second over HTTP, and zero double redemptions.

Serves the portal with the production settings (DEBUG off, Redis cache,
sessions read from Redis, persistent database connections) from a fresh
PostgreSQL database through gunicorn with 2 sync workers. 16 merchant
tills (one thread each, logged in as a different merchant of the network)
send 10,000 redeem POSTs to ``/g/<code>/`` for 1,000 vouchers, as the
confirmation page's script does (``Accept: application/json``), each voucher
attempted 10 times in random order by different merchants, each POST with
its own idempotency key. The machine is shared with the client and PostgreSQL,
so the script also prints the app server's CPU time per attempt, a figure
that does not depend on what else runs. Every answer must be a receipt (200 with JSON) or a clear
refusal (409); afterwards the database must hold exactly one redemption and
one settlement entry per voucher. Prints attempts/s and redemptions/s.

A second run sends one POST to each of 4,000 further vouchers, so that every
attempt is a first redemption (lock, three rows written, commit): the
redemptions per second of the write path alone.

Run: .venv/bin/python bench/vouchers_redeem.py
Needs PostgreSQL on 127.0.0.1:5432 (user postgres) and Redis on 127.0.0.1:6379.
"""

import http.client
import queue
import random
import resource
import secrets
import socket
import sys
import threading
import time
import uuid
from collections import Counter
from urllib.parse import urlencode

from common import fresh_database, gunicorn, scratch_dirs
from vouchers_setup import DATABASE, configure_django, site_with_network

MERCHANTS = 16
VOUCHERS = 1_000
ATTEMPTS_PER_VOUCHER = 10
FRESH_VOUCHERS = 4_000  # the second run: every POST is a voucher's first redemption
PORT = 8111


def session_cookie(user):
    """A logged-in session in the configured session store, as a login leaves it."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def issue(programme, count, reference):
    from django.utils import timezone

    from portal.vouchers.issuing import issue_vouchers

    batch = issue_vouchers(
        values=[25] * count,
        reference=reference,
        kind="office",
        payment_confirmed_at=timezone.now(),
        programme=programme,
    )
    return list(batch.vouchers.values_list("code", flat=True))


def prepare():
    """The tills, the mixed run's 10,000 attempts and the fresh run's vouchers."""
    programme, members = site_with_network(MERCHANTS)
    codes = issue(programme, VOUCHERS, "bench")
    fresh = issue(programme, FRESH_VOUCHERS, "bench-fresh")
    tills = []
    for member, user in members:
        csrf = secrets.token_hex(16)  # a 32-character secret, accepted unmasked
        tills.append(
            {
                "member": member.pk,
                "cookie": f"sessionid={session_cookie(user)}; csrftoken={csrf}",
                "csrf": csrf,
            }
        )
    attempts = [code for code in codes for _ in range(ATTEMPTS_PER_VOUCHER)]
    random.Random(5).shuffle(attempts)
    return tills, attempts, fresh


def till(base_port, till_data, work, results):
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Accept": "application/json",  # as the confirmation page's script sends it
        "Cookie": till_data["cookie"],
        "X-Forwarded-Proto": "https",
        "Origin": f"https://127.0.0.1:{base_port}",
    }
    while True:
        try:
            code = work.get_nowait()
        except queue.Empty:
            return
        body = urlencode(
            {
                "code": code,
                "idempotency_key": uuid.uuid4().hex,
                "merchant": till_data["member"],
                "csrfmiddlewaretoken": till_data["csrf"],
            }
        )
        connection = http.client.HTTPConnection("127.0.0.1", base_port, timeout=30)
        try:
            # http.client writes headers and body separately; without TCP_NODELAY the
            # body waits for the server's delayed ACK (40 ms), as no browser would.
            connection.connect()
            connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            connection.request("POST", f"/g/{code}/", body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            results.append(response.status)
        except OSError as error:
            results.append(f"error: {error}")
        finally:
            connection.close()


def serve_and_send(env, tills, codes):
    """Serve the portal, send one redeem POST per code from the tills; the figures."""
    work = queue.Queue()
    for code in codes:
        work.put(code)
    results = []
    children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with gunicorn("portal.wsgi:application", env, port=PORT):
        threads = [
            threading.Thread(target=till, args=(PORT, data, work, results)) for data in tills
        ]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
    # gunicorn's master reaps its workers on shutdown, so their CPU time is ours now.
    children_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    server_cpu = (children_after.ru_utime + children_after.ru_stime) - (
        children_before.ru_utime + children_before.ru_stime
    )
    return Counter(results), elapsed, server_cpu


def report(title, statuses, elapsed, server_cpu):
    total = sum(statuses.values())
    print()
    print(title)
    print(f"elapsed                 {elapsed:8.1f} s")
    print(
        f"attempts per second     {total / elapsed:8.1f}   (each a redeem POST answered 200 or 409)"
    )
    print(f"redemptions per second  {statuses[200] / elapsed:8.1f}   (successful ones)")
    print(
        f"app server CPU          {server_cpu / total * 1000:8.2f} ms per attempt "
        f"(gunicorn master and workers, start-up included; PostgreSQL not included)"
    )
    print(f"responses               {dict(statuses)}")


def main():
    with fresh_database(DATABASE) as database, scratch_dirs() as (media, static):
        env = configure_django(database, media, static, REDIS_URL="redis://127.0.0.1:6379/0")
        from django.db import connection
        from django.db.models import Count

        from portal.vouchers.models import Redemption, SettlementEntry, Voucher

        print(
            f"Creating {MERCHANTS} merchants and {VOUCHERS + FRESH_VOUCHERS:,} vouchers …",
            flush=True,
        )
        tills, attempts, fresh = prepare()
        connection.close()
        mixed = serve_and_send(env, tills, attempts)
        first_only = serve_and_send(env, tills, fresh)

        redemptions = Redemption.objects.count()
        doubles = (
            Redemption.objects.values("voucher").annotate(n=Count("pk")).filter(n__gt=1).count()
        )
        entries = SettlementEntry.objects.count()
        unredeemed = Voucher.objects.exclude(status=Voucher.Status.REDEEMED).count()
        connection.close()

    head = f"gunicorn -w 2 (sync), PostgreSQL, Redis, DEBUG off; {MERCHANTS} merchants"
    report(
        f"{head}; mixed: {len(attempts)} attempts on {VOUCHERS} vouchers, 10 each",
        *mixed,
    )
    report(f"{head}; first redemptions only: {len(fresh)} vouchers, one POST each", *first_only)
    print()
    print(f"redemption rows         {redemptions}   settlement entries {entries}")
    print(f"double redemptions      {doubles}   vouchers left unredeemed {unredeemed}")
    vouchers = VOUCHERS + FRESH_VOUCHERS
    ok = (
        mixed[0][200] == VOUCHERS
        and mixed[0][409] == len(attempts) - VOUCHERS
        and first_only[0][200] == FRESH_VOUCHERS
        and redemptions == entries == vouchers
        and doubles == 0
        and unredeemed == 0
    )
    if not ok:
        sys.exit(
            "FAILED: every voucher must be redeemed exactly once, every other attempt refused."
        )


if __name__ == "__main__":
    main()
