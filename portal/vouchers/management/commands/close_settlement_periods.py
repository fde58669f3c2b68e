"""Close every month that has ended into merchant statements (run by a monthly timer).

Safe to repeat: a closed month is not closed again. The operator then
downloads the SEPA file in the admin and marks the month paid.
"""

from django.core.management.base import BaseCommand

from portal.vouchers.settlement import close_due_periods


class Command(BaseCommand):
    help = "Closes ended settlement periods into merchant statements."

    def handle(self, *args, **options):
        for period, statements in close_due_periods():
            self.stdout.write(f"{period.label}: {len(statements)} statement(s)")
        self.stdout.write(self.style.SUCCESS("Done."))
