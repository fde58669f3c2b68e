"""Who may do what with ticket sales: the one place the ticket app decides it.

- **Set up** a sale (connect an event with its organiser): whoever may edit
  the event page in Wagtail, i.e. the editors and administrators.
- **Manage** a sale (categories, prices, quotas, rules): the organiser's
  owners, and whoever may edit the event page (the editors run the town's
  own events).
- **Figures** (sales, attendees with names, check-in progress, cancelling
  and refunding): the organiser's owners, and administrators (who see every
  shop); not the editors, who see no shop money or buyers.
- **Check in** tickets at the door: the organiser's owners and staff
  (the same team groups as the till), for that organiser's events only.

Every ticket view takes its rows from these querysets; a sale outside them
answers 404, so an organiser learns nothing about another's.
"""

from django.contrib.auth import get_user_model
from django.db.models import Exists
from wagtail.permission_policies.pages import PagePermissionPolicy

from portal.directory.services import merchant_pages_for_user, pages_worked_for
from portal.home.models import EventPage
from portal.shop import access as shop_access
from portal.tickets.models import TicketSale


def _active(user):
    return bool(user and user.is_authenticated and user.is_active)


def editable_events(user):
    """Event pages ``user`` may edit in Wagtail (editors, administrators)."""
    if not _active(user):
        return EventPage.objects.none()
    pages = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
    return EventPage.objects.filter(pk__in=pages.values("pk"))


def can_set_up(user):
    return editable_events(user).exists()


def sales_managed_by(user):
    """Sales whose categories and rules ``user`` may change."""
    if not _active(user):
        return TicketSale.objects.none()
    if shop_access.sees_all(user):
        return TicketSale.objects.all()
    return TicketSale.objects.filter(organiser__in=merchant_pages_for_user(user)) | (
        TicketSale.objects.filter(event__in=editable_events(user))
    )


def sales_with_figures(user):
    """Sales whose buyers, attendees and money ``user`` may see."""
    if not _active(user):
        return TicketSale.objects.none()
    if shop_access.sees_all(user):
        return TicketSale.objects.all()
    return TicketSale.objects.filter(organiser__in=merchant_pages_for_user(user))


def sales_checked_in_by(user):
    """Sales whose tickets ``user`` may check in at the door."""
    if not _active(user):
        return TicketSale.objects.none()
    return TicketSale.objects.filter(organiser__in=pages_worked_for(user))


def uses_ticket_admin(user):
    """Whether the admin menu shows "Tickets" to ``user`` (remembered for the request)."""
    if not _active(user):
        return False
    cached = getattr(user, "_portal_tickets_admin", None)
    if cached is None:
        if shop_access.sees_all(user):
            cached = True
        else:  # one query for both questions: the admin menu asks on every page
            sets_up, organises = (
                get_user_model()
                .objects.filter(pk=user.pk)
                .annotate(
                    sets_up=Exists(editable_events(user)),
                    organises=Exists(
                        TicketSale.objects.filter(organiser__in=merchant_pages_for_user(user))
                    ),
                )
                .values_list("sets_up", "organises")
                .get()
            )
            cached = sets_up or organises
        user._portal_tickets_admin = cached
    return cached
