"""The concerns queue in the Wagtail admin.

Every view starts from ``Concern.objects.for_user(request.user)``: office staff
reach only their offices' concerns (anything else is a 404), editors with
``concerns.view_all_concerns`` reach all. The actions on the detail page each
call one function of ``portal.concerns.services``, which records who did what.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from portal.concerns import forms, services
from portal.concerns.models import OPEN_STATUSES, Concern, Office, Status, Topic

QUEUE_PER_PAGE = 50
QUEUE_STATES = {
    "open": Q(status__in=OPEN_STATUSES, merged_into__isnull=True),
    "closed": ~Q(status__in=OPEN_STATUSES) | Q(merged_into__isnull=False),
    "all": Q(),
}


def _visible(request):
    if not services.can_handle_concerns(request.user):
        raise PermissionDenied
    return Concern.objects.for_user(request.user)


def queue(request):
    """The office's list of concerns, open ones first by default."""
    concerns = _visible(request).select_related("topic", "office")
    state = request.GET.get("state", "open")
    concerns = concerns.filter(QUEUE_STATES.get(state, QUEUE_STATES["open"]))
    if request.GET.get("status") in Status.values:
        concerns = concerns.filter(status=request.GET["status"])
    if request.GET.get("topic", "").isdigit():
        concerns = concerns.filter(topic_id=request.GET["topic"])
    if request.GET.get("office", "").isdigit():
        concerns = concerns.filter(office_id=request.GET["office"])
    query = request.GET.get("q", "").strip()[:100]
    if query:
        concerns = concerns.filter(
            Q(tracking_number__icontains=query) | Q(description__icontains=query)
        )
    page = Paginator(concerns.order_by("-created_at", "-id"), QUEUE_PER_PAGE).get_page(
        request.GET.get("p")
    )
    params = request.GET.copy()
    params.pop("p", None)
    offices = Office.objects.all()
    if not (request.user.is_superuser or request.user.has_perm("concerns.view_all_concerns")):
        offices = offices.filter(staff=request.user)
    return TemplateResponse(
        request,
        "concerns/admin/queue.html",
        {
            "page_title": _("Concerns"),
            "header_icon": "mail",
            "concerns_page": page,
            "state": state if state in QUEUE_STATES else "open",
            "statuses": Status.choices,
            "topics": Topic.objects.all(),
            "offices": offices,
            "query": query,
            "params": params.urlencode(),
        },
    )


ACTIONS = {
    "status": forms.StatusForm,
    "reassign": forms.ReassignForm,
    "merge": forms.MergeForm,
    "hide": forms.HideForm,
    "edit": forms.EditTextForm,
    "remove_photo": None,
}


def _apply(action, concern, user, data):
    """Run one action's service call with its cleaned form data."""
    if action == "status":
        return services.change_status(concern, user, **data)
    if action == "reassign":
        return services.reassign(concern, user, data["office"], data["internal_note"])
    if action == "merge":
        return services.merge(concern, data["target"], user, data["internal_note"])
    if action == "hide":
        return services.set_hidden(concern, user, data["hidden"], data["internal_note"])
    if action == "edit":
        return services.edit_description(concern, user, data["description"])
    return services.remove_photo(concern, user)


def detail(request, pk):
    """Everything about one concern, its history, and the forms to handle it."""
    visible = _visible(request)
    concern = get_object_or_404(
        visible.select_related("topic", "office", "merged_into", "api_key"), pk=pk
    )
    bound = {}
    status = 200
    action = request.POST.get("action")
    if request.method == "POST" and action in ACTIONS:
        form_class = ACTIONS[action]
        form = None
        if form_class is not None:
            extra = {"visible": visible} if action == "merge" else {}
            form = form_class(request.POST, prefix=action, **extra)
        if form is None or form.is_valid():
            try:
                _apply(action, concern, request.user, form.cleaned_data if form else {})
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Saved: %(number)s") % {"number": concern})
                return redirect("concerns:detail", pk=concern.pk)
        else:
            bound[action] = form
            status = 400
    forms_by_action = {
        "status": bound.get("status")
        or forms.StatusForm(prefix="status", initial={"status": concern.status}),
        "reassign": bound.get("reassign") or forms.ReassignForm(prefix="reassign"),
        "merge": bound.get("merge") or forms.MergeForm(prefix="merge", visible=visible),
        "hide": forms.HideForm(prefix="hide", initial={"hidden": not concern.is_hidden}),
        "edit": bound.get("edit")
        or forms.EditTextForm(prefix="edit", initial={"description": concern.description}),
    }
    forms_by_action["reassign"].fields["office"].queryset = Office.objects.exclude(
        pk=concern.office_id
    )
    return TemplateResponse(
        request,
        "concerns/admin/detail.html",
        {
            "page_title": _("Concern %(number)s") % {"number": concern.tracking_number},
            "header_icon": "mail",
            "concern": concern,
            "events": concern.events.select_related("user").order_by("-created_at", "-pk"),
            "duplicates": concern.duplicates.all(),
            "forms": forms_by_action,
        },
        status=status,
    )
