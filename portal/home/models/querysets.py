"""QuerySet behaviour shared by page types that appear in listings."""

from django.db.models import Prefetch
from wagtail.images import get_image_model
from wagtail.query import PageQuerySet

# Rendition used for teaser cards everywhere; prefetched so that a listing costs
# the same number of queries for 10 items as for 100.
CARD_RENDITION = "fill-640x400|format-webp"


class ListingQuerySet(PageQuerySet):
    def card_prefetches(self):
        """What a teaser card of these pages shows: the teaser image and its rendition."""
        images = get_image_model().objects.prefetch_renditions(CARD_RENDITION)
        return [Prefetch("listing_image", queryset=images)]

    def for_listing(self, private=None):
        """Live, public pages with what their cards show prefetched.

        ``private`` is the ``private_q()`` of a listing before (one query for the
        view restrictions instead of one per listing on a page).
        """
        private = self.private_q() if private is None else private
        return self.live().exclude(private).prefetch_related(*self.card_prefetches())
