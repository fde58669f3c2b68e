"""Put the directory's "accepts the city voucher" flags in step with the network (daily timer).

Changes of a membership set the flag at once; this command catches what no
save announces: a contract date reached today. Safe to repeat.
"""

from django.core.management.base import BaseCommand

from portal.vouchers.acceptance import update_directory_flags


class Command(BaseCommand):
    help = "Sets MerchantPage.accepts_city_voucher from the acceptance network."

    def handle(self, *args, **options):
        fixed = update_directory_flags()
        self.stdout.write(self.style.SUCCESS(f"{fixed} profile(s) updated."))
