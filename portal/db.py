"""Prepared statements for the few hot views whose queries are known to allow them.

A voucher redemption at a till runs the same handful of short queries for
every scan (memberships, voucher, retry check, lock, inserts). Parsed and
planned anew each time, they cost PostgreSQL more than twice the CPU they
cost prepared (1.6 against 0.7 ms per redeem POST, measured for
``bench/vouchers_redeem.py``). Django can bind parameters on
the server for a whole connection (``OPTIONS["server_side_binding"]``), but
not every query survives that: Wagtail's admin, for one, orders a
``SELECT DISTINCT`` by a ``CASE`` with parameters, which PostgreSQL refuses
once the parameters are sent separately. So the portal keeps Django's
client-side binding and switches the connection to server-side binding and
prepared statements only inside ``prepared_statements()``, around views
whose own queries are all simple. Such views answer with a
``TemplateResponse``: it renders after the block, so the queries of the page
around them (settings, navigation, Wagtail's user bar) keep Django's binding.

psycopg keeps the prepared statements per connection, so they pay off with
persistent connections (``CONN_MAX_AGE`` in production). Behind a pooler in
transaction mode that does not keep prepared statements, set
``DATABASE_PREPARED_STATEMENTS=false`` (``settings.PORTAL_PREPARED_STATEMENTS``).
"""

import functools
from contextlib import contextmanager

from django.conf import settings
from django.db import connections

# psycopg prepares a statement once it has run this often on a connection.
PREPARE_THRESHOLD = 5


@contextmanager
def prepared_statements(using="default"):
    """Inside the block, bind parameters on the server and prepare repeated queries.

    Does nothing on other databases than PostgreSQL or when turned off in the
    settings. The connection gets its own cursor class and threshold back
    afterwards, even if the block fails.
    """
    connection = connections[using]
    if connection.vendor != "postgresql" or not settings.PORTAL_PREPARED_STATEMENTS:
        yield
        return
    from django.db.backends.postgresql.base import ServerBindingCursor

    connection.ensure_connection()
    raw = connection.connection
    before = raw.cursor_factory, raw.prepare_threshold
    raw.cursor_factory = ServerBindingCursor
    raw.prepare_threshold = PREPARE_THRESHOLD
    try:
        yield
    finally:
        # A connection closed in the block is gone; the next one starts with Django's defaults.
        if not raw.closed:
            raw.cursor_factory, raw.prepare_threshold = before


def with_prepared_statements(view):
    """Decorator: run ``view`` inside ``prepared_statements()``."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        with prepared_statements():
            return view(*args, **kwargs)

    return wrapper
