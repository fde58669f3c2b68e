"""Public coupon pages: the overview, taking a coupon, one's coupons, PDFs, coupon books.

A resident needs no account: a taken coupon is a link with its code
(``/g/<code>/``, the same address a city voucher's QR code has, so the till
scans both). The per-person limit counts per account when logged in, else
per browser (``coupons.holder_for``). An e-mail address is asked for only
when the resident wants the coupon mailed, and is not stored.

The till's side (recognising a coupon on the redemption page, redeeming it)
lives in ``views`` with the city voucher's till.
"""

import json

from django import forms
from django.contrib import messages
from django.contrib.staticfiles import finders
from django.core.mail import EmailMessage
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from portal.directory.finder import Origin, distance_expression
from portal.directory.models import Category, MerchantPage, PostcodeArea
from portal.towns import in_town, town_for_request
from portal.vouchers import coupons
from portal.vouchers.errors import CouponRefused
from portal.vouchers.links import claim_url
from portal.vouchers.models import Coupon, CouponBookCopy, CouponCampaign

PER_PAGE = 24


class CouponFilterForm(forms.Form):
    kategorie = forms.ModelChoiceField(
        label=gettext_lazy("Category"),
        queryset=Category.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=gettext_lazy("All categories"),
    )
    heute = forms.BooleanField(label=gettext_lazy("Valid today"), required=False)
    plz = forms.RegexField(
        label=gettext_lazy("Near postcode"),
        regex=r"^\d{5}$",
        required=False,
        error_messages={"invalid": gettext_lazy("Enter a postcode of five digits.")},
    )

    lat = forms.FloatField(required=False, min_value=-90, max_value=90, widget=forms.HiddenInput)
    lon = forms.FloatField(required=False, min_value=-180, max_value=180, widget=forms.HiddenInput)

    def __init__(self, *args, town=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.town = town
        used = Coupon.objects.public().filter(in_town(town, "merchant"))
        used = used.values("merchant__primary_category")
        self.fields["kategorie"].queryset = Category.objects.filter(pk__in=used).order_by("name")

    def clean_plz(self):
        postcode = self.cleaned_data["plz"]
        if postcode and not PostcodeArea.objects.filter(postcode=postcode).exists():
            raise forms.ValidationError(_("This postcode is not known."))
        return postcode


def _filtered(form, now):
    found = (
        Coupon.objects.public(timezone.localdate(now))
        .filter(in_town(form.town, "merchant"))
        .select_related("merchant", "merchant__primary_category")
    )
    if not form.is_valid():
        return list(found.order_by("valid_until", "title")), None
    data = form.cleaned_data
    if data["kategorie"]:
        found = found.filter(merchant__primary_category=data["kategorie"])
    found = list(found.order_by("valid_until", "title"))
    if data["heute"]:
        found = [
            coupon for coupon in found if coupon.refusal_at(now) in (None, "coupon_wrong_time")
        ]
    origin = None
    if data["plz"]:
        area = PostcodeArea.objects.get(postcode=data["plz"])
        origin = Origin(area.latitude, area.longitude, area.postcode)
    elif data["lat"] is not None and data["lon"] is not None:
        origin = Origin(data["lat"], data["lon"])
    if origin is not None:
        distances = dict(
            MerchantPage.objects.filter(
                pk__in={c.merchant_id for c in found}, latitude__isnull=False
            )
            .annotate(distance=distance_expression(origin))
            .values_list("pk", "distance")
        )
        for coupon in found:
            coupon.distance = distances.get(coupon.merchant_id)
        found.sort(key=lambda c: (c.distance is None, c.distance or 0, c.title))
    return found, origin


def coupon_list(request):
    """``/gutscheine/coupons/``: every free coupon on offer, with filters."""
    now = timezone.now()
    form = CouponFilterForm(request.GET or None, town=town_for_request(request))
    found, origin = _filtered(form, now)
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("seite"))
    query = request.GET.copy()
    query.pop("seite", None)
    return render(
        request,
        "cityvouchers/coupon_list.html",
        {
            "form": form,
            "page_obj": page,
            "coupons": page.object_list,
            "origin": origin,
            "query_prefix": query.urlencode(),
            "campaigns": CouponCampaign.objects.current()
            .filter(site=town_for_request(request))
            .order_by("valid_until", "title"),
        },
    )


def campaign(request, slug):
    """``/gutscheine/coupons/aktion/<slug>/``: a running campaign with its coupons on offer."""
    found = get_object_or_404(
        CouponCampaign.objects.current(), site=town_for_request(request), slug=slug
    )
    return render(
        request,
        "cityvouchers/coupon_campaign.html",
        {
            "campaign": found,
            "coupons": found.public_coupons().order_by("merchant__title", "title"),
        },
    )


