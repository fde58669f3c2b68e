"""The admin home's panel for merchants: their profile changes waiting for approval.

Added through Wagtail's ``construct_homepage_panels`` (``wagtail_hooks``),
beside the shop's and the voucher app's panels, so a merchant sees on one
page what needs it today. It lists the profiles the user manages whose
latest change is in the moderation workflow, or came back with a request
for changes, with a link to the editor.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, OuterRef, Subquery
from django.db.models.functions import Cast
from wagtail.admin.ui.components import Component
from wagtail.models import Page, WorkflowState

from .services import merchant_pages_for_user

WAITING = (WorkflowState.STATUS_IN_PROGRESS, WorkflowState.STATUS_NEEDS_CHANGES)


class ProfileChangesPanel(Component):
    name = "profile_changes"
    order = 10
    template_name = "directory/admin/home_panel.html"

    def __init__(self, pages):
        self.pages = pages

    def get_context_data(self, parent_context=None):
        return {"pages": self.pages, "needs_changes": WorkflowState.STATUS_NEEDS_CHANGES}


def pages_waiting(user):
    """The user's profiles with a change in moderation, each with its workflow status."""
    states = WorkflowState.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id=Cast(OuterRef("pk"), CharField()),
        status__in=WAITING,
    )
    return list(
        merchant_pages_for_user(user)
        .annotate(workflow_status=Subquery(states.values("status")[:1]))
        .filter(workflow_status__isnull=False)
        .order_by("title")
        .only("pk", "title")
    )


def add_panel(request, panels):
    waiting = pages_waiting(request.user)
    if waiting:
        panels.append(ProfileChangesPanel(waiting))
