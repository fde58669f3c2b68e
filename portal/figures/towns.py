"""Which sites the figures count as towns: the one place to change when a site is no town.

The coming state portal is a ``Site`` whose root page is no town's home page;
once it exists, exclude it here and every section follows.
"""

from dataclasses import dataclass

from wagtail.models import Site


@dataclass(frozen=True)
class FigureTown:
    """A town as the figures need it: its site's key, name and page-tree path."""

    pk: int
    name: str
    root_path: str


def figure_towns():
    """Every town of the installation, by name (one query). For now: every site."""
    rows = Site.objects.order_by("site_name", "hostname", "pk").values_list(
        "pk", "site_name", "hostname", "root_page__path"
    )
    return [FigureTown(pk, name or hostname, path) for pk, name, hostname, path in rows]
