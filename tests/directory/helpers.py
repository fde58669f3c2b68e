"""Helpers of the directory tests, shared with the voucher tests."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text


def count_queries(client, url):
    """How many queries a successful GET of ``url`` makes."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def edit_data(page, **changes):
    """The POST of the profile's edit form with its current values and ``changes``."""
    data = {
        "title": page.title,
        "slug": page.slug,
        "primary_category": page.primary_category_id,
        "short_description": page.short_description,
        "body": rich_text("<p>Neu</p>"),
        "street": page.street,
        "postcode": page.postcode,
        "city": page.city,
        "opening_hours": page.opening_hours,
        "gallery_images": inline_formset([]),
        "social_links": inline_formset([]),
        "comments": inline_formset([]),
    }
    data.update(changes)
    return nested_form_data(data)
