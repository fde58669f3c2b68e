"""``manage.py add_town "Beispielheim" --hostname beispielheim.example``: one more town."""

from django.core.management.base import BaseCommand, CommandError

from portal.home.new_town import TownError, add_town


class Command(BaseCommand):
    help = (
        "Adds a town to this installation: its site on its own host name, home page, "
        "directory, news, events, concerns, voucher page, settings, groups and workflow."
    )

    def add_arguments(self, parser):
        parser.add_argument("name", help="Name of the town, e.g. Beispielheim.")
        parser.add_argument("--hostname", required=True, help="Host name, e.g. beispielheim.de.")
        parser.add_argument(
            "--port", type=int, default=443, help="Port of the public address (443: https)."
        )
        parser.add_argument("--slug", default="", help="Short name of the home page (optional).")
        parser.add_argument("--email", default="", help="Contact address of the town's portal.")
        parser.add_argument(
            "--default", action="store_true", help="Answer unknown host names with this town."
        )

    def handle(self, *args, name, hostname, port, slug, email, default, **options):
        try:
            site = add_town(
                name,
                hostname,
                port=port,
                slug=slug,
                email=email,
                default=default,
                log=self.stdout.write,
            )
        except TownError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"{site.site_name} ist bereit: {site.root_url}/"))
        self.stdout.write(
            "Nächste Schritte: Impressum, Datenschutz und Barrierefreiheit ausfüllen, "
            f"die Gruppen „Redaktion {name}“ und „Gutschein-Betreiber {name}“ besetzen, "
            "im Gutscheinprogramm einen Verkäufer wählen."
        )
