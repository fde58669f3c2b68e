"""``manage.py refresh_opening_intervals``: recompute the "open now" spans; run daily (cron)."""

from django.core.management.base import BaseCommand

from portal.directory.models import MerchantPage
from portal.directory.services import refresh_opening_intervals

BATCH = 2000


class Command(BaseCommand):
    help = "Recomputes the stored opening intervals of all live profiles (run once a day)."

    def handle(self, *args, **options):
        ids = list(MerchantPage.objects.live().values_list("pk", flat=True))
        total = 0
        for start in range(0, len(ids), BATCH):
            pages = MerchantPage.objects.filter(pk__in=ids[start : start + BATCH]).only(
                "pk", "live", "opening_hours"
            )
            total += refresh_opening_intervals(pages)
        self.stdout.write(f"{len(ids)} Profile, {total} Öffnungszeiträume berechnet.")
