"""Helpers of the role tests: the roles in order and the editors' form posts."""

from django.utils import timezone
from django.utils.text import slugify
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

ROLES = ("editor", "owner", "staff", "operator", "clerk", "administrator")


def profile_form(page, **changes):
    """The POST of the profile editor, as the browser sends it."""
    data = {
        "title": page.title,
        "slug": page.slug,
        "primary_category": page.primary_category_id,
        "short_description": page.short_description,
        "body": rich_text("<p>Frisch aus dem Ofen.</p>"),
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


def news_form(title, **changes):
    """The POST of the editor of a new news article."""
    data = {
        "title": title,
        "slug": slugify(title),
        "date": timezone.localdate().isoformat(),
        "intro": "Der Wochenmarkt zieht um.",
        "body": streamfield([]),
        "comments": inline_formset([]),
    }
    data.update(changes)
    return nested_form_data(data)
