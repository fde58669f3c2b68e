"""Helpers shared by tests of several apps: the system Chromium, a Python in the project,
a town's address."""

import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def run_python(*args, environment):
    """Run ``python *args`` in the project folder with exactly ``environment``."""
    return subprocess.run(
        [sys.executable, *args],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def point_town_at(site, url):
    """Give ``site`` the address ``url``: links in mails, PDFs and QR codes follow it."""
    parts = urlsplit(url)
    site.hostname = parts.hostname
    site.port = parts.port or (443 if parts.scheme == "https" else 80)
    site.save()
