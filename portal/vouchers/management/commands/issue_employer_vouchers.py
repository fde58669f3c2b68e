"""Issue the vouchers of paid employer orders for every month that has begun.

Run daily by a timer (e.g. a systemd timer or cron at 00:30). Idempotent: a
month already issued is skipped, so running it again, late or twice at the
same time issues nothing twice.
"""

from django.core.management.base import BaseCommand

from portal.vouchers.employer_orders import issue_due_vouchers


class Command(BaseCommand):
    help = "Issues due monthly vouchers of paid employer orders (safe to run repeatedly)."

    def handle(self, *args, **options):
        batches = issue_due_vouchers()
        for batch in batches:
            self.stdout.write(f"{batch.reference}: {batch.vouchers.count()} vouchers")
        self.stdout.write(self.style.SUCCESS(f"{len(batches)} month(s) issued."))
