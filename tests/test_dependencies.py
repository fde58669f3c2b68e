"""Run-time code stays within the run-time dependencies (requirements.in).

The seeded factories (factory_boy, Faker, wagtail-factories) build the demo
town and the test data; production installs requirements.txt, which has no
wagtail-factories. Loading the portal and importing every module except the
factories and the demo steps must not import them.
"""

import os
from pathlib import Path

from tests.helpers import run_python

BASE_DIR = Path(__file__).resolve().parent.parent

SCRIPT = """
import importlib, pkgutil, sys
import django
django.setup()
from django.urls import get_resolver
get_resolver().url_patterns
import portal
for module in pkgutil.walk_packages(portal.__path__, "portal."):
    if any(part in module.name for part in ("factories", "demo", ".settings.", "migrations")):
        continue
    importlib.import_module(module.name)
print(sorted(name for name in ("factory", "faker", "wagtail_factories") if name in sys.modules))
"""


def test_loading_the_portal_imports_no_factory_package():
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.test"}

    result = run_python("-c", SCRIPT, environment=environment)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_the_runtime_lock_leaves_out_the_demo_and_test_packages():
    locked = (BASE_DIR / "requirements.txt").read_text().lower()
    demo = (BASE_DIR / "requirements-demo.txt").read_text().lower()

    assert "--hash=sha256:" in locked
    for package in ("wagtail-factories==", "pytest==", "playwright==", "ruff==", "zxing-cpp=="):
        assert package not in locked
    assert "wagtail-factories==" in demo and "pytest==" not in demo
