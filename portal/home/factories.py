"""Seeded factories for the website app's models.

Used by the tests and by ``build_demo_town``. Dates are computed when a page is
built (``LazyFunction``), never once at import time.
"""

import datetime

import factory
import wagtail_factories
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from factory.django import DjangoModelFactory
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, Page, Site
from wagtail.rich_text import RichText

from portal.home import models
from portal.home.images import generated_image_file
from portal.home.slugs import german_slugify as slugify


def root_collection():
    return Collection.get_first_root_node() or Collection.add_root(name="Root")


def root_page():
    """The page tree's root, with the rows Wagtail's migrations normally create.

    Transactional tests (live server, threads) flush every table afterwards,
    including the default locale, root page and root collection; they are
    recreated here when missing.
    """
    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    root_collection()
    return Page.get_first_root_node() or Page.add_root(title="Root", slug="root")


class ImageFactory(DjangoModelFactory):
    """An image drawn locally from its title (see ``portal.home.images``)."""

    class Meta:
        model = get_image_model()
        django_get_or_create = ("title",)

    title = factory.Sequence(lambda n: f"Stadtansicht {n}")
    collection = factory.LazyFunction(root_collection)
    file = factory.LazyAttribute(lambda image: generated_image_file(image.title))


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    first_name = factory.Faker("first_name", locale="de_DE")
    last_name = factory.Faker("last_name", locale="de_DE")
    password = factory.django.Password("passwort-für-tests")


class HomePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = models.HomePage
        django_get_or_create = ("slug", "parent")

    title = "Musterstadt"
    slug = "musterstadt"
    hero_title = "Willkommen in Musterstadt"
    hero_text = "Einkaufen, erleben, mitreden: alles aus der Innenstadt auf einen Blick."


class ContentPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = models.ContentPage
        django_get_or_create = ("slug", "parent")

    title = factory.Sequence(lambda n: f"Informationsseite {n}")
    intro = factory.Faker("sentence", nb_words=14, locale="de_DE")
    body = factory.LazyAttribute(lambda page: [("paragraph", RichText(f"<p>{page.intro}</p>"))])


class NewsCategoryFactory(DjangoModelFactory):
    class Meta:
        model = models.NewsCategory
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Kategorie {n}")
    slug = factory.LazyAttribute(lambda category: slugify(category.name))


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = models.NewsIndexPage
        django_get_or_create = ("slug", "parent")

    title = "Aktuelles"
    slug = "aktuelles"
    intro = "Neuigkeiten aus Rathaus, Handel und Stadtleben."


class NewsPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = models.NewsPage
        django_get_or_create = ("slug", "parent")

    title = factory.Sequence(lambda n: f"Neuigkeit {n}")
    date = factory.LazyFunction(timezone.localdate)
    intro = factory.Faker("paragraph", nb_sentences=2, locale="de_DE")
    body = factory.LazyAttribute(lambda page: [("paragraph", RichText(f"<p>{page.intro}</p>"))])


class EventIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = models.EventIndexPage
        django_get_or_create = ("slug", "parent")

    title = "Veranstaltungen"
    slug = "veranstaltungen"
    intro = "Märkte, Feste, Konzerte und Führungen in der Stadt."


class EventPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = models.EventPage
        django_get_or_create = ("slug", "parent")

    title = factory.Sequence(lambda n: f"Veranstaltung {n}")
    start = factory.LazyFunction(
        lambda: (
            timezone.now().replace(minute=0, second=0, microsecond=0) + datetime.timedelta(days=7)
        )
    )
    end = factory.LazyAttribute(lambda event: event.start + datetime.timedelta(hours=3))
    location_name = "Marktplatz"
    address = "Marktplatz 1, 12345 Musterstadt"
    organiser = "Stadtmarketing Musterstadt"
    intro = factory.Faker("paragraph", nb_sentences=2, locale="de_DE")


def make_default_site(home, name="Musterstadt"):
    """Make ``home`` the root of the default Wagtail site (any host name)."""
    Site.objects.filter(is_default_site=True).exclude(root_page=home).delete()
    site, _ = Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": name},
    )
    return site


def default_town():
    """The default town, with a home page made for it if none exists yet (a flushed
    database in transactional tests has no site at all)."""
    from portal.towns import default_town as existing

    return existing() or make_default_site(HomePageFactory(parent=root_page()))
