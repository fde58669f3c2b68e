"""The link between users and the profiles they manage."""

from portal.directory import factories, services
from portal.home.factories import UserFactory


def test_merchant_pages_for_user_lists_only_the_users_own_profiles(
    directory_index, merchant_page, merchant_user
):
    other = factories.MerchantPageFactory(parent=directory_index, title="Buchladen Seite")
    services.add_member(other, UserFactory(username="seite"))

    assert list(services.merchant_pages_for_user(merchant_user)) == [merchant_page]


def test_merchant_pages_for_user_is_empty_for_anonymous_inactive_and_superusers(
    merchant_page, merchant_user, superuser
):
    from django.contrib.auth.models import AnonymousUser

    assert not services.merchant_pages_for_user(AnonymousUser()).exists()
    assert not services.merchant_pages_for_user(superuser).exists()
    merchant_user.is_active = False
    merchant_user.save()
    assert not services.merchant_pages_for_user(merchant_user).exists()


def test_one_user_can_manage_several_profiles(directory_index, merchant_page, merchant_user):
    second = factories.MerchantPageFactory(parent=directory_index, title="Café Korn")
    services.add_member(second, merchant_user)

    assert set(services.merchant_pages_for_user(merchant_user)) == {merchant_page, second}


def test_approval_setting_decides_whether_the_team_may_publish(merchant_page, merchant_user):
    from wagtail.models import Page

    page = Page.objects.get(pk=merchant_page.pk)
    assert not page.permissions_for_user(merchant_user).can_publish()

    services.set_requires_approval(merchant_page.team, False)
    merchant_user = type(merchant_user).objects.get(pk=merchant_user.pk)
    assert page.permissions_for_user(merchant_user).can_publish()
