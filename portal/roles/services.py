"""Applying the role definitions to the database, and asking about a user's roles.

The data migration creates the groups once; an administrator may then adjust
them in the admin. ``role_group`` creates a missing group with its defined
permissions (a database whose tables were emptied, e.g. by a browser test),
and ``sync_roles`` puts every group back to its definition (what the tests
check the migration against; an installation can run it to reset its roles).
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from .definitions import (
    ADMINISTRATORS,
    EDITORS,
    ROLES,
    ROLES_BY_NAME,
    VIEW_REPORTS,
    VOUCHER_OPERATORS,
)


def role_group(name):
    """The group of role ``name``, created with the role's permissions if missing."""
    group = Group.objects.filter(name=name).first()
    if group is None:
        group = Group.objects.create(name=name)
        apply_role(ROLES_BY_NAME[name], group)
    return group


@transaction.atomic
def sync_roles():
    """Create every role's group and give it exactly its defined permissions."""
    return [apply_role(role, Group.objects.get_or_create(name=role.name)[0]) for role in ROLES]


def apply_role(role, group):
    group.permissions.set(_permissions(role))
    _sync_page_permissions(group, role.page_permissions)
    _sync_collection_permissions(group, role.collection_permissions)
    return group


def _by_name(names):
    wanted = {tuple(name.split(".", 1)) for name in names}
    permissions = Permission.objects.filter(
        content_type__app_label__in={app_label for app_label, _codename in wanted},
        codename__in={codename for _app_label, codename in wanted},
    ).select_related("content_type")
    return [
        permission
        for permission in permissions
        if (permission.content_type.app_label, permission.codename) in wanted
    ]


def _permissions(role):
    if role.everything:
        return list(Permission.objects.all())
    return _by_name(role.permissions)


def _sync_page_permissions(group, codenames):
    roots = list(Page.get_root_nodes())
    GroupPagePermission.objects.filter(group=group).exclude(
        page__in=roots, permission__codename__in=codenames
    ).delete()
    permissions = Permission.objects.filter(
        content_type__app_label="wagtailcore", content_type__model="page", codename__in=codenames
    )
    for root in roots:
        for permission in permissions:
            GroupPagePermission.objects.get_or_create(group=group, page=root, permission=permission)


def _sync_collection_permissions(group, names):
    root = Collection.get_first_root_node()
    if root is None:
        return
    permissions = _by_name(names)
    GroupCollectionPermission.objects.filter(group=group).exclude(
        collection=root, permission__in=permissions
    ).delete()
    for permission in permissions:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=root, permission=permission
        )


def complete_administration(app_config=None, using="default", **kwargs):
    """``post_migrate``: the Administration group holds every permission, new ones included.

    Django creates an app's permissions in a ``post_migrate`` receiver of its
    own, which may run after this one: they are created here first.
    """
    from django.contrib.auth.management import create_permissions

    if app_config is not None:
        create_permissions(app_config, verbosity=0, using=using)
    group = Group.objects.using(using).filter(name=ADMINISTRATORS).first()
    if group is not None:
        group.permissions.add(*Permission.objects.using(using).exclude(group=group))


def may_see_reports(user):
    """Wagtail's reports list every user who edited or submitted anything: not for merchants."""
    return bool(user and user.is_active and user.has_perm(VIEW_REPORTS))


# Towns ---------------------------------------------------------------------------

# Roles an installation gives each town its own group of.
TOWN_ROLES = (EDITORS, VOUCHER_OPERATORS)
# Rows that belong to no single town: only the installation's own groups manage them.
INSTALLATION_MODELS = {"employer", "couponbook", "settlementperiod", "merchantstatement"}
# The ministry's editors of the state portal (``portal.state``): their page rights
# start at the state portal's home page, and they review initiatives from every town.
STATE_EDITORS = "Landesredaktion"
# The installation's own groups of these roles reach every town.
TOWN_WIDE_ROLES = (*TOWN_ROLES, ADMINISTRATORS, STATE_EDITORS)


def town_group(site, role_name):
    """The group of role ``role_name`` confined to the town ``site``, created if missing.

    It holds the role's model and collection permissions; its page permissions
    are granted on the town's home page only.
    """
    from .models import TownRole

    existing = TownRole.objects.filter(site=site, role=role_name).select_related("group").first()
    if existing is not None:
        return existing.group
    role = ROLES_BY_NAME[role_name]
    group, _created = Group.objects.get_or_create(name=f"{role_name} {site.site_name}")
    group.permissions.set(
        [p for p in _permissions(role) if p.content_type.model not in INSTALLATION_MODELS]
    )
    permissions = Permission.objects.filter(
        content_type__app_label="wagtailcore",
        content_type__model="page",
        codename__in=role.page_permissions,
    )
    for permission in permissions:
        GroupPagePermission.objects.get_or_create(
            group=group, page_id=site.root_page_id, permission=permission
        )
    _sync_collection_permissions(group, role.collection_permissions)
    TownRole.objects.create(group=group, site=site, role=role_name)
    return group


def town_ids_of(user):
    """Primary keys of the towns ``user`` is confined to, or ``None`` for every town.

    Only members of town groups are confined, to those towns, unless they also
    belong to one of the installation's own editor, operator or administrator
    groups. Everyone else is not confined by town: what they may open at all is
    decided by their permissions (a merchant never reaches these areas).
    """
    if user.is_superuser:
        return None
    cached = getattr(user, "_portal_town_ids", False)
    if cached is not False:
        return cached
    rows = list(user.groups.values_list("name", "town_role__site_id"))
    confined = {site_id for _name, site_id in rows if site_id is not None}
    installation_wide = any(site_id is None and name in TOWN_WIDE_ROLES for name, site_id in rows)
    user._portal_town_ids = confined if confined and not installation_wide else None
    return user._portal_town_ids


def for_towns_of(queryset, user, field="site"):
    """``queryset`` limited to the towns ``user`` is confined to.

    ``field`` names the row's ``Site``, or, as ``"page:<field>"``, a page whose
    place in a town's page tree decides (``"page:merchant"``).
    """
    from django.db.models import Q
    from wagtail.models import Site

    from portal.towns import in_town

    town_ids = town_ids_of(user)
    if town_ids is None:
        return queryset
    if field.startswith("page:"):
        inside = Q(pk__in=[])
        for site in Site.objects.filter(pk__in=town_ids):
            inside |= in_town(site, field.removeprefix("page:"))
        return queryset.filter(inside)
    return queryset.filter(**{f"{field}__in": town_ids})


def reaches_every_town(user):
    """Whether ``user`` works for the whole installation, not for some towns only
    (installation-wide work such as the monthly settlement is theirs alone)."""
    return town_ids_of(user) is None
