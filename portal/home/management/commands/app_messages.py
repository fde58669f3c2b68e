"""Update one app's German catalogue from its code and its templates.

Each portal app keeps its own catalogue in ``portal/<app>/locale`` so that work
on different apps never touches the same .po file. Django's ``makemessages``
only scans the current directory, so this command builds a scratch directory
with links to ``portal/<app>/`` and ``templates/<app>/`` (plus, for ``home``,
the site-wide templates) and runs it there. Needs GNU gettext (a developer
tool); compiling needs only ``compile_translations``.
"""

import os
import shutil
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

SITE_WIDE_TEMPLATES = ["base.html", "includes", "oscar", "wagtailadmin"]


class Command(BaseCommand):
    help = "Runs makemessages (German) for one portal app and its templates."

    def add_arguments(self, parser):
        parser.add_argument("app_label")

    def handle(self, app_label, **options):
        try:
            app = apps.get_app_config(app_label)
        except LookupError as error:
            raise CommandError(f"No app with label {app_label!r}.") from error
        app_dir = Path(app.path)
        templates = settings.BASE_DIR / "templates"
        sources = {"code": app_dir}
        if (templates / app_label).exists():
            sources["templates"] = templates / app_label
        if app_label == "home":
            for name in SITE_WIDE_TEMPLATES:
                if (templates / name).exists():
                    sources[f"site-{name}"] = templates / name
        catalogue = app_dir / "locale" / "de" / "LC_MESSAGES"
        catalogue.mkdir(parents=True, exist_ok=True)
        previous_dir = os.getcwd()
        with tempfile.TemporaryDirectory() as scratch:
            scratch = Path(scratch)
            for name, source in sources.items():
                (scratch / name).symlink_to(source)
            (scratch / "locale").mkdir()
            shutil.copytree(app_dir / "locale", scratch / "locale", dirs_exist_ok=True)
            try:
                os.chdir(scratch)
                call_command(
                    "makemessages",
                    locale=["de"],
                    symlinks=True,
                    ignore_patterns=["code/locale/*"],
                    no_obsolete=True,
                    verbosity=0,
                )
            finally:
                os.chdir(previous_dir)
            shutil.copy(scratch / "locale/de/LC_MESSAGES/django.po", catalogue / "django.po")
        self.stdout.write(f"Updated {catalogue.relative_to(settings.BASE_DIR) / 'django.po'}")
