"""CI smoke test of the README's first command on SQLite (the suite runs on PostgreSQL).

Migrates a throw-away SQLite database, builds the demo town twice (it must be
idempotent) and requests the main pages and searches; any status other than
200 fails, and so does an everyday directory search that misses its business
or a page of the second demo town that shows the first town's businesses.
Run: DATABASE_URL=sqlite:////tmp/x.sqlite3 .venv/bin/python .ci/demo_smoke.py
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
    "/suche/vorschlaege/?q=B%C3%A4ck",
]
SECOND_TOWN_PAGES = ["/", "/haendler/", "/shop/catalogue/", "/anliegen/", "/gutscheine/"]
# The state portal's pages and a text each must show (the towns are listed as initiatives).
STATE_PAGES = {
    "/": "Regional einkaufen",
    "/initiativen/": "Beispielheim",
    "/initiativen/?art=village_shop": "Dorfladen Groß Lüsewitz",
    # harvested from the demo cooperative's list (portal/federation/data/)
    "/initiativen/?art=farm_shops": "Erzeugergenossenschaft Seenplatte",
    "/initiativen/eintragen/": "csrfmiddlewaretoken",
    "/foerderprogramme/": "Dorfladen-Förderung",
}
# Everyday searches residents type in the directory, and a business each must find.
DEMO_SEARCHES = {
    "Bäcker": "Bäckerei Korn",
    "Brot": "Bäckerei Korn",
    "Honig": "Imkerei Summsumm",
    "Frisör": "Friseur Schnittpunkt",
    "Baecker": "Bäckerei Korn",
    "Schreiner": "Tischlerei Holzwurm",
}


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
    for text, business in DEMO_SEARCHES.items():
        response = client.get("/haendler/", {"q": text})
        found = [item["page"].title for item in response.context["items"]][:5]
        print(f"{'ok  ' if business in found else 'MISS'} /haendler/?q={text} -> {found}")
        if business not in found:
            failed.append(f"/haendler/?q={text}")
    # The second demo town answers on its own name with only its own businesses.
    second = Client(HTTP_HOST="beispielheim.localhost:8000")
    for url in SECOND_TOWN_PAGES:
        response = second.get(url, follow=True)
        text = response.content.decode()
        own = response.status_code == 200 and "Beispielheim" in text
        leaked = "Bäckerei Korn" in text
        note = " (shows Musterstadt!)" if leaked else ""
        print(f"{response.status_code} beispielheim {url}{note}")
        if not own or leaked:
            failed.append(f"beispielheim {url}")
    # The state portal answers on its own name and lists the towns with the initiatives.
    state = Client(HTTP_HOST="land.localhost:8000")
    for url, expected in STATE_PAGES.items():
        response = state.get(url, follow=True)
        found = response.status_code == 200 and expected in response.content.decode()
        print(f"{response.status_code} land {url}{'' if found else f' (misses {expected})'}")
        if not found:
            failed.append(f"land {url}")
    if failed:
        sys.exit(f"demo smoke test failed for: {', '.join(failed)}")


if __name__ == "__main__":
    main()
