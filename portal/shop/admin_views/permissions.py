"""Who may use the shop's admin views: owners for their own rows, decided by ``access``.

Wagtail's generic views ask a permission policy whether a user may list,
add, change or delete a model, and the views below take their rows from a
queryset of ``portal.shop.access``. The policy therefore needs no Django
model permissions: a user who manages a shop (``access.is_shop_owner``)
may act on the rows ``access`` gives it, and only on those. The policies are
registered for Oscar's models in ``portal/shop/wagtail_hooks.py``.
"""

from django.http import Http404
from wagtail.permission_policies.base import BasePermissionPolicy

from portal.shop import access


class ShopOwnerPolicy(BasePermissionPolicy):
    """``actions`` for owners on the rows ``rows_for(user)`` returns."""

    def __init__(self, model, rows_for, actions=("add", "change", "delete", "view")):
        super().__init__(model)
        self.rows_for = rows_for
        self.actions = set(actions)

    def user_has_permission(self, user, action):
        return action in self.actions and access.is_shop_owner(user)

    def user_has_permission_for_instance(self, user, action, instance):
        return (
            self.user_has_permission(user, action)
            and self.rows_for(user).filter(pk=instance.pk).exists()
        )

    def instances_user_has_any_permission_for(self, user, actions):
        if any(self.user_has_permission(user, action) for action in actions):
            return self.rows_for(user)
        return self.model._default_manager.none()

    def users_with_any_permission(self, actions):
        from django.contrib.auth import get_user_model

        if not self.actions.intersection(actions):
            return get_user_model().objects.none()
        return get_user_model().objects.filter(partners__isnull=False, is_active=True).distinct()


class OwnRowsMixin:
    """For Wagtail's generic model views: every row comes from ``rows_for(user)``.

    Lists show only those rows; a single object outside them answers 404,
    as if it did not exist (a merchant learns nothing about another's).
    """

    rows_for = None  # a staticmethod: user -> queryset

    def own_rows(self):
        return self.rows_for(self.request.user)

    def get_base_queryset(self):
        return self.own_rows()

    def get_object(self, queryset=None):
        pk = self.kwargs.get("pk")
        found = self.own_rows().filter(pk=pk).first() if pk is not None else None
        if found is None:
            raise Http404
        return found
