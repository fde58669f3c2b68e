"""Query methods for merchant profiles, so views read like sentences."""

from django.db.models import Exists, OuterRef, Prefetch
from django.utils import timezone
from wagtail.images import get_image_model

from portal.home.models.querysets import CARD_RENDITION, ListingQuerySet

LOGO_RENDITION = "fill-160x160|format-webp"


class MerchantPageQuerySet(ListingQuerySet):
    def for_listing(self):
        """Live, public profiles with what a directory card shows, prefetched."""
        return self.live().public().for_cards()

    def image_prefetches(self):
        images = get_image_model().objects.prefetch_renditions(CARD_RENDITION, LOGO_RENDITION)
        return [Prefetch("listing_image", queryset=images), Prefetch("logo", queryset=images)]

    def card_prefetches(self):
        """Teaser image and logo with their renditions, category with its parent."""
        return [*self.image_prefetches(), "primary_category__parent"]

    def for_cards(self):
        """Profiles with what a card and its map marker show: category (with its
        parent, for the marker's label), teaser image and logo with renditions."""
        return self.select_related("primary_category__parent").prefetch_related(
            *self.image_prefetches()
        )

    def open_at(self, moment=None):
        """Profiles open at ``moment`` (default now), from the precomputed intervals."""
        from .merchants import OpeningInterval

        moment = moment or timezone.now()
        spans = OpeningInterval.objects.filter(
            page=OuterRef("pk"), starts_at__lte=moment, ends_at__gt=moment
        )
        return self.filter(Exists(spans))
