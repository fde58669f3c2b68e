"""Seeded factories for directory models, used by the demo town and the tests.

``bulk_create_merchants`` builds thousands of live profiles without going
through Wagtail's per-page ``add_child`` (which costs tens of milliseconds
each): tests of query budgets and the benchmarks need 5,000–20,000 of them.
"""

import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from portal.directory import models
from portal.home.slugs import german_slugify as slugify


class CategoryFactory(DjangoModelFactory):
    class Meta:
        model = models.Category
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Branche {n}")
    slug = factory.LazyAttribute(lambda category: slugify(category.name))


class DirectoryIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = models.DirectoryIndexPage
        django_get_or_create = ("slug", "parent")

    title = "Händler"
    slug = "haendler"
    intro = "Alle Geschäfte, Gastronomie und Dienstleister der Stadt."


class MerchantPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = models.MerchantPage
        django_get_or_create = ("slug", "parent")
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Geschäft {n}")
    slug = factory.LazyAttribute(lambda page: slugify(page.title))
    primary_category = factory.SubFactory(CategoryFactory, name="Einzelhandel")
    short_description = factory.Faker("sentence", nb_words=12, locale="de_DE")
    street = factory.Faker("street_address", locale="de_DE")
    postcode = "12345"
    city = "Musterstadt"
    latitude = 50.9375
    longitude = 6.9603
    phone = "+49 1234 56789"
    email = factory.LazyAttribute(lambda page: f"kontakt@{page.slug}.example")
    opening_hours = "Mo-Fr 09:00-18:00; Sa 10:00-14:00; PH off"

    @factory.post_generation
    def opening_intervals(page, create, extracted, **kwargs):
        """Created live without a publish signal, so compute the "open now" spans here."""
        if create:
            from portal.directory.services import refresh_opening_intervals

            refresh_opening_intervals([page])


def build_merchants(count, *, category, start=0, centre=(50.9375, 6.9603), **fields):
    """``count`` unsaved, plausible profiles spread around ``centre`` (for bulk creation)."""
    import math

    pages = []
    for number in range(start, start + count):
        angle = number * 2.39996
        radius = 0.0004 * math.sqrt(number + 1)
        name = f"Betrieb {number:05d}"
        values = {
            "title": name,
            "slug": slugify(name),
            "primary_category": category,
            "short_description": f"{category.name} Nummer {number}",
            "street": f"Hauptstraße {number % 200 + 1}",
            "postcode": "12345",
            "city": "Musterstadt",
            "latitude": centre[0] + radius * math.cos(angle),
            "longitude": centre[1] + radius * math.sin(angle),
            "opening_hours": "Mo-Fr 09:00-18:00; Sa 10:00-14:00; PH off",
            "offers_pickup": number % 3 == 0,
        }
        values.update(fields)
        pages.append(models.MerchantPage(**values))
    return pages
