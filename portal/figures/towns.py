"""Which sites the figures count as towns: every site except the state portal
(``portal.towns.town_sites``), whose own pages are no town's."""

from dataclasses import dataclass

from portal.towns import town_sites


@dataclass(frozen=True)
class FigureTown:
    """A town as the figures need it: its site's key, name and page-tree path."""

    pk: int
    name: str
    root_path: str


def figure_towns():
    """Every town of the installation, by name (one query)."""
    rows = (
        town_sites()
        .order_by("site_name", "hostname", "pk")
        .values_list("pk", "site_name", "hostname", "root_page__path")
    )
    return [FigureTown(pk, name or hostname, path) for pk, name, hostname, path in rows]
