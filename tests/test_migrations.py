"""Migrations stand on their own: the forks own theirs, data migrations copy their data."""

import ast
from pathlib import Path

from django.db.migrations.loader import MigrationLoader

PORTAL = Path(__file__).resolve().parent.parent / "portal"


def test_the_forked_oscar_apps_basket_and_partner_have_their_own_migrations():
    for label in ("basket", "partner"):
        module, _explicit = MigrationLoader.migrations_module(label)

        assert module == f"portal.shop.{label}.migrations"


def test_no_migration_code_imports_the_live_application():
    """A data migration runs years after it was written: it must not use today's app code.

    Module-level imports of field callables (validators, upload paths), as
    Django writes them into an initial migration, are allowed.
    """
    offenders = []
    for path in sorted(PORTAL.glob("**/migrations/0*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for inner in ast.walk(node):
                names = []
                if isinstance(inner, ast.Import):
                    names = [alias.name for alias in inner.names]
                elif isinstance(inner, ast.ImportFrom) and inner.module:
                    names = [inner.module]
                offenders += [f"{path}: {name}" for name in names if name.startswith("portal")]

    assert offenders == []
