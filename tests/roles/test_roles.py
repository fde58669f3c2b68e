"""The roles as the data migration creates them, and users with several roles and businesses."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
)

from portal.directory import factories as directory_factories
from portal.directory import services as directory
from portal.home.factories import UserFactory
from portal.roles import definitions
from portal.roles.services import complete_administration, role_group, sync_roles
from portal.shop import access
from portal.vouchers import factories as voucher_factories
from portal.vouchers.views import memberships_for

pytestmark = pytest.mark.django_db


def names(permissions):
    return {f"{p.content_type.app_label}.{p.codename}" for p in permissions}


def granted(group):
    return {
        "permissions": names(group.permissions.select_related("content_type")),
        "pages": {
            (gpp.page_id, gpp.permission.codename)
            for gpp in GroupPagePermission.objects.filter(group=group).select_related("permission")
        },
        "collections": names(
            Permission.objects.filter(
                pk__in=GroupCollectionPermission.objects.filter(
                    group=group, collection=Collection.get_first_root_node()
                ).values("permission")
            ).select_related("content_type")
        ),
    }


def defined(role):
    root = Page.get_first_root_node()
    permissions = (
        names(Permission.objects.select_related("content_type"))
        if role.everything
        else set(role.permissions)
    )
    return {
        "permissions": permissions,
        "pages": {(root.pk, codename) for codename in role.page_permissions},
        "collections": set(role.collection_permissions),
    }


@pytest.mark.parametrize("role", definitions.ROLES, ids=lambda role: role.name)
def test_migration_gives_each_role_exactly_its_defined_permissions(role):
    assert granted(Group.objects.get(name=role.name)) == defined(role)


def test_wagtails_english_groups_and_workflow_names_are_gone():
    english = ["Editors", "Moderators", "Office staff", "All Oscar Dashboard Permissions"]
    assert not Group.objects.filter(name__in=english).exists()
    assert "Freigabe durch die Redaktion" in Workflow.objects.values_list("name", flat=True)
    for task in GroupApprovalTask.objects.all():
        assert "Moderators" not in task.name
        assert {definitions.EDITORS, definitions.ADMINISTRATORS} <= set(
            task.groups.values_list("name", flat=True)
        )


def test_sync_puts_a_changed_role_back_to_its_definition():
    editors = Group.objects.get(name=definitions.EDITORS)
    editors.permissions.remove(Permission.objects.get(codename="change_portalsettings"))
    editors.permissions.add(Permission.objects.get(codename="view_all_concerns"))
    GroupPagePermission.objects.filter(group=editors, permission__codename="publish_page").delete()

    sync_roles()

    assert granted(editors) == defined(definitions.ROLES_BY_NAME[definitions.EDITORS])


def test_administration_receives_permissions_that_appear_later():
    content_type = ContentType.objects.get_for_model(Group)
    new = Permission.objects.create(codename="brand_new", name="New", content_type=content_type)
    complete_administration()
    assert Group.objects.get(name=definitions.ADMINISTRATORS).permissions.filter(pk=new.pk).exists()


def test_a_missing_role_group_is_created_with_its_permissions():
    Group.objects.filter(name=definitions.VOUCHER_OPERATORS).delete()
    group = role_group(definitions.VOUCHER_OPERATORS)
    assert granted(group)["permissions"] == set(
        definitions.ROLES_BY_NAME[definitions.VOUCHER_OPERATORS].permissions
    )


def test_one_person_owns_two_businesses_and_works_the_till_of_a_third(home_page):
    from portal.shop.defaults import create_defaults
    from portal.shop.factories import shop_for

    create_defaults()
    index = directory_factories.DirectoryIndexPageFactory(parent=home_page)
    bakery, farm, books = (
        directory_factories.MerchantPageFactory(parent=index, title=title)
        for title in ("Bäckerei Korn", "Hofladen Grünkorb", "Buchladen Seite")
    )
    for page in (bakery, farm, books):
        voucher_factories.AcceptingMerchantFactory(merchant=page)
        shop_for(page)
    person = UserFactory(username="hanna")
    directory.add_member(bakery, person)
    directory.add_member(farm, person)
    directory.add_staff(books, person)
    person.groups.add(role_group(definitions.VOUCHER_OPERATORS))

    assert set(directory.merchant_pages_for_user(person)) == {bakery, farm}
    assert set(directory.pages_worked_for(person)) == {bakery, farm, books}
    assert {member.merchant_id for member in memberships_for(person)} == {
        bakery.pk,
        farm.pk,
        books.pk,
    }
    assert set(access.partners_for(person)) == {bakery.shop.partner, farm.shop.partner}
    assert set(access.handover_partners_for(person)) == {
        bakery.shop.partner,
        farm.shop.partner,
        books.shop.partner,
    }
    assert person.has_perm("cityvouchers.change_voucherprogramme")
    assert set(person.groups.values_list("name", flat=True)) >= {
        definitions.MERCHANTS,
        definitions.MERCHANT_STAFF,
        definitions.VOUCHER_OPERATORS,
    }


def test_editors_see_no_shop_money_and_administrators_see_every_shop():
    editor = UserFactory(username="redaktion", is_staff=True)
    editor.groups.add(role_group(definitions.EDITORS))
    administrator = UserFactory(username="verwaltung")
    administrator.groups.add(role_group(definitions.ADMINISTRATORS))
    assert not access.sees_all(editor)
    assert access.sees_all(administrator)
