"""Template context every page needs that is not a Wagtail setting."""

from django.conf import settings


def portal(request):
    return {
        "map_tile_url": settings.PORTAL_MAP_TILE_URL,
        "map_tile_attribution": settings.PORTAL_MAP_TILE_ATTRIBUTION,
    }
