"""RSS 2.0 feed of one news index, newest first."""

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Rss201rev2Feed

FEED_LENGTH = 20


class NewsFeed(Feed):
    """Built per request for one ``NewsIndexPage`` (see its ``feed`` route)."""

    feed_type = Rss201rev2Feed

    def __init__(self, index_page):
        super().__init__()
        self.index_page = index_page

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return self.index_page.get_site().site_name or self.index_page.title

    def description(self):
        return self.index_page.intro or self.index_page.title

    def link(self):
        return self.index_page.get_full_url(self.request)

    def items(self):
        return self.index_page.news()[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.teaser_text

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_guid(self, item):
        return item.get_full_url(self.request)

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.datetime.combine(item.date, datetime.time(8, 0)))

    def item_categories(self, item):
        return [category.name for category in item.categories.all()]
