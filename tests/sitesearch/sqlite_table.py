"""Ask the query table on the SQLite quickstart (run by ``test_sqlite_table`` in a subprocess).

Usage: ``python -m tests.sitesearch.sqlite_table DATABASE_FILE``. Migrates a
fresh SQLite database, builds the generated town in it, asks every query of
the table through the directory page and prints the report, then one last
line ``RESULT {json}`` with the cases that were hit and missed.
"""

import json
import os
import sys


def main(database_file):
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{database_file}"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    assert connection.vendor == "sqlite", connection.vendor
    call_command("migrate", verbosity=0, interactive=False)
    setup_test_environment()

    from portal.directory.factories import DirectoryIndexPageFactory
    from portal.home import factories
    from portal.shop.defaults import create_defaults
    from tests.sitesearch.town import build_town, report, run_table

    create_defaults()
    home = factories.HomePageFactory(parent=factories.root_page())
    factories.make_default_site(home)
    index = DirectoryIndexPageFactory(parent=home)
    build_town(index)
    rows = run_table(Client(), index)
    print(report(rows, "Directory search, SQLite FTS5 (quickstart):"))
    result = {
        "hits": [[case.kind, case.text] for case, _found, hit in rows if hit],
        "misses": [[case.kind, case.text, found] for case, found, hit in rows if not hit],
    }
    print("RESULT " + json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1])
