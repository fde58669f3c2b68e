"""Adding a town to the installation (``manage.py add_town``).

The home app creates the site, the home page, the legal pages, news and
events and the settings; every other app adds its own part through the
``create_town`` hook. How towns work: ``portal.towns`` and docs/towns.md.
"""

from wagtail.models import Page, Site

# The pages every town starts with: (slug, title, introduction). Legal pages get a
# placeholder the operator must replace before the town goes public.
LEGAL_PAGES = [
    ("impressum", "Impressum", "Angaben gemäß § 5 DDG."),
    ("datenschutz", "Datenschutz", "Wie wir mit Ihren Daten umgehen."),
    ("barrierefreiheit", "Barrierefreiheit", "Erklärung zur Barrierefreiheit."),
]
PLACEHOLDER = (
    "<p>Dieser Text ist ein Platzhalter. Bitte ersetzen Sie ihn vor dem Start "
    "durch die Angaben Ihrer Stadt.</p>"
)
# Main menu of a new town: slugs of home page children, in this order.
NAVIGATION = ["aktuelles", "veranstaltungen", "haendler", "gutscheine", "anliegen"]


class TownError(ValueError):
    """A town that cannot be added as asked (host or address taken), with the reason."""


def add_town(name, hostname, *, port=80, slug="", email="", default=False, log=None):
    """Create a town: its site, home page, page tree skeleton, settings, roles and workflow.

    The apps add their own parts (directory, concerns office, voucher programme,
    town groups) through the ``create_town`` hook: ``fn(site, home, log)``. Runs
    in one transaction; returns the new ``Site``.
    """
    from django.db import transaction
    from django.utils.text import slugify
    from wagtail import hooks
    from wagtail.rich_text import RichText

    from portal.home.models import (
        ContentPage,
        EventIndexPage,
        HomePage,
        NavigationLink,
        NavigationSettings,
        NewsIndexPage,
        PortalSettings,
    )

    log = log or (lambda message: None)
    slug = slug or slugify(name.replace("ß", "ss"))
    if Site.objects.filter(hostname=hostname, port=port).exists():
        raise TownError(f"Die Adresse {hostname}:{port} gehört schon zu einer Stadt.")
    root = Page.get_first_root_node()
    if root.get_children().filter(slug=slug).exists():
        raise TownError(f"Eine Startseite mit der Kurzbezeichnung „{slug}“ gibt es schon.")
    with transaction.atomic():
        home = root.add_child(
            instance=HomePage(
                title=name,
                slug=slug,
                hero_title=f"Willkommen in {name}",
                hero_text=f"Einkaufen, erleben, mitreden: das Stadtportal von {name}.",
            )
        )
        site = Site.objects.create(
            hostname=hostname, port=port, root_page=home, site_name=name, is_default_site=default
        )
        legal = {}
        for page_slug, title, intro in LEGAL_PAGES:
            legal[page_slug] = home.add_child(
                instance=ContentPage(
                    title=title,
                    slug=page_slug,
                    intro=intro,
                    body=[("paragraph", RichText(PLACEHOLDER))],
                    show_in_menus=False,
                )
            )
        home.add_child(instance=NewsIndexPage(title="Aktuelles", slug="aktuelles"))
        home.add_child(instance=EventIndexPage(title="Veranstaltungen", slug="veranstaltungen"))
        portal_settings = PortalSettings.for_site(site)
        portal_settings.town_name = name
        portal_settings.city = name
        portal_settings.email = email
        portal_settings.imprint_page = legal["impressum"]
        portal_settings.privacy_page = legal["datenschutz"]
        portal_settings.accessibility_page = legal["barrierefreiheit"]
        portal_settings.save()
        for step in hooks.get_hooks("create_town"):
            step(site, home, log)
        children = {page.slug: page for page in home.get_children().live()}
        navigation = NavigationSettings.for_site(site)
        for order, target in enumerate(slug for slug in NAVIGATION if slug in children):
            navigation.links.add(NavigationLink(page=children[target], sort_order=order))
        navigation.save()
    log(f"Stadt angelegt: {name} auf {site.root_url}")
    return site
