"""Build the demo town "Musterstadt"; safe to run again, it never duplicates."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail import hooks

from portal.roles.definitions import ADMINISTRATORS, EDITORS


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
        try:
            import factory.random
            import wagtail_factories  # noqa: F401

            from portal.home import demo
        except ImportError as error:
            raise CommandError(
                f"The demo town is built with the test factories ({error.name} is missing): "
                "pip install --require-hashes -r requirements-demo.txt"
            ) from error
        factory.random.reseed_random("musterstadt")
        log = self.stdout.write
        demo.LOGINS.clear()
        with transaction.atomic():
            demo.ensure_user(
                "admin",
                email="admin@musterstadt.example",
                superuser=True,
                groups=[ADMINISTRATORS],
                first_name="Anna",
                last_name="Admin",
                purpose="Administration: everything, including users, groups and sites",
            )
            demo.ensure_user(
                "redaktion",
                email="redaktion@musterstadt.example",
                groups=[EDITORS],
                first_name="Robert",
                last_name="Redakteur",
                purpose="Redaktion: publishes pages, news, events, navigation and settings; "
                "approves merchants' changes and registrations",
            )
            home = demo.build(log)
            for step in hooks.get_hooks("build_demo_town"):
                step(home, log)
            demo.finish(home)
        self.stdout.write(self.style.SUCCESS(f"Demo town ready: {home.title}"))
        self.stdout.write("Demo logins, one per role (passwords are new on every run):")
        width = max(len(login.username) for login in demo.LOGINS)
        for login in demo.LOGINS:
            self.stdout.write(f"  {login.username:<{width}}  {login.password:<12}  {login.url}")
            self.stdout.write(f"  {'':<{width}}  {login.purpose}")
