"""``portal.db.prepared_statements``: server-side binding inside the block only."""

import pytest
from django.db import connection
from django.db.backends.postgresql.base import Cursor, ServerBindingCursor
from django.db.models import Case, Value, When
from wagtail.models import Site

from portal.db import prepared_statements

pytestmark = pytest.mark.django_db


def prepared_statements_about(table):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT statement FROM pg_prepared_statements WHERE statement LIKE %s",
            [f"%{table}%"],
        )
        return [row[0] for row in cursor.fetchall()]


def test_repeated_query_is_prepared_inside_the_block(root_page):
    with prepared_statements():
        assert isinstance(connection.cursor().cursor, ServerBindingCursor)
        for _ in range(6):
            assert Site.objects.filter(hostname="localhost").count() == 1

    assert len(prepared_statements_about("wagtailcore_site")) == 1


def test_outside_the_block_queries_are_bound_by_django_and_never_prepared(root_page):
    for _ in range(6):
        Site.objects.filter(hostname="localhost").count()

    assert isinstance(connection.cursor().cursor, Cursor)
    assert prepared_statements_about("wagtailcore_site") == []


def test_django_binding_is_back_after_a_failing_block(root_page):
    with pytest.raises(ZeroDivisionError), prepared_statements():
        Site.objects.count()
        1 / 0  # noqa: B018

    # Why the block is not the default: a DISTINCT ordered by an expression with
    # parameters (as Wagtail's settings admin sends it) needs client-side binding.
    by_name = Case(When(site_name="", then=Value("x")), default="hostname")
    sites = Site.objects.distinct().order_by(by_name)
    assert isinstance(connection.cursor().cursor, Cursor)
    assert list(sites) == [Site.objects.get()]


def test_turned_off_in_the_settings_the_block_changes_nothing(root_page, settings):
    settings.PORTAL_PREPARED_STATEMENTS = False

    with prepared_statements():
        assert isinstance(connection.cursor().cursor, Cursor)
        for _ in range(6):
            Site.objects.filter(hostname="localhost").count()

    assert prepared_statements_about("wagtailcore_site") == []
