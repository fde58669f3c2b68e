"""Compile the project's .po catalogues to .mo without GNU gettext.

``compilemessages`` needs ``msgfmt`` installed on the machine; this command
uses the pure-Python ``polib`` so a fresh clone can compile its German catalogue
with nothing but the requirements. Only the portal's own catalogues
(``portal/<app>/locale``) are compiled; Django, Wagtail and Oscar ship theirs compiled.
"""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compiles the project's .po files to .mo using polib."

    def handle(self, *args, **options):
        compiled = 0
        portal_dir = Path(settings.BASE_DIR) / "portal"
        for po_path in sorted(portal_dir.glob("*/locale/*/LC_MESSAGES/*.po")):
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
            compiled += 1
            self.stdout.write(f"Compiled {po_path.relative_to(settings.BASE_DIR)}")
        if not compiled:
            self.stdout.write("Translations are up to date.")
