"""Creating the state portal (``manage.py add_state_portal``) and its editors' group.

The state portal is a site of its own, built here rather than by
``portal.home.new_town.add_town``: it gets no directory, shop, voucher or
concerns office, so the towns' ``create_town`` steps never run for it.
Running it again finds everything in place and changes nothing.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from portal.home.slugs import german_slugify as slugify
from portal.roles.definitions import ACCESS_ADMIN, ADMINISTRATORS, EDITORS, VIEW_REPORTS
from portal.roles.services import STATE_EDITORS, role_group

# Landesredaktion: the ministry's editors. Page rights on the state tree only;
# they moderate the state portal's registrations and see the reports.
STATE_EDITOR_PERMISSIONS = (
    ACCESS_ADMIN,
    VIEW_REPORTS,
    "directory.add_region",
    "directory.change_region",
    "directory.view_region",
    "state.view_initiativeregistration",
    "state.change_initiativeregistration",
    "federation.manage_federation",
)
STATE_EDITOR_PAGE_PERMISSIONS = (
    "add_page",
    "change_page",
    "publish_page",
    "lock_page",
    "unlock_page",
)
STATE_EDITOR_COLLECTION_PERMISSIONS = (
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
)
INITIATIVE_WORKFLOW = "Initiativen freigeben"
FUNDING_PAGE_SLUG = "foerderprogramme"
FUNDING_PLACEHOLDER = (
    "<p>Hier stellt das Ministerium die Förderprogramme für den regionalen Handel vor: "
    "wer gefördert wird, wofür und wie man einen Antrag stellt.</p>"
)


class StatePortalError(ValueError):
    """The state portal cannot be created as asked (address taken by a town)."""


def _permissions(names):
    found = []
    for name in names:
        app_label, codename = name.split(".", 1)
        permission = Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()
        if permission is not None:
            found.append(permission)
    return found


def state_editors(home=None):
    """The group "Landesredaktion", with its rights (page rights on ``home``'s tree)."""
    group, _created = Group.objects.get_or_create(name=STATE_EDITORS)
    group.permissions.add(*_permissions(STATE_EDITOR_PERMISSIONS))
    if home is not None:
        for permission in Permission.objects.filter(
            content_type__app_label="wagtailcore",
            content_type__model="page",
            codename__in=STATE_EDITOR_PAGE_PERMISSIONS,
        ):
            GroupPagePermission.objects.get_or_create(
                group=group, page_id=home.pk, permission=permission
            )
    root = Collection.get_first_root_node()
    if root is not None:
        for permission in _permissions(STATE_EDITOR_COLLECTION_PERMISSIONS):
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root, permission=permission
            )
    return group


def ensure_initiative_workflow(index, approvers):
    """The workflow initiatives' own changes below ``index`` go through; ``approvers``
    (groups) approve them. One workflow per index, named after its site."""
    site = index.get_site()
    suffix = f" ({site.site_name})" if site is not None else f" ({index.title})"
    workflow, _created = Workflow.objects.get_or_create(name=INITIATIVE_WORKFLOW + suffix)
    task = GroupApprovalTask.objects.filter(name=INITIATIVE_WORKFLOW + suffix).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=INITIATIVE_WORKFLOW + suffix)
    task.groups.add(*approvers)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=index, defaults={"workflow": workflow})
    return workflow


def moderators_of(index):
    """The groups that review registrations and changes of initiatives below ``index``:
    the Landesredaktion for a state portal, the town's editors for a town."""
    from portal.roles.models import TownRole
    from portal.towns import is_state_portal

    site = index.get_site()
    groups = [role_group(ADMINISTRATORS)]
    if is_state_portal(site):
        return [state_editors(), *groups]
    groups.append(role_group(EDITORS))
    town_role = TownRole.objects.filter(site=site, role=EDITORS).select_related("group").first()
    if town_role is not None:
        groups.append(town_role.group)
    return groups


