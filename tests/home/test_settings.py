"""Settings are secure by default and every environment variable is documented."""

import os
import re
import sys
from pathlib import Path

import pytest

from portal.settings import base
from tests.helpers import run_python

BASE_DIR = Path(base.BASE_DIR)


def run_manage(*args, **env):
    environment = {**os.environ, **env}
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set while browser tests run
    return run_python("manage.py", *args, environment=environment)


def test_base_settings_are_secure_without_any_environment():
    assert base.DEBUG is False
    assert base.SECRET_KEY == "" or "DJANGO_SECRET_KEY" in os.environ
    assert base.LANGUAGE_CODE == "de"
    assert base.TIME_ZONE == "Europe/Berlin"
    assert base.SESSION_ENGINE.endswith(".db")


def test_every_environment_variable_is_listed_in_env_example():
    documented = set(
        re.findall(r"^(?:# )?([A-Z][A-Z0-9_]+)=", (BASE_DIR / ".env.example").read_text(), re.M)
    )

    assert set(base.env.scheme) <= documented


def test_production_settings_pass_the_deploy_check():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        DJANGO_SECRET_KEY="x" * 20 + "a-long-random-production-secret-key-value",
        DJANGO_ALLOWED_HOSTS="musterstadt.example",
        DATABASE_URL="sqlite:////tmp/deploy-check.sqlite3",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("DJANGO_SECRET_KEY", "DJANGO_SECRET_KEY must be set in production"),
        ("REDIS_URL", "REDIS_URL must be set in production"),
    ],
)
def test_production_refuses_to_start_without_a_secret_key_or_shared_cache(missing, message):
    environment = {
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "DJANGO_SECRET_KEY": "y" * 50,
        "DJANGO_ALLOWED_HOSTS": "musterstadt.example",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
    }
    environment[missing] = ""

    result = run_manage("check", **environment)

    assert result.returncode != 0
    assert message in result.stderr


def env_example_values():
    """The variables ``cp .env.example .env`` would set (commented lines set nothing)."""
    text = (BASE_DIR / ".env.example").read_text()
    return dict(re.findall(r"^([A-Z_]+)=(.*)$", text, re.M))


def test_env_example_copied_to_env_keeps_the_demo_on_sqlite_with_debug():
    script = (
        "from django.conf import settings as s; "
        "print(s.DEBUG, s.DATABASES['default']['ENGINE'], s.ALLOWED_HOSTS, bool(s.SECRET_KEY))"
    )
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "DATABASE_", "REDIS_"))
    }
    environment.update(env_example_values())

    result = run_python("manage.py", "shell", "-c", script, environment=environment)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[-2] == (
        "True django.db.backends.sqlite3 ['127.0.0.1', 'localhost', '.localhost', '[::1]'] True"
    )


def test_test_database_name_comes_from_database_test_name():
    script = "from django.db import connection; print(connection.creation._get_test_db_name())"

    named = run_manage(
        "shell",
        "-c",
        script,
        DJANGO_SETTINGS_MODULE="portal.settings.test",
        DATABASE_TEST_NAME="test_portal_second_run",
    )
    default = run_manage(
        "shell",
        "-c",
        script,
        DJANGO_SETTINGS_MODULE="portal.settings.test",
        DATABASE_TEST_NAME="",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/portal",
    )

    assert named.stdout.split()[-1] == "test_portal_second_run", named.stderr
    assert default.stdout.split()[-1] == "test_portal", default.stderr


def test_a_django_log_line_is_printed_once_in_development(monkeypatch):
    """Django's own console handler (DEBUG only) would print each line a second time."""
    import logging
    from io import StringIO

    from django.conf import settings
    from django.test import override_settings
    from django.utils.log import configure_logging

    stream = StringIO()
    monkeypatch.setattr(sys, "stderr", stream)
    try:
        with override_settings(DEBUG=True):
            configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)
            logging.getLogger("django.request").warning("Not Found: /gibt-es-nicht/")
    finally:
        monkeypatch.undo()
        configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)

    assert stream.getvalue().count("Not Found: /gibt-es-nicht/") == 1
