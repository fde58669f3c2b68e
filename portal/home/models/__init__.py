"""Models of the website app, split by concept."""

from .events import EventIndexPage, EventPage, EventPageQuerySet
from .mixins import BasePage
from .news import NewsCategory, NewsIndexPage, NewsPage
from .pages import ContentPage, HomePage
from .site_settings import NavigationLink, NavigationSettings, PortalSettings

__all__ = [
    "BasePage",
    "ContentPage",
    "EventIndexPage",
    "EventPage",
    "EventPageQuerySet",
    "HomePage",
    "NavigationLink",
    "NavigationSettings",
    "NewsCategory",
    "NewsIndexPage",
    "NewsPage",
    "PortalSettings",
]
