"""Domain operations of the directory that are not views.

Other apps use these instead of reaching into the models: the shop asks
``merchant_pages_for_user`` which profiles (and so which Oscar partners) a
logged-in merchant acts for.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

from .models import MerchantPage, MerchantTeam

# Every merchant user is in this group: it only opens the Wagtail admin.
MERCHANTS_GROUP = "Händler"
# Page permissions every team has on its own profile; "publish" is added when
# editors decide the merchant's changes need no approval.
TEAM_PAGE_PERMISSIONS = ("add_page", "change_page")
PUBLISH_PERMISSION = "publish_page"
# Image permissions on the team's own collection (logo and gallery).
TEAM_IMAGE_PERMISSIONS = ("add_image", "change_image", "choose_image")


def merchant_pages_for_user(user):
    """The profiles ``user`` manages, live or draft (queryset of ``MerchantPage``).

    Membership only: superusers and editors can edit every profile through
    Wagtail's permissions, but they do not act *for* a merchant, so they get
    none here.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return MerchantPage.objects.none()
    return MerchantPage.objects.filter(team__group__user=user)


def user_manages(user, page):
    return merchant_pages_for_user(user).filter(pk=page.pk).exists()


def merchants_group():
    group, created = Group.objects.get_or_create(name=MERCHANTS_GROUP)
    if created:
        group.permissions.add(
            Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
        )
    return group


@transaction.atomic
def ensure_team(page):
    """The team of ``page``, created with its group and image collection if missing."""
    team = MerchantTeam.objects.filter(page=page).select_related("group").first()
    if team is not None:
        return team
    group, _ = Group.objects.get_or_create(name=f"Händler {page.pk}: {page.title}"[:150])
    root = Collection.get_first_root_node()
    collection = root.add_child(name=f"Händler {page.pk}: {page.title}"[:255])
    team = MerchantTeam.objects.create(page=page, group=group, collection=collection)
    sync_team_permissions(team)
    return team


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
    """Let ``user`` manage ``page`` (and open the admin for it)."""
    team = ensure_team(page)
    user.groups.add(team.group, merchants_group())
    return team


def set_requires_approval(team, requires_approval):
    team.requires_approval = requires_approval
    team.save(update_fields=["requires_approval"])
    sync_team_permissions(team)
