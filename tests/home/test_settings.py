"""Settings are secure by default and every environment variable is documented."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from portal.settings import base

BASE_DIR = Path(base.BASE_DIR)


def run_manage(*args, **env):
    environment = {**os.environ, **env}
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by conftest for Playwright only
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_base_settings_are_secure_without_any_environment():
    assert base.DEBUG is False
    assert base.SECRET_KEY == "" or "DJANGO_SECRET_KEY" in os.environ
    assert base.LANGUAGE_CODE == "de"
    assert base.TIME_ZONE == "Europe/Berlin"
    assert base.SESSION_ENGINE.endswith(".db")


def test_every_environment_variable_is_listed_in_env_example():
    documented = set(re.findall(r"^([A-Z_]+)=", (BASE_DIR / ".env.example").read_text(), re.M))

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
