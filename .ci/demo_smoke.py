"""CI smoke test of the README's first command on SQLite (the suite runs on PostgreSQL).

Migrates a throw-away SQLite database, builds the demo town twice (it must be
idempotent) and requests the main pages and searches; any status other than
200 fails. Run: DATABASE_URL=sqlite:////tmp/x.sqlite3 .venv/bin/python .ci/demo_smoke.py
"""

import io
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")

PAGES = [
    "/",
    "/aktuelles/",
    "/veranstaltungen/",
    "/suche/?q=Markt",
    "/haendler/",
    "/haendler/?q=B%C3%A4ckerei",
    "/haendler/?kategorie=einzelhandel&kaufen=abholung",
    "/haendler/?offen=on",
    "/haendler/?plz=12345",
    "/wochenmarkt/",
    "/shop/",
    "/shop/catalogue/",
    "/shop/search/?q=Brot",
    "/anliegen/",
    "/open311/v2/services.json",
    "/gutscheine/",
    "/sitemap.xml",
]


def main():
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    call_command("migrate", interactive=False, verbosity=0)
    for _ in range(2):
        call_command("build_demo_town", stdout=io.StringIO())
    setup_test_environment()
    client = Client(HTTP_HOST="127.0.0.1")
    failed = []
    for url in PAGES:
        status = client.get(url, follow=True).status_code
        print(f"{status} {url}")
        if status != 200:
            failed.append(url)
    if failed:
        sys.exit(f"demo smoke test failed for: {', '.join(failed)}")


if __name__ == "__main__":
    main()
