"""Office staff get into the Wagtail admin by being named on an office.

Adding a user to ``Office.staff`` (in the admin, the demo or a test) puts them
in the "Sachbearbeitung" role, which only grants access to the admin; what they
see there is limited to their offices' concerns by ``Concern.objects.for_user``.
A user removed from their last office leaves the group again.
"""

from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from portal.concerns.models import Office
from portal.roles.definitions import OFFICE_STAFF
from portal.roles.services import role_group


def office_staff_group():
    return role_group(OFFICE_STAFF)


@receiver(m2m_changed, sender=Office.staff.through)
def sync_office_staff_group(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    User = get_user_model()
    if reverse:  # user.concern_offices.add(...): ``instance`` is the user
        users = [instance]
    elif action == "post_clear":
        users = list(User.objects.filter(groups__name=OFFICE_STAFF))
    else:
        users = list(User.objects.filter(pk__in=pk_set))
    group = office_staff_group()
    for user in users:
        if user.concern_offices.exists():
            user.groups.add(group)
        else:
            user.groups.remove(group)
