"""``manage.py add_state_portal "Mecklenburg-Vorpommern" --hostname land.example.de``."""

from django.core.management.base import BaseCommand, CommandError

from portal.state.sites import StatePortalError, add_state_portal


class Command(BaseCommand):
    help = (
        "Adds the state portal: its own site with the state-wide initiatives directory, "
        "news, events, the page Förderprogramme and the group Landesredaktion. "
        "Running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("name", help="Name of the state, e.g. Mecklenburg-Vorpommern.")
        parser.add_argument("--hostname", required=True, help="Host name, e.g. land.example.de.")
        parser.add_argument(
            "--port", type=int, default=443, help="Port of the public address (443: https)."
        )

    def handle(self, *args, name, hostname, port, **options):
        try:
            site = add_state_portal(name, hostname, port=port, log=self.stdout.write)
        except StatePortalError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"{site.site_name} ist bereit: {site.root_url}/"))
        self.stdout.write(
            "Nächste Schritte: Impressum, Datenschutz und Barrierefreiheit ausfüllen, "
            "die Gruppe „Landesredaktion“ besetzen, Regionen (Landkreise) anlegen."
        )
