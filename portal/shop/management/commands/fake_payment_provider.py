"""Serve the local fake of the payment provider's API (development and the demo only).

``make demo`` starts it next to ``runserver`` and points ``MOLLIE_API_ENDPOINT``
at it; see ``portal.shop.payments.fake_provider``. Refused under production settings.
"""

import contextlib

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.shop.payments.fake_provider import FakeMollie


class Command(BaseCommand):
    help = "Serve a local fake of Mollie's payments API (no real money), for development."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8210)
        parser.add_argument("--expiry-minutes", type=int, default=15)

    def handle(self, *args, host, port, expiry_minutes, **options):
        if settings.SETTINGS_MODULE.endswith("production"):
            raise CommandError("The fake payment provider never runs with production settings.")
        fake = FakeMollie(expiry_minutes=expiry_minutes)
        url = fake.start(host=host, ports=(port,))
        self.stdout.write(f"Fake payment provider (no real money) on {url}; any test_ key works.")
        with contextlib.suppress(KeyboardInterrupt):
            fake.wait()
