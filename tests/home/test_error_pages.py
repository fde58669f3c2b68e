"""Error pages speak German, look like the portal and need no database for 500 and 503."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.test import RequestFactory
from django.views import defaults

from portal import middleware
from portal.ratelimit import RateLimitUnavailable


def test_an_unknown_address_gets_the_german_404_page_in_the_portal_layout(client, home_page):
    response = client.get("/gibt-es-nicht/")

    assert response.status_code == 404
    page = response.content.decode()
    assert "Seite nicht gefunden" in page
    assert 'class="site-footer' in page  # the portal's layout, with its legal links


def test_the_500_page_is_german_and_renders_without_database_or_request_context():
    with mock.patch("django.db.backends.base.base.BaseDatabaseWrapper.cursor") as cursor:
        response = defaults.server_error(RequestFactory().get("/"))
        cursor.assert_not_called()

    assert response.status_code == 500
    page = response.content.decode()
    assert "Da ist etwas schiefgegangen" in page
    assert "Traceback" not in page


@pytest.mark.parametrize(
    "error", [RateLimitUnavailable("cityvouchers:fail:ip"), OperationalError("server closed")]
)
def test_a_lost_service_answers_the_german_503_page(error):
    guard = middleware.ServiceUnavailableMiddleware(lambda request: None)

    response = guard.process_exception(RequestFactory().get("/g/x/"), error)

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Bitte versuchen Sie es gleich noch einmal" in response.content.decode()


@pytest.mark.parametrize(
    "path",
    ["/suche/?q=a%00b", "/shop/search/?q=%00", "/shop/catalogue/?q=brot%00", "/?x=%00"],
)
def test_a_nul_byte_in_the_address_answers_400_in_german(client, home_page, path):
    response = client.get(path)

    assert response.status_code == 400
    assert "Steuerzeichen (NUL)" in response.content.decode()


def test_a_nul_byte_in_a_form_body_answers_400(client, home_page):
    response = client.post("/suche/", "q=a%00b", content_type="application/x-www-form-urlencoded")

    assert response.status_code == 400
