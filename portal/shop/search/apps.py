"""Oscar's search app, answering from the database (see ``views.py``)."""

import oscar.apps.search.apps as apps


class SearchConfig(apps.SearchConfig):
    name = "portal.shop.search"
