"""Fixtures of the search tests: a directory under the demo home page, a generated town.

The starting categories (with their other words) and the starter synonyms
come from data migrations; a browser test's flush removes them, so they are
written again, by the migrations' own functions, before each test.
"""

from importlib import import_module

import pytest
from django.apps import apps

from portal.directory import factories
from portal.shop.defaults import create_defaults

from .town import build_town

DATA_MIGRATIONS = [
    ("portal.directory.migrations.0002_default_categories", "create_defaults"),
    ("portal.directory.migrations.0007_search_keywords_and_stall_goods", "add_category_keywords"),
    (
        "portal.sitesearch.migrations.0002_starter_synonyms_and_editor_permissions",
        "add_starter_data",
    ),
]


@pytest.fixture(autouse=True)
def search_data(db):
    """Product types, categories with their words, synonyms (gone after a flush)."""
    create_defaults()
    for module, function in DATA_MIGRATIONS:
        getattr(import_module(module), function)(apps, None)


@pytest.fixture
def directory_index(home_page):
    return factories.DirectoryIndexPageFactory(parent=home_page)


@pytest.fixture
def town(directory_index):
    """About fifty realistic businesses, forty neutral ones, shops and a weekly market."""
    return build_town(directory_index)
