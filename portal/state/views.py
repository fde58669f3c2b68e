"""Public views: an initiative registers itself and confirms its e-mail address."""

from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache

from portal.ratelimit import client_ip
from portal.towns import town_for_request

from . import registration as service
from .forms import RegistrationForm


def _index(request):
    index = service.index_for_site(town_for_request(request))
    if index is None:
        raise Http404
    return index.specific


@never_cache
def register(request):
    """``/initiativen/eintragen/``: files into the initiatives index of the request's site."""
    index = _index(request)
    if request.method == "POST":
        who = client_ip(request)
        limited = service.REGISTRATIONS.exceeded(who)
        service.REGISTRATIONS.record(who)
        form = RegistrationForm(request.POST, request.FILES, rate_limited=limited)
        if form.is_valid():
            service.register(index, **form.registration())
            return redirect("state:sent")
        status = 429 if form.is_rate_limited else 200
    else:
        form = RegistrationForm()
        status = 200
    context = {"page": index, "form": form, "index": index}
    return TemplateResponse(request, "state/register.html", context, status=status)


@never_cache
def sent(request):
    index = _index(request)
    return TemplateResponse(request, "state/register_sent.html", {"page": index, "index": index})


@never_cache
def confirm(request, token):
    found = service.registration_from_token(token)
    index = _index(request)
    if found is None or found.index_id != index.pk:
        return TemplateResponse(
            request, "state/confirm_failed.html", {"page": index, "index": index}, status=404
        )
    service.confirm(found)
    return TemplateResponse(
        request, "state/confirmed.html", {"page": index, "index": index, "registration": found}
    )
