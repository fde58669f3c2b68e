"""Each page type is creatable where the tree allows it, and renders."""

import datetime

from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from portal.home import factories
from portal.home.models import (
    ContentPage,
    EventIndexPage,
    EventPage,
    HomePage,
    NewsIndexPage,
    NewsPage,
)


class PageTreeTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = factories.HomePageFactory(parent=factories.root_page())
        factories.make_default_site(cls.home)
        cls.news_index = factories.NewsIndexPageFactory(parent=cls.home)
        cls.event_index = factories.EventIndexPageFactory(parent=cls.home)
        cls.admin = factories.UserFactory(username="admin", is_staff=True, is_superuser=True)

    def setUp(self):
        self.client.force_login(self.admin)

    def test_home_page_only_sits_at_the_root(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})

    def test_allowed_children_of_each_page_type(self):
        self.assertAllowedSubpageTypes(NewsIndexPage, {NewsPage})
        self.assertAllowedSubpageTypes(EventIndexPage, {EventPage})
        self.assertAllowedSubpageTypes(ContentPage, {ContentPage})
        self.assertAllowedSubpageTypes(NewsPage, set())
        self.assertAllowedSubpageTypes(EventPage, set())
        self.assertAllowedParentPageTypes(NewsPage, {NewsIndexPage})
        self.assertAllowedParentPageTypes(EventPage, {EventIndexPage})
        self.assertCanNotCreateAt(ContentPage, NewsPage)
        self.assertCanNotCreateAt(HomePage, EventPage)

    def test_a_second_news_index_under_the_same_home_is_refused(self):
        self.assertFalse(NewsIndexPage.can_create_at(self.home))
        self.assertFalse(EventIndexPage.can_create_at(self.home))

    def test_content_page_is_created_through_the_admin(self):
        self.assertCanCreate(
            self.home,
            ContentPage,
            nested_form_data(
                {
                    "title": "Parken in der Innenstadt",
                    "intro": "Alle Parkhäuser auf einen Blick.",
                    "body": streamfield(
                        [
                            ("heading", {"text": "Parkhäuser", "level": "h2"}),
                            (
                                "paragraph",
                                rich_text(
                                    "<p>Das Parkhaus am Markt ist rund um die Uhr offen.</p>"
                                ),
                            ),
                            (
                                "faq",
                                {
                                    "title": "Fragen",
                                    "items": streamfield(
                                        [
                                            (
                                                "item",
                                                {
                                                    "question": "Kostet es?",
                                                    "answer": rich_text("<p>Ja.</p>"),
                                                },
                                            )
                                        ]
                                    ),
                                },
                            ),
                        ]
                    ),
                }
            ),
        )
        page = ContentPage.objects.get(slug="parken-in-der-innenstadt")
        self.assertEqual(page.body[0].value["text"], "Parkhäuser")

    def test_news_page_is_created_through_the_admin(self):
        self.assertCanCreate(
            self.news_index,
            NewsPage,
            nested_form_data(
                {
                    "title": "Neue Bänke am Markt",
                    "date": "2026-11-01",
                    "intro": "Zwölf neue Bänke laden zum Verweilen ein.",
                    "body": streamfield([]),
                }
            ),
        )
        self.assertTrue(NewsPage.objects.filter(slug="neue-baenke-am-markt").exists())

    def test_event_page_is_created_through_the_admin(self):
        self.assertCanCreate(
            self.event_index,
            EventPage,
            nested_form_data(
                {
                    "title": "Laternenumzug",
                    "start": "2026-12-01 17:00",
                    "end": "2026-12-01 19:00",
                    "location_name": "Schulhof",
                    "intro": "Mit Musik durch die Altstadt.",
                    "body": streamfield([]),
                }
            ),
        )
        self.assertTrue(EventPage.objects.filter(slug="laternenumzug").exists())

    def test_event_ending_before_it_starts_is_refused_with_a_message(self):
        start = timezone.now()
        event = EventPage(
            title="Falsch",
            slug="falsch",
            start=start,
            end=start - datetime.timedelta(hours=1),
            location_name="Markt",
            intro="x",
        )
        with self.assertRaisesMessage(Exception, "Das Ende darf nicht vor dem Beginn liegen."):
            event.full_clean()

    def test_every_page_type_renders(self):
        news = factories.NewsPageFactory(parent=self.news_index, title="Meldung")
        event = factories.EventPageFactory(parent=self.event_index, title="Fest")
        content = factories.ContentPageFactory(parent=self.home, title="Info")
        for page in (self.home, self.news_index, news, self.event_index, event, content):
            self.assertPageIsRenderable(page)
        self.assertPageIsRenderable(self.news_index, route_path="feed/")
        self.assertPageIsRenderable(self.event_index, route_path="ics/")
        self.assertPageIsRenderable(event, route_path="ics/")

    def test_every_page_type_opens_in_the_editor(self):
        news = factories.NewsPageFactory(parent=self.news_index, title="Meldung")
        event = factories.EventPageFactory(parent=self.event_index, title="Fest")
        for page in (self.home, self.news_index, news, self.event_index, event):
            response = self.client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
            self.assertEqual(response.status_code, 200, page)
            self.assertContains(response, page.title)
