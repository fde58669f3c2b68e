"""Reminders and expiry of unpaid orders, lost webhooks, refunds to retry (``services.expiry``).

Run it every few minutes from a timer (see docs/payments.md); every step is
idempotent, so overlapping or repeated runs do no harm.
"""

from django.core.management.base import BaseCommand

from portal.shop.services import expiry


class Command(BaseCommand):
    help = "Remind of and cancel unpaid orders, ask the payment provider about silent payments."

    def handle(self, *args, **options):
        report = expiry.run()
        if options["verbosity"]:
            self.stdout.write(str(report))
