"""Seeded factories for directory models, used by the demo town and the tests.

``bulk_create_merchants`` builds thousands of live profiles without going
through Wagtail's per-page ``add_child`` (which costs tens of milliseconds
each): tests of query budgets and the benchmarks need 5,000–20,000 of them.
"""

import factory
import wagtail_factories
from django.utils.text import slugify
from factory.django import DjangoModelFactory

from portal.directory import models


class CategoryFactory(DjangoModelFactory):
    class Meta:
        model = models.Category
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Branche {n}")
    slug = factory.LazyAttribute(lambda category: slugify(category.name))


class PaymentMethodFactory(DjangoModelFactory):
    class Meta:
        model = models.PaymentMethod
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Zahlart {n}")
    slug = factory.LazyAttribute(lambda method: slugify(method.name))


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
