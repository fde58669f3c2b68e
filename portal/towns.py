"""Towns: one installation, several town portals.

A town is a Wagtail ``Site``: its host name and port, its home page and the
page tree below it (directory, news, events, market, concerns, voucher pages),
its site settings (``PortalSettings``, ``NavigationSettings``) and everything
that hangs off that tree. Objects outside the page tree name their town:

- a shop, its products and its orders belong to the town of the merchant's
  profile page (``page__path`` below the town's root);
- a voucher programme, a concerns office and a topic carry a ``site``.

Every public listing asks this module for the current town and filters by it,
so nothing of one town shows on another's portal. Absolute links that leave
the site (e-mails, PDFs, QR codes, sitemaps, canonical URLs) are built from the
town's ``Site`` record here, never from a hard-coded host: the operator sets
each town's host name, port (443 for https) and name in the admin's sites.
"""

from django.db.models import Q, Subquery
from wagtail.models import Page, Site


def default_town():
    """The installation's default site (the town answering unknown host names)."""
    return Site.objects.filter(is_default_site=True).first() or Site.objects.first()


def default_town_id():
    """Primary key of the default town: the default of every ``site`` field."""
    site = default_town()
    return site.pk if site is not None else None


def town_field(**options):
    """A ``site`` foreign key: the town an object belongs to (the default town unless given)."""
    from django.db import models
    from django.utils.translation import gettext_lazy as _

    options.setdefault("related_name", "+")
    return models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("town"),
        on_delete=models.PROTECT,
        default=default_town_id,
        **options,
    )


def town_for_request(request):
    """The town whose host name ``request`` came in on (the default town for unknown hosts)."""
    site = Site.find_for_request(request) if request is not None else None
    return site or default_town()


def town_of_page(page):
    """The town ``page`` lies in (Wagtail's cached site roots), or ``None`` outside every town."""
    return page.get_site() if page is not None else None


def town_id_of_page(page):
    """Primary key of the town ``page`` lies in, from Wagtail's cached site roots (no query)."""
    for root in Site.get_site_root_paths():
        if page.url_path.startswith(root.root_path):
            return root.site_id
    return None


def root_url_path(site):
    """URL path of ``site``'s home page (``/musterstadt/``), from Wagtail's cached site
    roots: no query."""
    for root in Site.get_site_root_paths():
        if root.site_id == site.pk:
            return root.root_path
    return Page.objects.filter(pk=site.root_page_id).values_list("url_path", flat=True).get()


def in_town(site, field="page"):
    """``Q`` limiting a queryset to objects whose page ``field`` lies in ``site``.

    ``field=""`` filters pages themselves. ``site=None`` limits nothing (the
    installation's administrators' view).
    """
    if site is None:
        return Q()
    prefix = f"{field}__" if field else ""
    return Q(**{f"{prefix}url_path__startswith": root_url_path(site)})


def page_in_town(page_id, site_id):
    """Whether the page ``page_id`` lies in the town ``site_id`` (one query)."""
    root = Site.objects.filter(pk=site_id).values("root_page__path")[:1]
    return Page.objects.filter(pk=page_id, path__startswith=Subquery(root)).exists()


def absolute_url(path, site=None):
    """``path`` on ``site``'s public address (the default town if ``site`` is ``None``)."""
    if not path or "://" in path:
        return path or ""
    site = site or default_town()
    root = site.root_url if site is not None else ""
    return root.rstrip("/") + "/" + path.lstrip("/")


# The page type at the root of a state portal's site (``portal.state``), named
# by its content type so this module needs no import of that app.
STATE_HOME = {"app_label": "state", "model": "statehomepage"}


def _state_root_q(prefix="root_page__"):
    return Q(**{f"{prefix}content_type__{key}": value for key, value in STATE_HOME.items()})


def is_state_portal(site):
    """Whether ``site`` is a state portal (the state's site, not a town)."""
    if site is None:
        return False
    return Site.objects.filter(_state_root_q(), pk=site.pk).exists()


def state_sites():
    """The installation's state portals (usually none or one)."""
    return Site.objects.filter(_state_root_q())


def town_sites():
    """Every site that is a town: all sites except the state portals."""
    return Site.objects.exclude(_state_root_q())
