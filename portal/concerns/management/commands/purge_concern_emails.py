"""Delete citizens' e-mail addresses a set time after their concern was closed.

Run it daily (cron, systemd timer). The period comes from
``CONCERNS_EMAIL_RETENTION_DAYS`` (environment variable, default 90 days).
"""

from django.core.management.base import BaseCommand

from portal.concerns import services
from portal.concerns.conf import setting


class Command(BaseCommand):
    help = "Deletes e-mail addresses of concerns closed longer than the retention period."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Retention period in days (default: CONCERNS_EMAIL_RETENTION_DAYS).",
        )

    def handle(self, *args, days=None, **options):
        days = setting("CONCERNS_EMAIL_RETENTION_DAYS") if days is None else days
        purged = services.purge_expired_emails(days=days)
        self.stdout.write(
            f"Deleted the e-mail address of {purged} closed concern(s) (> {days} days)."
        )
