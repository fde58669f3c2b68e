"""The demo town builds the fixed page tree and never duplicates on re-runs."""

from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from portal.home.models import EventPage, NewsPage


def snapshot():
    return (
        Page.objects.count(),
        get_image_model().objects.count(),
        get_user_model().objects.count(),
        Site.objects.count(),
    )


def test_demo_town_has_the_fixed_slugs_and_reruns_change_nothing(db, capsys):
    call_command("build_demo_town", allow_production=True)
    first = snapshot()
    call_command("build_demo_town", allow_production=True)

    assert snapshot() == first
    site = Site.objects.get(is_default_site=True)
    slugs = set(site.root_page.get_children().values_list("slug", flat=True))
    assert {
        "aktuelles",
        "veranstaltungen",
        "haendler",
        "wochenmarkt",
        "initiativen",
        "anliegen",
        "gutscheine",
        "impressum",
        "datenschutz",
        "barrierefreiheit",
    } <= slugs
    assert NewsPage.objects.live().count() >= 6
    assert EventPage.objects.upcoming().count() >= 5
    assert all(page.listing_image_id for page in NewsPage.objects.all())
    output = capsys.readouterr().out
    assert "admin" in output and "redaktion" in output


def test_demo_town_refuses_to_run_with_debug_off_unless_asked(db):
    from django.core.management.base import CommandError

    try:
        call_command("build_demo_town")
    except CommandError as error:
        assert "DEBUG is off" in str(error)
    else:
        raise AssertionError("build_demo_town ran with DEBUG off")
