"""The periodic trigger of harvesting: run by a timer (systemd timer or cron, every 15 min).

Enqueues one task that harvests every active source whose interval has
passed (``tasks.harvest_due_sources``); ``--now`` harvests them in this
process instead (no worker needed).
"""

from django.core.management.base import BaseCommand

from portal.federation import services, tasks


class Command(BaseCommand):
    help = "Harvests every active source whose interval has passed (via the task worker)."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="Run here instead of enqueuing.")

    def handle(self, *args, now=False, **options):
        if not now:
            result = tasks.harvest_due_sources.enqueue()
            self.stdout.write(f"Enqueued: {result.id}")
            return
        for run in services.harvest_due():
            self.stdout.write(f"{run.source}: {services.run_message(run)}")
