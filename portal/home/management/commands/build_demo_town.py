"""Build the demo town "Musterstadt"; safe to run again, it never duplicates."""

import factory.random
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail import hooks

from portal.home import demo


class Command(BaseCommand):
    help = "Builds the demo town Musterstadt with pages, news, events and demo logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Run even with DEBUG off (demo logins get fresh passwords).",
        )

    def handle(self, *args, allow_production=False, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "DEBUG is off: this looks like production. Use --allow-production to insist."
            )
        factory.random.reseed_random("musterstadt")
        log = self.stdout.write
        with transaction.atomic():
            home = demo.build(log)
            for step in hooks.get_hooks("build_demo_town"):
                step(home, log)
            demo.finish(home)
            logins = [
                demo.ensure_user(
                    "admin",
                    email="admin@musterstadt.example",
                    superuser=True,
                    first_name="Anna",
                    last_name="Admin",
                ),
                demo.ensure_user(
                    "redaktion",
                    email="redaktion@musterstadt.example",
                    groups=["Editors"],
                    first_name="Robert",
                    last_name="Redakteur",
                ),
            ]
        self.stdout.write(self.style.SUCCESS(f"Demo town ready: {home.title}"))
        self.stdout.write("Logins (passwords are new on every run):")
        for user, password in logins:
            self.stdout.write(f"  {user.username:<12} {password:<16} http://127.0.0.1:8000/admin/")
