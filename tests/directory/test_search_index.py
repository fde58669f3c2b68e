"""Bulk search indexing writes exactly what Wagtail's own indexing writes."""

import pytest
from django.contrib.contenttypes.models import ContentType
from wagtail.search.backends import get_search_backends
from wagtail.search.models import IndexEntry

from portal.directory import factories, search_index
from portal.directory.bulk import bulk_create_merchant_pages
from portal.directory.models import MerchantPage

pytestmark = pytest.mark.django_db


def entries(pages, *fields):
    fields = fields or ("title", "autocomplete", "body", "title_norm", "title_text", "body_text")
    return list(
        IndexEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(MerchantPage),
            object_id__in=[str(page.pk) for page in pages],
        )
        .order_by("object_id")
        .values("object_id", *fields)
    )


def test_bulk_indexing_matches_wagtails_add_bulk(directory_index, retail):
    gastro = factories.CategoryFactory(name="Gastronomie", slug="gastronomie")
    pages = factories.build_merchants(3, category=retail)
    pages[0].body = "<p>Brötchen <b>und</b> Kuchen</p>"
    pages[1].short_description = ""
    pages[1].city = "  "
    pages[2].title = "Café am Markt"
    bulk_create_merchant_pages(directory_index, pages)
    pages[2].categories.set([gastro, retail])
    pages[2].save_revision().publish()  # Wagtail indexes it on its own, with the categories
    # Title norms depend on all entries in the table: both start from the same (empty) one.
    IndexEntry.objects.all().delete()
    search_index.add_bulk(MerchantPage, MerchantPage.objects.filter(pk__in=[p.pk for p in pages]))
    ours = entries(pages)
    assert "gastronomi" in ours[2]["body"] or "Gastronomie" in ours[2]["body_text"]

    IndexEntry.objects.all().delete()
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(
            MerchantPage, list(MerchantPage.objects.filter(pk__in=[p.pk for p in pages]))
        )
    theirs = entries(pages)
    for mine, wagtails in zip(ours, theirs, strict=True):
        assert mine == wagtails


def test_new_profiles_are_indexed_from_memory_like_wagtail_does(directory_index, retail):
    pages = bulk_create_merchant_pages(
        directory_index, factories.build_merchants(3, category=retail, short_description="")
    )
    # Title norms depend on every entry in the table at the time; the rest must be equal.
    fields = ("title", "autocomplete", "body", "title_text", "body_text")
    ours = entries(pages, *fields)
    assert len(ours) == 3

    IndexEntry.objects.all().delete()
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(
            MerchantPage, list(MerchantPage.objects.filter(pk__in=[p.pk for p in pages]))
        )
    assert entries(pages, *fields) == ours
    assert [p.title for p in MerchantPage.objects.search("Betrieb 00001")] == ["Betrieb 00001"]