@require_POST
def take(request, pk):
    """Take a free coupon: a personal code, shown at once."""
    coupon = get_object_or_404(
        Coupon.objects.public()
        .filter(in_town(town_for_request(request), "merchant"))
        .select_related("merchant"),
        pk=pk,
    )
    try:
        claim = coupons.take(coupon, holder=coupons.holder_for(request))
    except CouponRefused as refusal:
        messages.error(request, refusal.message)
        return redirect(request.POST.get("next") or reverse("cityvouchers:coupons"))
    messages.success(request, _("The coupon is yours. Show this page at the till."))
    return redirect(claim.get_absolute_url())


def my_coupons(request):
    """The coupons taken with this account or in this browser."""
    holder = coupons.holder_for(request)
    claims = coupons.claims_of_holder(holder).order_by("status", "valid_until")
    return render(request, "cityvouchers/my_coupons.html", {"claims": claims})


def claim_page(request, claim):
    """What ``/g/<code>/`` shows a resident for a coupon: QR code, code, conditions, status."""
    return render(
        request,
        "cityvouchers/coupon_claim.html",
        {
            "claim": claim,
            "coupon": claim.coupon,
            "link": claim_url(claim),
            "refusal": coupons.refusal_for(
                claim, merchant_ids={claim.coupon.merchant_id}, at=timezone.now()
            ),
            "mail_form": MailForm(),
        },
    )


def _claim_or_404(code):
    claim = coupons.find_claim(code)
    if claim is None or len(code) < 22:
        raise Http404
    return claim


def claim_pdf(request, code):
    from portal.vouchers.coupon_pdf import claims_pdf

    claim = _claim_or_404(code)
    return _pdf_response(claims_pdf([claim], title=claim.coupon.title), "coupon")


class MailForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Your e-mail address"),
        help_text=gettext_lazy("Only used to send this coupon; it is not stored."),
    )


@require_POST
def claim_mail(request, code):
    """Mail the coupon (link and PDF) to an address given just for this."""
    from portal.vouchers.coupon_pdf import claims_pdf

    claim = _claim_or_404(code)
    form = MailForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please enter a valid e-mail address."))
        return redirect(claim.get_absolute_url())
    context = {"claim": claim, "link": claim_url(claim)}
    message = EmailMessage(
        subject=_("Your coupon: %(title)s") % {"title": claim.coupon.title},
        body=render_to_string("cityvouchers/email/coupon.txt", context),
        to=[form.cleaned_data["email"]],
    )
    message.attach("coupon.pdf", claims_pdf([claim], title=claim.coupon.title), "application/pdf")
    message.send()
    messages.success(request, _("The coupon was sent."))
    return redirect(claim.get_absolute_url())


@never_cache
def book_copy(request, code):
    """A sold coupon book: every coupon with its code and whether it was used."""
    copy = get_object_or_404(CouponBookCopy.objects.select_related("book"), code=code)
    return render(
        request,
        "cityvouchers/coupon_book.html",
        {"copy": copy, "book": copy.book, "claims": coupons.book_claims(copy)},
    )


def book_pdf(request, code):
    from portal.vouchers.coupon_pdf import claims_pdf

    copy = get_object_or_404(CouponBookCopy.objects.select_related("book"), code=code)
    claims = list(coupons.book_claims(copy))
    return _pdf_response(claims_pdf(claims, title=f"{copy}"), "gutscheinheft")


def _pdf_response(content, name):
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response


def service_worker(request):
    """The coupon pages' service worker (``static/js/cityvouchers/coupon_sw.js``).

    Served here, not under ``/static/``, so that its address never changes
    (a hashed static name would install a new worker with each release) and
    so that it may control ``/g/`` and ``/gutscheine/coupons/``
    (``Service-Worker-Allowed``). Browsers check it for updates on every
    visit (``no-cache``).
    """
    path = finders.find("js/cityvouchers/coupon_sw.js")
    with open(path, encoding="utf-8") as source:
        before, _english, after = source.read().split("/*TEXT*/")
    texts = {
        "title": _("No connection"),
        "note": _(
            "This page is not stored on this device. Coupons you opened here before can be "
            "shown without network."
        ),
    }
    response = HttpResponse(
        before + json.dumps(texts) + after, content_type="text/javascript; charset=utf-8"
    )
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response


def profile_section(request, page):
    """The free coupons of a business, for its profile page (``portal_page_sections``)."""
    offered = list(
        Coupon.objects.public().filter(merchant_id=page.pk).order_by("valid_until", "title")[:6]
    )
    for coupon in offered:
        coupon.merchant = page  # the card names and links the business: no query per card
    if not offered:
        return ""
    return render_to_string(
        "cityvouchers/includes/profile_coupons.html",
        {"coupons": offered, "page": page},
        request=request,
    )
