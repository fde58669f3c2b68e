"""Domain operations of the directory that are not views.

Other apps use these instead of reaching into the models: the shop asks
``merchant_pages_for_user`` which profiles (and so which Oscar partners) a
logged-in merchant owns, the till asks ``works_for`` which businesses a
user may redeem vouchers for.

A business's people are of two kinds (see ``MerchantTeam``): owners, the
users of the team's group, manage profile, shop, money and staff; staff,
the users of the team's staff group, only work the till and hand over
pickups. Owners are in the "Händler" role, staff in "Kasse / Mitarbeitende"
(``portal.roles``); one user may own one business and work at another.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

from portal.roles.definitions import ADMINISTRATORS, EDITORS, MERCHANT_STAFF, MERCHANTS
from portal.roles.services import role_group

from .models import MerchantPage, MerchantTeam

# Page permissions every team has on its own profile; "publish" is added when
# editors decide the merchant's changes need no approval.
TEAM_PAGE_PERMISSIONS = ("add_page", "change_page")
PUBLISH_PERMISSION = "publish_page"
# Image permissions on the team's own collection (logo and gallery).
TEAM_IMAGE_PERMISSIONS = ("add_image", "change_image", "choose_image")


def merchant_pages_for_user(user):
    """The profiles ``user`` owns, live or draft (queryset of ``MerchantPage``).

    Ownership only: superusers and editors can edit every profile through
    Wagtail's permissions, but they do not act *for* a merchant, so they get
    none here; nor do till staff (``pages_worked_for``).
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return MerchantPage.objects.none()
    return MerchantPage.objects.filter(managed_by(user))


def managed_by(user, *, profile=None):
    """``Q`` for the rows whose profile ``user`` owns (as ``merchant_pages_for_user``).

    ``profile`` is the path from the filtered model to its ``MerchantPage``
    (e.g. ``"merchant"``): a hot query filters its own rows in one join
    instead of a subquery of profiles. The caller checks that ``user`` is
    logged in and active.
    """
    prefix = f"{profile}__" if profile else ""
    return Q(**{f"{prefix}team__group__user": user})


def works_for(user, *, profile=None):
    """``Q`` for the rows whose profile ``user`` owns or staffs (the till, the pickup desk).

    One join to the team and the user's groups as a subquery, so a till's
    lookup stays one indexed query whichever way the user belongs.
    """
    prefix = f"{profile}__" if profile else ""
    groups = get_user_model().groups.through.objects.filter(user=user).values("group_id")
    return Q(**{f"{prefix}team__group__in": groups}) | Q(
        **{f"{prefix}team__staff_group__in": groups}
    )


def pages_worked_for(user):
    """The profiles ``user`` owns or works at as staff."""
    if user is None or not user.is_authenticated or not user.is_active:
        return MerchantPage.objects.none()
    return MerchantPage.objects.filter(works_for(user))


def user_manages(user, page):
    return merchant_pages_for_user(user).filter(pk=page.pk).exists()


def merchants_group():
    return role_group(MERCHANTS)


def staff_role_group():
    return role_group(MERCHANT_STAFF)


@transaction.atomic
def ensure_team(page):
    """The team of ``page``, created with its group and image collection if missing."""
    team = MerchantTeam.objects.filter(page=page).select_related("group").first()
    if team is not None:
        return team
    group, _ = Group.objects.get_or_create(name=f"Händler {page.pk}: {page.title}"[:150])
    root = Collection.get_first_root_node() or Collection.add_root(name="Root")
    collection = root.add_child(name=f"Händler {page.pk}: {page.title}"[:255])
    team = MerchantTeam.objects.create(page=page, group=group, collection=collection)
    sync_team_permissions(team)
    return team


def ensure_staff_group(team):
    """The team's staff group (no permissions: membership names the business)."""
    if team.staff_group_id is None:
        team.staff_group, _ = Group.objects.get_or_create(
            name=f"Kasse {team.page_id}: {team.page.title}"[:150]
        )
        team.save(update_fields=["staff_group"])
    return team.staff_group


def sync_team_permissions(team):
    """Give the team's group exactly the permissions its approval setting allows."""
    wanted = set(TEAM_PAGE_PERMISSIONS)
    if not team.requires_approval:
        wanted.add(PUBLISH_PERMISSION)
    permissions = {
        permission.codename: permission
        for permission in Permission.objects.filter(
            content_type__app_label="wagtailcore",
            codename__in=[*TEAM_PAGE_PERMISSIONS, PUBLISH_PERMISSION],
        )
    }
    existing = GroupPagePermission.objects.filter(group=team.group)
    existing.exclude(page=team.page, permission__codename__in=wanted).delete()
    present = set(existing.values_list("permission__codename", flat=True))
    GroupPagePermission.objects.bulk_create(
        GroupPagePermission(group=team.group, page=team.page, permission=permissions[codename])
        for codename in wanted - present
    )
    if team.collection_id:
        image_permissions = Permission.objects.filter(
            content_type__app_label="wagtailimages", codename__in=TEAM_IMAGE_PERMISSIONS
        )
        for permission in image_permissions:
            GroupCollectionPermission.objects.get_or_create(
                group=team.group, collection=team.collection, permission=permission
            )


