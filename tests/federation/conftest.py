"""Fixtures of the federation tests: a second installation of this portal on loopback,
a tiny HTTP server for hand-written feeds, and towns with businesses."""

import hashlib
import http.server
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
import requests

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def migrations_digest():
    """A digest of every migration file of the project and its libraries' versions."""
    digest = hashlib.sha256()
    for path in sorted((BASE_DIR / "portal").rglob("migrations/*.py")):
        digest.update(str(path.relative_to(BASE_DIR)).encode())
        digest.update(path.read_bytes())
    digest.update((BASE_DIR / "requirements.txt").read_bytes())
    return digest.hexdigest()[:16]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RemotePortal:
    """A second copy of the portal, run as a subprocess on its own SQLite database."""

    def __init__(self, folder, port):
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.feed_url = f"{self.url}/federation/feed.json"
        self.environment = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "DJANGO_"))},
            "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
            "DATABASE_URL": f"sqlite:///{folder / 'remote.sqlite3'}",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "PAGE_CACHE": "false",
            "TASKS_BACKEND": "immediate",
        }
        self.process = None

    def manage(self, *args, timeout=600):
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=BASE_DIR,
            env=self.environment,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        return result.stdout

    def shell(self, code):
        """Run ``code`` in the remote installation (``manage.py shell -c``)."""
        return self.manage("shell", "-c", code, timeout=120)

    def add_business(self, title, **fields):
        """A live business in the remote town; ``fields`` are MerchantPage fields."""
        values = {
            "street": "Markt 1",
            "postcode": "17192",
            "city": "Fernstadt",
            "latitude": 53.52,
            "longitude": 12.68,
            "phone": "+49 3991 1000",
            "opening_hours": "Mo-Su 00:00-24:00",
            "offers_pickup": True,
        }
        values.update(fields)
        self.shell(
            "from portal.directory.models import Category, DirectoryIndexPage, MerchantPage\n"
            "from portal.home.slugs import german_slugify\n"
            "index = DirectoryIndexPage.objects.get()\n"
            "category, _ = Category.objects.get_or_create(slug='einzelhandel', "
            "defaults={'name': 'Einzelhandel'})\n"
            f"page = MerchantPage(title={title!r}, slug=german_slugify({title!r}), "
            f"primary_category=category, **{values!r})\n"
            "index.add_child(instance=page)\n"
        )

    def update_business(self, title, **fields):
        self.shell(
            "from portal.directory.models import MerchantPage\n"
            f"MerchantPage.objects.filter(title={title!r}).update(**{fields!r})\n"
        )

    def remove_business(self, title):
        self.shell(
            "from portal.directory.models import MerchantPage\n"
            f"MerchantPage.objects.get(title={title!r}).delete()\n"
        )

    def migrate(self):
        """Migrate the SQLite database, from a migrated copy kept in the temp folder when the
        migrations have not changed since (a fresh migration takes minutes)."""
        database = Path(self.environment["DATABASE_URL"].removeprefix("sqlite:///"))
        template = Path(tempfile.gettempdir()) / f"portal-remote-{migrations_digest()}.sqlite3"
        if not template.exists():
            self.manage("migrate", "--no-input", "-v", "0", timeout=1800)
            shutil.copyfile(database, f"{template}.part")
            os.replace(f"{template}.part", template)
        else:
            shutil.copyfile(template, database)

    def start(self):
        self.migrate()
        self.manage(
            "add_town",
            "Fernstadt",
            "--hostname",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--email",
            "info@fernstadt.example",
            "--default",
        )
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{self.port}", "--noreload"],
            cwd=BASE_DIR,
            env=self.environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if requests.get(self.feed_url, timeout=2).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.5)
        self.stop()
        raise RuntimeError("The second installation did not start.")

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@pytest.fixture(scope="session")
def remote_portal(tmp_path_factory):
    """A second installation of this portal on a free loopback port (stopped by its PID)."""
    remote = RemotePortal(tmp_path_factory.mktemp("remote-portal"), free_port())
    try:
        yield remote.start()
    finally:
        remote.stop()


class FileServer:
    """Serves whatever bytes a test puts into ``content`` on loopback."""

    def __init__(self):
        self.content = b""
        self.content_type = "application/json"
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's naming)
                self.send_response(200)
                self.send_header("Content-Type", server.content_type)
                self.send_header("Content-Length", str(len(server.content)))
                self.end_headers()
                self.wfile.write(server.content)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/quelle"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def file_server():
    server = FileServer()
    yield server
    server.stop()