def add_state_portal(name, hostname, *, port=443, log=None):
    """Create (or find) the state portal ``name`` on ``hostname:port``; returns its ``Site``.

    Home page, initiatives index (with its moderation workflow), news, events,
    the page "Förderprogramme", legal pages, settings, navigation and the group
    "Landesredaktion". Everything that exists already is left as it is.
    """
    from wagtail.rich_text import RichText

    from portal.directory.models import InitiativeIndexPage
    from portal.home.models import (
        ContentPage,
        EventIndexPage,
        NavigationLink,
        NavigationSettings,
        NewsIndexPage,
        PortalSettings,
    )
    from portal.home.new_town import LEGAL_PAGES, PLACEHOLDER

    from .models import StateHomePage

    log = log or (lambda message: None)
    with transaction.atomic():
        site = Site.objects.filter(hostname=hostname, port=port).first()
        if site is not None and not isinstance(site.root_page.specific, StateHomePage):
            raise StatePortalError(f"Die Adresse {hostname}:{port} gehört schon zu einer Stadt.")
        if site is None:
            root = Page.get_first_root_node()
            slug = slugify(f"land {name}")[:80]
            home = StateHomePage.objects.child_of(root).filter(slug=slug).first()
            if home is None:
                home = root.add_child(
                    instance=StateHomePage(
                        title=f"Landesportal {name}",
                        slug=slug,
                        hero_title=f"Regional einkaufen in {name}",
                        hero_text=(
                            "Dorfläden, Hofläden, Lieferdienste und die Marktplätze der Städte: "
                            f"alle regionalen Einkaufsinitiativen in {name} an einem Ort."
                        ),
                    )
                )
                log(f"Startseite des Landesportals angelegt: {home.title}")
            site = Site.objects.create(
                hostname=hostname, port=port, root_page=home, site_name=f"Landesportal {name}"
            )
        home = site.root_page.specific
        children = {page.slug: page for page in home.get_children()}

        def child(slug, make):
            if slug not in children:
                children[slug] = home.add_child(instance=make())
                log(f"Seite angelegt: {children[slug].title}")
            return children[slug]

        index = child(
            "initiativen",
            lambda: InitiativeIndexPage(
                title="Initiativen",
                slug="initiativen",
                intro=(
                    f"Regionale Einkaufsinitiativen in {name}: Marktplätze der Städte, "
                    "Dorfläden, Hofladen-Verbünde und Lieferdienste."
                ),
            ),
        )
        news = child("aktuelles", lambda: NewsIndexPage(title="Aktuelles", slug="aktuelles"))
        events = child(
            "veranstaltungen",
            lambda: EventIndexPage(title="Veranstaltungen", slug="veranstaltungen"),
        )
        funding = child(
            FUNDING_PAGE_SLUG,
            lambda: ContentPage(
                title="Förderprogramme",
                slug=FUNDING_PAGE_SLUG,
                intro="Förderung für Dorfläden, Hofläden und regionale Online-Marktplätze.",
                body=[("paragraph", RichText(FUNDING_PLACEHOLDER))],
            ),
        )
        legal = {
            page_slug: child(
                page_slug,
                lambda page_slug=page_slug, title=title, intro=intro: ContentPage(
                    title=title,
                    slug=page_slug,
                    intro=intro,
                    body=[("paragraph", RichText(PLACEHOLDER))],
                    show_in_menus=False,
                ),
            )
            for page_slug, title, intro in LEGAL_PAGES
        }
        editors = state_editors(home)
        ensure_initiative_workflow(index.specific, [editors, role_group(ADMINISTRATORS)])
        settings = PortalSettings.for_site(site)
        if settings.imprint_page_id is None:  # new: the model's defaults name a town
            settings.town_name = f"Landesportal {name}"
            settings.imprint_page = legal["impressum"]
            settings.privacy_page = legal["datenschutz"]
            settings.accessibility_page = legal["barrierefreiheit"]
            settings.city = ""
            settings.save()
        navigation = NavigationSettings.for_site(site)
        if not navigation.links.exists():
            for order, page in enumerate((index, news, events, funding)):
                navigation.links.add(NavigationLink(page=page, sort_order=order))
            navigation.save()
    log(f"Landesportal bereit: {site.site_name} auf {site.root_url}")
    return site