def add_member(page, user):
    """Make ``user`` an owner of ``page``: profile, shop, money and staff (and the admin)."""
    team = ensure_team(page)
    user.groups.add(team.group, merchants_group())
    return team


def add_staff(page, user):
    """Let ``user`` work the till and the pickup desk of ``page``, nothing more."""
    team = ensure_team(page)
    user.groups.add(ensure_staff_group(team), staff_role_group())
    return team


@transaction.atomic
def remove_staff(team, user):
    """Take ``user`` off the team's staff; it leaves the staff role with its last business."""
    if team.staff_group_id is None:
        return
    user.groups.remove(team.staff_group)
    if not MerchantTeam.objects.filter(staff_group__user=user).exists():
        user.groups.remove(staff_role_group())


def set_requires_approval(team, requires_approval):
    team.requires_approval = requires_approval
    team.save(update_fields=["requires_approval"])
    sync_team_permissions(team)


def is_claimable(page):
    """A profile nobody manages yet (typically imported) can be claimed by its business."""
    return not page.__class__.objects.filter(pk=page.pk, team__group__user__isnull=False).exists()


# ---------------------------------------------------------------------------
# Opening intervals for the "open now" filter

# How far ahead concrete open spans are stored. ``refresh_opening_intervals``
# runs daily; the margin keeps "open now" right for two weeks if it does not.
INTERVAL_HORIZON_DAYS = 14


def refresh_opening_intervals(pages, start=None):
    """Recompute the stored open spans of ``pages`` (their live opening hours).

    Profiles share few distinct expressions (an import repeats the same
    hours thousands of times), so each expression is evaluated once and, on
    PostgreSQL, one ``INSERT ... SELECT`` pairs every profile with the spans
    of its expression: no model instance per span. Other databases (the
    SQLite demo) store the same rows through ``bulk_create``.
    """
    import datetime

    from django.db import connection

    from . import hours
    from .models import OpeningInterval

    start = (start or hours.now()) - datetime.timedelta(days=1)
    end = start + datetime.timedelta(days=INTERVAL_HORIZON_DAYS + 1)
    pages = list(pages)
    OpeningInterval.objects.filter(page__in=[page.pk for page in pages]).delete()
    expressions = {}  # expression -> its number
    profiles = []  # (page id, expression number)
    for page in pages:
        if page.live:
            profiles.append((page.pk, expressions.setdefault(page.opening_hours, len(expressions))))
    spans = [
        (number, begin, stop)
        for expression, number in expressions.items()
        for begin, stop in hours.open_intervals(expression, start, end)
    ]
    if not spans:
        return 0
    store = _store_spans_in_sql if connection.vendor == "postgresql" else _store_spans_as_rows
    return store(profiles, spans)


def _store_spans_in_sql(profiles, spans):
    from django.db import connection

    from .models import OpeningInterval

    page_ids, page_expressions = zip(*profiles, strict=True)
    span_expressions, starts, ends = zip(*spans, strict=True)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {OpeningInterval._meta.db_table} (page_id, starts_at, ends_at)
            SELECT page.id, span.starts_at, span.ends_at
            FROM unnest(%s::integer[], %s::integer[]) AS page (id, expression)
            JOIN unnest(%s::integer[], %s::timestamptz[], %s::timestamptz[])
                AS span (expression, starts_at, ends_at) USING (expression)
            """,
            [
                list(page_ids),
                list(page_expressions),
                list(span_expressions),
                list(starts),
                list(ends),
            ],
        )
        return cursor.rowcount


def _store_spans_as_rows(profiles, spans):
    from .models import OpeningInterval

    by_expression = {}
    for number, begin, stop in spans:
        by_expression.setdefault(number, []).append((begin, stop))
    rows = [
        OpeningInterval(page_id=page_id, starts_at=begin, ends_at=stop)
        for page_id, number in profiles
        for begin, stop in by_expression.get(number, ())
    ]
    return len(OpeningInterval.objects.bulk_create(rows, batch_size=500))


# ---------------------------------------------------------------------------
# Moderation

MODERATION_WORKFLOW = "Händlerprofile freigeben"
MODERATION_TASK = "Redaktion prüft Händlerprofile"


def ensure_moderation_workflow(index, town_editors=None):
    """Attach the merchant-profile workflow (approval by the editors) to a directory index.

    Redaktion and Administration approve; both may publish, which approving does.
    With ``town_editors`` (a town's own editor group) the index gets a workflow
    of its own, named after the group, that this group approves as well.

    Merchants without publish permission submit their profile changes to it;
    the first publication of a self-registered profile always goes through it.
    """
    from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

    suffix = f" ({town_editors.name})" if town_editors is not None else ""
    workflow, _ = Workflow.objects.get_or_create(name=MODERATION_WORKFLOW + suffix)
    task = GroupApprovalTask.objects.filter(name=MODERATION_TASK + suffix).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=MODERATION_TASK + suffix)
        approvers = [role_group(EDITORS), role_group(ADMINISTRATORS)]
        task.groups.set([*approvers, town_editors] if town_editors is not None else approvers)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=index, defaults={"workflow": workflow})
    return workflow
