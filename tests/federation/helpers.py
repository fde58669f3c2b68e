"""Towns with businesses for the federation tests."""

from portal.directory import factories as directory_factories
from portal.directory.bulk import bulk_create_merchant_pages
from portal.directory.models import DirectoryIndexPage, InitiativeIndexPage, Region
from portal.home.factories import root_page
from portal.home.new_town import add_town


def town(name, host, **options):
    """A town made as ``manage.py add_town`` makes it; returns (site, directory index)."""
    root_page()  # a live-server test before this one flushed the tree's root
    site = add_town(name, host, port=80, **options)
    return site, DirectoryIndexPage.objects.child_of(site.root_page).get()


def businesses(index, count, *, start=0, centre=(53.55, 13.26), **fields):
    category = directory_factories.CategoryFactory(name="Einzelhandel", slug="einzelhandel")
    pages = directory_factories.build_merchants(
        count, category=category, start=start, centre=centre, **fields
    )
    return bulk_create_merchant_pages(index, pages, index_for_search=False)


def initiative(site, title="Dorfladen Mitte", **fields):
    from portal.directory.models import InitiativePage

    home = site.root_page
    index = InitiativeIndexPage.objects.child_of(home).first()
    if index is None:
        index = home.add_child(
            instance=InitiativeIndexPage(title="Initiativen", slug="initiativen")
        )
    region, _ = Region.objects.get_or_create(name="Seenplatte", defaults={"slug": "seenplatte"})
    values = {
        "title": title,
        "slug": title.lower().replace(" ", "-"),
        "region": region,
        "kind": "association",
        "short_description": "Ein Laden in Bürgerhand.",
        "contact_email": "kontakt@dorfladen.example",
    }
    values.update(fields)
    return index.add_child(instance=InitiativePage(**values))
