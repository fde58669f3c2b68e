"""Create many live profiles at once (import, tests, benchmarks).

Wagtail's ``add_child`` costs tens of milliseconds per page (tree locking,
revision, signals); an import of 10,000 rows must not take minutes. This
builds the tree paths itself, inserts the ``wagtailcore_page`` and
``MerchantPage`` rows in batches straight from the profile objects, then
indexes the pages for search (``search_index``, from memory) and computes
their opening intervals. The pages have no revision yet; Wagtail creates the
first one when someone edits them.
"""

import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import F, prefetch_related_objects
from django.utils import timezone
from wagtail.models import Page

from . import search_index
from .models import Category, MerchantPage
from .search import prefetch_goods
from .services import refresh_opening_intervals

BATCH_SIZE = 1000


@transaction.atomic
def bulk_create_merchant_pages(parent, pages, *, index_for_search=True):
    """Insert unsaved ``MerchantPage`` objects as live children of ``parent``."""
    if not pages:
        return []
    parent = Page.objects.select_for_update().get(pk=parent.pk)
    content_type = ContentType.objects.get_for_model(MerchantPage)
    depth = parent.depth + 1
    last = parent.get_last_child()
    next_number = Page._str2int(last.path[-Page.steplen :]) + 1 if last else 1
    now = timezone.now()
    for offset, page in enumerate(pages):
        page.path = Page._get_path(parent.path, depth, next_number + offset)
        page.depth = depth
        page.numchild = 0
        page.content_type = content_type
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.draft_title = page.title
        page.live = True
        page.has_unpublished_changes = False
        page.first_published_at = page.last_published_at = now
        page.locale_id = parent.locale_id
        page.translation_key = uuid.uuid4()
    # The wagtailcore_page rows come straight from the profiles' own attributes.
    base_fields = [field for field in Page._meta.concrete_fields if not field.primary_key]
    child_fields = MerchantPage._meta.local_concrete_fields
    for start in range(0, len(pages), BATCH_SIZE):
        batch = pages[start : start + BATCH_SIZE]
        returned = Page.objects.all()._insert(
            batch, fields=base_fields, returning_fields=[Page._meta.pk], using=connection.alias
        )
        for page, (pk,) in zip(batch, returned, strict=True):
            page.id = page.page_ptr_id = pk
            page._state.adding = False
            page._state.db = connection.alias
        MerchantPage.objects.all()._insert(batch, fields=child_fields, using=connection.alias)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
    if index_for_search:
        _index_new(pages)
    refresh_opening_intervals(pages)
    return pages


def _index_new(pages):
    """Index just-inserted profiles from memory, loading their categories in two queries."""
    missing = [page for page in pages if not MerchantPage.primary_category.is_cached(page)]
    if missing:
        categories = Category.objects.in_bulk({page.primary_category_id for page in missing})
        for page in missing:
            page.primary_category = categories.get(page.primary_category_id)
    prefetch_related_objects(pages, "categories")
    for page in pages:
        page._goods_for_search = ""  # nothing can list goods of a profile that is new
    search_index.add_bulk(MerchantPage, pages)


def reindex(page_ids):
    """(Re)index profiles for Wagtail search, loaded in batches with their categories."""
    page_ids = list(page_ids)

    def pages():
        for start in range(0, len(page_ids), BATCH_SIZE):
            yield from prefetch_goods(
                list(
                    MerchantPage.objects.filter(pk__in=page_ids[start : start + BATCH_SIZE])
                    .select_related("primary_category")
                    .prefetch_related("categories")
                )
            )

    search_index.add_bulk(MerchantPage, pages())
