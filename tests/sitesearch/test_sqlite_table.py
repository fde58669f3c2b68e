"""The quickstart's SQLite search finds businesses by name and by the start of a word.

The SQLite backend has no German stemming and no trigram similarity, so only
the exact and prefix cases of the query table must pass there; the others
are printed for information. It runs in a subprocess with its own SQLite
database, since the test suite itself runs on PostgreSQL.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

from .town import BASIC_KINDS, QUERIES

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT_SECONDS = 900


def test_exact_and_prefix_queries_find_the_business_on_sqlite(tmp_path, capsys):
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    environment.pop("DATABASE_URL", None)
    completed = subprocess.run(
        [sys.executable, "-m", "tests.sitesearch.sqlite_table", str(tmp_path / "search.sqlite3")],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_SECONDS,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    lines = completed.stdout.strip().splitlines()
    with capsys.disabled():
        print("\n" + "\n".join(line for line in lines if not line.startswith("RESULT ")))
    result = json.loads(lines[-1].removeprefix("RESULT "))
    basic = [case for case in QUERIES if case.kind in BASIC_KINDS]
    missed = [miss for miss in result["misses"] if miss[0] in BASIC_KINDS]
    assert len(basic) >= 10
    assert not missed, missed
