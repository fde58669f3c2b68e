"""Seeded factories for the concerns app, used by the tests, the demo and the benchmark.

``ConcernFactory`` builds a concern as it would look after submission without
sending any mail; domain changes (status, merge, ...) go through
``portal.concerns.services``. Dates are computed per object, never at import.
"""

import factory
import wagtail_factories
from django.utils import timezone
from django.utils.text import slugify
from factory.django import DjangoModelFactory

from portal.concerns import models, services
from portal.home.factories import default_town


class OfficeFactory(DjangoModelFactory):
    class Meta:
        model = models.Office
        django_get_or_create = ("site", "name")
        skip_postgeneration_save = True

    site = factory.LazyFunction(default_town)
    name = factory.Sequence(lambda n: f"Amt {n}")
    email = factory.LazyAttribute(lambda office: f"{slugify(office.name)}@musterstadt.example")

    @factory.post_generation
    def staff(self, create, users):
        if create and users:
            self.staff.add(*users)


class TopicFactory(DjangoModelFactory):
    class Meta:
        model = models.Topic
        django_get_or_create = ("site", "code")

    name = factory.Sequence(lambda n: f"Thema {n}")
    code = factory.LazyAttribute(lambda topic: slugify(topic.name))
    office = factory.SubFactory(OfficeFactory)
    site = factory.LazyAttribute(lambda topic: topic.office.site)


class Open311ApiKeyFactory(DjangoModelFactory):
    class Meta:
        model = models.Open311ApiKey
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"App {n}")


class ConcernFactory(DjangoModelFactory):
    """A published concern without e-mail, routed like a real submission."""

    class Meta:
        model = models.Concern

    kind = models.Kind.PROBLEM
    topic = factory.SubFactory(TopicFactory)
    office = factory.LazyAttribute(lambda concern: concern.topic.office)
    description = factory.Faker("paragraph", nb_sentences=2, locale="de_DE")
    source = models.Source.WEB
    created_at = factory.LazyFunction(timezone.now)
    is_published = True
    published_at = factory.LazyAttribute(lambda concern: concern.created_at)
    tracking_number = factory.LazyAttribute(
        lambda concern: services.allocate_tracking_number(
            timezone.localdate(concern.created_at).year
        )
    )


class ConcernIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = models.ConcernIndexPage
        django_get_or_create = ("slug", "parent")

    title = "Anliegen"
    slug = "anliegen"
    intro = "Melden Sie Schäden, Ideen und Hinweise direkt an das zuständige Amt."
