"""``manage.py import_directory FILE``: import business records into the directory."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site

from portal.directory.importer import ENCODINGS, MAX_FILE_BYTES, ImportFileError, run_import
from portal.directory.models import DirectoryIndexPage
from portal.towns import in_town


class Command(BaseCommand):
    help = "Imports businesses from a CSV (UTF-8/Windows-1252, ',' or ';') or XLSX file."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="Only report what would happen.")
        parser.add_argument(
            "--directory", help="Slug of the directory page (if there are several)."
        )
        parser.add_argument(
            "--town", help="Host name of the town whose directory to import into (if several)."
        )
        parser.add_argument(
            "--encoding",
            choices=sorted(ENCODINGS),
            default="auto",
            help="Encoding of a CSV file; 'auto' reads UTF-8, or Windows-1252 for a file "
            "without any UTF-8, and refuses a mixed file with the line of the first bad byte.",
        )

    def handle(self, file, dry_run=False, directory=None, town=None, encoding="auto", **options):
        indexes = DirectoryIndexPage.objects.order_by("path")
        if town:
            site = Site.objects.filter(hostname=town).first()
            if site is None:
                raise CommandError(f"Keine Stadt mit dem Hostnamen {town}.")
            indexes = indexes.filter(in_town(site, ""))
        if directory:
            indexes = indexes.filter(slug=directory)
        found = list(indexes[:2])
        if not found:
            raise CommandError(
                "Kein Branchenbuch gefunden: legen Sie zuerst eine Verzeichnisseite an."
            )
        if len(found) > 1:
            raise CommandError(
                "Es gibt mehrere Branchenbücher: wählen Sie die Stadt mit --town HOSTNAME."
            )
        index = found[0]
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Datei nicht gefunden: {file}")
        if path.stat().st_size > MAX_FILE_BYTES:  # refused before it is read into memory
            raise CommandError(f"Die Datei ist größer als {MAX_FILE_BYTES // 1024 // 1024} MB.")
        try:
            report = run_import(
                index, path.read_bytes(), path.name, dry_run=dry_run, encoding=encoding
            )
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        for row in report.rows:
            if row.action == "refused" or row.messages:
                self.stdout.write(f"Zeile {row.line} ({row.name or '–'}): {' '.join(row.messages)}")
        summary = report.summary
        prefix = "Probelauf – " if dry_run else ""
        self.stdout.write(
            f"{prefix}neu: {summary['create']}, aktualisiert: {summary['update']}, "
            f"unverändert: {summary['unchanged']}, abgelehnt: {summary['refused']}"
        )
