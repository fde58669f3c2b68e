"""Which responses anonymous visitors share, and that forms on shared pages still work.

A shared page sets no cookie, carries no visitor's CSRF token and says
``Cache-Control: public`` with ``s-maxage``; a logged-in merchant, a visitor
with a basket or any personal cookie gets a private page of its own.
"""

import re
import secrets
import string

import pytest
from django.test import Client
from django.urls import reverse
from oscar.core.loading import get_model

from portal import pagecache

Basket = get_model("basket", "Basket")

pytestmark = pytest.mark.django_db


def assert_shared(response, url):
    assert response.status_code == 200, url
    assert not response.cookies, (url, list(response.cookies))
    control = response["Cache-Control"]
    assert "public" in control and "s-maxage=300" in control, (url, control)
    assert "Cookie" in response["Vary"], url
    assert not re.search(r'name="csrfmiddlewaretoken" value="[^"]', response.text), url


def test_anonymous_pages_are_shared_without_cookie_or_token(client, shared_urls):
    for url in shared_urls.values():
        assert_shared(client.get(url), url)


def test_product_forms_on_shared_pages_have_an_empty_token_field(client, shared_urls):
    for name in ("merchant", "catalogue", "product"):
        html = client.get(shared_urls[name]).text
        fields = re.findall(r'<input type="hidden" name="csrfmiddlewaretoken"[^>]*>', html)
        assert fields, name
        assert all('value=""' in field for field in fields)
        assert all('data-csrf-cookie="csrftoken"' in field for field in fields)


def test_logged_in_merchant_gets_a_private_page_with_a_token(client, baker, shared_urls):
    client.force_login(baker)
    response = client.get(shared_urls["product"])
    assert response.status_code == 200
    assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]
    assert "Mein Konto" in response.text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text)
    assert token, "a logged-in visitor's form carries its own token"


def browser_secret():
    """What static/js/csrf.js makes for a visitor without a CSRF cookie."""
    return "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))


def test_visitor_with_basket_gets_a_private_page_with_its_basket(client, bread, shared_urls):
    client.cookies["csrftoken"] = secret = browser_secret()
    added = client.post(
        reverse("basket:add", kwargs={"pk": bread.pk}),
        {"quantity": 1, "csrfmiddlewaretoken": secret},
    )
    assert added.status_code == 302
    response = client.get(shared_urls["catalogue"])
    assert "private" in response["Cache-Control"]
    assert "1 Artikel" in response.text


def test_visitor_without_basket_sees_an_empty_basket(client, shared_urls):
    response = client.get(shared_urls["catalogue"])
    assert_shared(response, "catalogue")
    assert "0 Artikel" in response.text and "Mein Konto" not in response.text


def test_only_the_csrf_cookie_keeps_a_request_anonymous():
    assert pagecache.is_anonymous({"REQUEST_METHOD": "GET"})
    assert pagecache.is_anonymous({"REQUEST_METHOD": "HEAD", "HTTP_COOKIE": "csrftoken=abc"})
    assert not pagecache.is_anonymous({"REQUEST_METHOD": "POST"})
    for cookie in ("sessionid=x", "oscar_open_basket=1:x", "messages=x", "csrftoken=a; other=b"):
        assert not pagecache.is_anonymous({"REQUEST_METHOD": "GET", "HTTP_COOKIE": cookie})
    assert not pagecache.is_anonymous({"REQUEST_METHOD": "GET", "HTTP_AUTHORIZATION": "Basic x"})


def test_post_with_the_token_set_for_a_shared_page_succeeds(bread, shared_urls):
    """What static/js/csrf.js does: the page has no token; the browser makes a secret,
    sets it as the CSRF cookie and sends it with the form; the POST passes."""
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(shared_urls["product"])
    assert_shared(page, "product")
    add = reverse("basket:add", kwargs={"pk": bread.pk})
    refused = browser.post(add, {"quantity": 1, "csrfmiddlewaretoken": ""})
    assert refused.status_code == 403
    assert "Das Formular ist abgelaufen" in refused.content.decode()

    browser.cookies["csrftoken"] = secret = browser_secret()
    forged = browser.post(add, {"quantity": 1, "csrfmiddlewaretoken": browser_secret()})
    assert forged.status_code == 403, "a token that is not the cookie's secret is refused"
    added = browser.post(add, {"quantity": 1, "csrfmiddlewaretoken": secret})
    assert added.status_code == 302
    assert Basket.objects.get().num_items == 1


def test_the_csrf_cookie_alone_still_gets_the_shared_page(client, shared_urls):
    client.cookies["csrftoken"] = browser_secret()
    assert_shared(client.get(shared_urls["product"]), "product")


def test_forms_and_personal_pages_are_not_shared(client, bakery, home_page):
    for url in ("/shop/basket/", f"{bakery.page.url}beanspruchen/", "/shop/accounts/login/"):
        response = client.get(url)
        assert "public" not in response.get("Cache-Control", ""), url


def test_product_cards_of_shared_pages_come_from_the_cache_personal_ones_never(
    client, baker, bread, shared_urls
):
    from django.test.signals import template_rendered

    cards = []

    def count(sender, template, **kwargs):
        if template.name == "shop/includes/product_card.html":
            cards.append(template)

    template_rendered.connect(count)
    try:
        client.get(shared_urls["catalogue"])
        assert len(cards) == 1
        html = client.get(shared_urls["catalogue"]).text
        assert len(cards) == 1, "the second anonymous visitor gets the stored card"
        assert "Dinkelbrot" in html and "4,20" in html

        client.force_login(baker)
        personal = client.get(shared_urls["catalogue"]).text
        assert len(cards) == 2, "a logged-in visitor's card is rendered for them"
        assert re.search(r'name="csrfmiddlewaretoken" value="[^"]', personal)
    finally:
        template_rendered.disconnect(count)
