"""Checking and redeeming vouchers, merchant statements, employer orders.

Views stay thin: lookups and rate limits here, every rule in ``redemption``,
``settlement`` and ``employer_orders``. A GET never changes a voucher.

Anonymous callers see one and the same page (HTTP 404) for unknown, used,
expired and cancelled codes, and each such miss counts against their IP.
Merchants of the network see why a voucher is refused; they may also type
the short code, which is counted per user and per IP.

Who may do what: owners and till staff of an accepting business redeem
(``memberships_for``) and see their receipts; only owners see the
business's redemptions, statements and payout account (``merchant_area``).
The till has its own login page, without public registration: staff are
invited by their owner.
"""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from portal import spreadsheets
from portal.db import with_prepared_statements
from portal.directory.services import merchant_pages_for_user, pages_worked_for, works_for
from portal.ratelimit import too_many_requests
from portal.towns import town_for_request
from portal.vouchers import codes, employer_orders, settlement
from portal.vouchers.coupons import find_claim
from portal.vouchers.coupons import redeem as redeem_coupon
from portal.vouchers.coupons import refusal_for as coupon_refusal_for
from portal.vouchers.errors import CouponRefused, RedemptionRefused
from portal.vouchers.forms import (
    CheckForm,
    EmployerOrderForm,
    RedeemForm,
    ShortCodeForm,
    extract_long_code,
)
from portal.vouchers.models import (
    AcceptingMerchant,
    Coupon,
    CouponRedemption,
    Redemption,
    VoucherBatch,
    VoucherProgramme,
)
from portal.vouchers.ratelimit import ANONYMOUS_LOOKUPS, MERCHANT_LOOKUPS, client_ip
from portal.vouchers.redemption import find_voucher, redeem_for_member, refusal_for

TILL_LOGIN = "cityvouchers:login"
till_login_required = login_required(login_url=TILL_LOGIN)


class TillLoginView(auth_views.LoginView):
    """``/gutschein/anmelden/``: owners and staff log in to the till; nobody registers here."""

    template_name = "cityvouchers/login.html"

    def get_default_redirect_url(self):
        return reverse("cityvouchers:redeem")


def memberships_for(user):
    """The active network memberships of the businesses ``user`` owns or staffs.

    Only what the till checks: the businesses' names, which would join their
    profile pages and make this the costliest query of a redemption (mostly
    in PostgreSQL's planner), are read by ``RedeemForm`` when there is a
    choice to make.
    """
    if not user.is_authenticated or not user.is_active:
        return []
    return list(
        AcceptingMerchant.objects.active()
        .filter(works_for(user, profile="merchant"))
        .only("merchant_id", "contract_date", "suspended")
    )


def _rate_limited(request):
    return too_many_requests(
        request,
        _(
            "Too many codes were checked that do not belong to a valid voucher. "
            "Please wait a minute and try again."
        ),
        retry_after=ANONYMOUS_LOOKUPS.window,
        title=_("Too many attempts"),
    )


def _merchant_keys(request):
    return [f"user:{request.user.pk}", f"ip:{client_ip(request)}"]


def check(request):
    """``/gutschein/``: a form to check a voucher by its code or link."""
    form = CheckForm(request.GET or None)
    if form.is_valid():
        long_code = extract_long_code(form.cleaned_data["code"])
        if long_code:
            return redirect("cityvouchers:status", code=long_code)
        if memberships_for(request.user):
            return redirect(reverse("cityvouchers:redeem") + "?" + request.GET.urlencode())
        form.add_error(
            "code",
            _(
                "Please enter the full link below the QR code or scan the QR code. "
                "The short code can only be checked in a shop."
            ),
        )
    return render(request, "cityvouchers/check.html", {"form": form})


# Not one transaction per request (ATOMIC_REQUESTS) for the two redemption views: they
# only read, except for the redemption, which is its own transaction (``redeem``).
# A refusal then costs no BEGIN and COMMIT. Their queries run as prepared statements
# (``portal.db``); they answer with TemplateResponse, so the page around them renders
# after that block.
@transaction.non_atomic_requests
@with_prepared_statements
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def status(request, code):
    """``/g/<code>/``: the QR code's target. Status for anyone; redeem by POST for merchants."""
    memberships = memberships_for(request.user)
    if memberships:
        if MERCHANT_LOOKUPS.exceeded(f"user:{request.user.pk}"):
            return _rate_limited(request)
        return _merchant_voucher(request, code, memberships)
    if request.method == "POST":
        claim = find_claim(code) if codes.is_long_code(code) else None
        if claim is None or not coupon_business_ids(request.user):
            raise PermissionDenied
        return _redeem_coupon(request, claim)
    ip = client_ip(request)
    if ANONYMOUS_LOOKUPS.exceeded(ip):
        return _rate_limited(request)
    voucher = find_voucher(code) if codes.is_long_code(code) else None
    if voucher is None and codes.is_long_code(code):
        claim = find_claim(code)
        if claim is not None:
            return _coupon_for_anyone(request, claim)
    if voucher is None or not voucher.is_valid():
        ANONYMOUS_LOOKUPS.record(ip)
        return TemplateResponse(request, "cityvouchers/voucher_invalid.html", status=404)
    return TemplateResponse(request, "cityvouchers/voucher_status.html", {"voucher": voucher})


@transaction.non_atomic_requests
@with_prepared_statements
@never_cache
@till_login_required
@require_http_methods(["GET", "HEAD", "POST"])
def redeem_page(request):
    """``/gutschein/einloesen/``: scan the QR code or type the short code, then confirm."""
    memberships = memberships_for(request.user)
    if not memberships and not coupon_business_ids(request.user):
        return TemplateResponse(request, "cityvouchers/not_a_network_member.html", status=403)
    keys = _merchant_keys(request)
    if any(MERCHANT_LOOKUPS.exceeded(key) for key in keys):
        return _rate_limited(request)
    if request.method == "POST":
        return _merchant_voucher(request, request.POST.get("code", ""), memberships)
    form = ShortCodeForm(request.GET if "code" in request.GET else None)
    if form.is_valid():
        return _merchant_voucher(request, form.cleaned_data["code"], memberships)
    return TemplateResponse(
        request,
        "cityvouchers/redeem.html",
        {
            "form": form,
            "memberships": memberships,
            "owner": merchant_pages_for_user(request.user).exists(),
        },
    )


def _merchant_voucher(request, code, memberships):
    """Confirmation page (GET) and redemption (POST) for a merchant of the network."""
    if request.method == "POST":
        return _redeem(request, code, memberships)
    voucher = find_voucher(code)
    if voucher is None:
        claim = find_claim(code)
        if claim is not None:
            return _coupon_confirmation(request, claim)
        return _not_found(request, memberships)
    if not memberships:
        return _voucher_refused(request, voucher, RedemptionRefused("not_accepting"), status=403)
    form = RedeemForm(voucher=voucher, memberships=memberships, code=code)
    return _confirmation(request, voucher, form)


def _not_found(request, memberships):
    for key in _merchant_keys(request):
        MERCHANT_LOOKUPS.record(key)
    return TemplateResponse(
        request,
        "cityvouchers/redeem.html",
        {"form": ShortCodeForm(), "memberships": memberships, "not_found": True},
        status=404,
    )


def _confirmation(request, voucher, form):
    reason = refusal_for(voucher, at=timezone.now())
    context = {
        "voucher": voucher,
        "form": None if reason else form,
        "refusal": None if reason is None else RedemptionRefused(reason).message,
        "last_redemption": voucher.redemptions.order_by("-created_at").first() if reason else None,
    }
    return TemplateResponse(request, "cityvouchers/voucher_merchant.html", context)


def _wants_json(request):
    """The confirmation page's script asks for JSON; without script the form posts HTML."""
    return request.headers.get("Accept", "").startswith("application/json")


def _redeem(request, code, memberships):
    """The one POST that redeems: receipt (redirect or JSON) or a clear refusal (409).

    The membership the form accepts was read in this request, so
    ``redeem_for_member`` does not ask again whether the business accepts.
    """
    voucher = find_voucher(code)
    if voucher is None:
        claim = find_claim(code)
        if claim is not None:
            return _redeem_coupon(request, claim)
        return _not_found(request, memberships)
    if not memberships:
        return _voucher_refused(request, voucher, RedemptionRefused("not_accepting"), status=403)
    form = RedeemForm(request.POST, voucher=voucher, memberships=memberships)
    if not form.is_valid():
        if _wants_json(request):
            return JsonResponse({"ok": False, "errors": form.errors.get_json_data()}, status=400)
        return _confirmation(request, voucher, form)
    try:
        result = redeem_for_member(
            voucher,
            membership=form.cleaned_data["merchant"],
            user=request.user,
            amount=form.cleaned_data.get("amount"),
            purchase_amount=form.cleaned_data.get("purchase_amount"),
            idempotency_key=form.cleaned_data["idempotency_key"],
        )
    except RedemptionRefused as refusal:
        return _voucher_refused(request, voucher, refusal, status=409)
    receipt_url = reverse(
        "cityvouchers:receipt", kwargs={"receipt": result.redemption.receipt_number}
    )
    if _wants_json(request):
        return JsonResponse(
            {
                "ok": True,
                "receipt_url": receipt_url,
                "receipt_number": result.redemption.receipt_number,
            }
        )
    return redirect(receipt_url)


def _voucher_refused(request, voucher, refusal, *, status):
    if _wants_json(request):
        return JsonResponse({"ok": False, "message": str(refusal.message)}, status=status)
    voucher.refresh_from_db()
    return TemplateResponse(
        request,
        "cityvouchers/voucher_merchant.html",
        {"voucher": voucher, "refusal": refusal.message, "form": None},
        status=status,
    )


# ---------------------------------------------------------------- coupons at the till


def coupon_business_ids(user):
    """Ids of the businesses with coupons that ``user`` may redeem (owner or till staff).

    A business without any coupon is left out: for one that is not (or no
    longer) in the voucher's network the till stays closed.
    """
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_portal_coupon_businesses", None)
    if cached is None:
        offering = Coupon.objects.filter(merchant__in=pages_worked_for(user))
        cached = set(offering.values_list("merchant_id", flat=True).distinct())
        user._portal_coupon_businesses = cached
    return cached


def _coupon_for_anyone(request, claim):
    """A coupon's link: the till's confirmation for its business's people, else the claim."""
    from portal.vouchers.coupon_views import claim_page

    if coupon_business_ids(request.user):
        return _coupon_confirmation(request, claim)
    return claim_page(request, claim)


def _coupon_confirmation(request, claim):
    """What the customer gets, the conditions, and one button; or why not."""
    reason = coupon_refusal_for(
        claim, merchant_ids=coupon_business_ids(request.user), at=timezone.now()
    )
    return TemplateResponse(
        request,
        "cityvouchers/coupon_merchant.html",
        {
            "claim": claim,
            "coupon": claim.coupon,
            "refusal": CouponRefused(reason).message if reason else None,
        },
        status=200,
    )


def _redeem_coupon(request, claim):
    """The one POST that uses a coupon: receipt (redirect or JSON) or a refusal (409)."""
    try:
        redemption = redeem_coupon(
            claim, merchant_ids=coupon_business_ids(request.user), user=request.user
        )
    except CouponRefused as refusal:
        if _wants_json(request):
            return JsonResponse({"ok": False, "message": str(refusal.message)}, status=409)
        claim.refresh_from_db()
        return TemplateResponse(
            request,
            "cityvouchers/coupon_merchant.html",
            {"claim": claim, "coupon": claim.coupon, "refusal": refusal.message},
            status=409,
        )
    receipt_url = reverse(
        "cityvouchers:coupon_receipt", kwargs={"receipt": redemption.receipt_number}
    )
    if _wants_json(request):
        return JsonResponse(
            {"ok": True, "receipt_url": receipt_url, "receipt_number": redemption.receipt_number}
        )
    return redirect(receipt_url)


@never_cache
@till_login_required
def coupon_receipt(request, receipt):
    """The result screen after a coupon was used: what to give the customer."""
    redemption = get_object_or_404(
        CouponRedemption.objects.select_related("claim__coupon", "merchant"),
        receipt_number=receipt,
        merchant__in=pages_worked_for(request.user),
    )
    return render(request, "cityvouchers/coupon_receipt.html", {"redemption": redemption})


def _own_redemption_or_404(user, receipt):
    pages = pages_worked_for(user)
    redemption = (
        Redemption.objects.filter(receipt_number=receipt, settlement_entries__merchant__in=pages)
        .select_related("voucher", "merchant")
        .distinct()
        .first()
    )
    if redemption is None:
        raise Http404
    return redemption


@never_cache
@till_login_required
def receipt(request, receipt):
    """The result screen after redeeming: the receipt number to book in the till."""
    redemption = _own_redemption_or_404(request.user, receipt)
    return render(request, "cityvouchers/receipt.html", {"redemption": redemption})


@till_login_required
def merchant_area(request):
    """The old address of a merchant's redemptions: they live in the admin now (owners only)."""
    from portal.vouchers.merchant_admin import is_network_member

    if not is_network_member(request.user):
        if memberships_for(request.user):
            return render(request, "cityvouchers/owners_only.html", status=403)
        return render(request, "cityvouchers/not_a_network_member.html", status=403)
    return redirect("cityvouchers_merchant:index")


@till_login_required
def bank_details(request, pk):
    """The old address of the payout account form, now in the admin."""
    return redirect("cityvouchers_merchant:bank_details", pk=pk)


@till_login_required
def statement_download(request, number, fmt):
    statement = get_object_or_404(
        settlement.statements_for_user(request.user).select_related("period", "merchant"),
        number=number,
    )
    return statement_response(statement, fmt)


def statement_response(statement, fmt):
    """PDF or CSV of a statement (also used by the operator's admin)."""
    from portal.vouchers.pdf import statement_pdf

    if fmt == "csv":
        return spreadsheets.csv_response(
            f"abrechnung-{statement.number}", settlement.statement_rows(statement)
        )
    response = HttpResponse(statement_pdf(statement), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="abrechnung-{statement.number}.{fmt}"'
    return response


# ---------------------------------------------------------------- employers


def employer_order_list(request):
    """What the employer voucher is and how ordering works; after login also the
    employer's orders and the form to place a new one.

    Anyone may read the explanation; ordering (the form, a POST) needs a login,
    which the page offers with links back to itself.
    """
    programme = VoucherProgramme.current(town_for_request(request))
    if not request.user.is_authenticated:
        if request.method == "POST":
            return redirect_to_login(request.get_full_path())
        back = urlencode({"next": request.get_full_path()})
        return render(
            request,
            "cityvouchers/employer_orders.html",
            {
                "programme": programme,
                "login_url": f"{reverse('customer:login')}?{back}",
                "register_url": f"{reverse('customer:register')}?{back}",
            },
        )
    form = EmployerOrderForm(request.POST or None)
    if request.method == "POST" and programme and form.is_valid():
        # A repeat order by the same company updates its data instead of duplicating it.
        employer = request.user.voucher_employers.filter(name=form.cleaned_data["name"]).first()
        if employer is None:
            employer = form.save()
            employer.users.add(request.user)
        else:
            for field in EmployerOrderForm.Meta.fields:
                setattr(employer, field, form.cleaned_data[field])
            employer.save()
        order = employer_orders.place_order(
            employer=employer,
            programme=programme,
            employees=form.cleaned_data["employees"],
            value_per_employee=form.cleaned_data["value_per_employee"],
            months=form.cleaned_data["months"],
            user=request.user,
        )
        messages.success(
            request, _("Thank you for your order. Please pay the invoice by bank transfer.")
        )
        return redirect("cityvouchers:employer_order", number=order.number)
    orders = employer_orders.orders_for_user(request.user).select_related("employer")
    return render(
        request,
        "cityvouchers/employer_orders.html",
        {"form": form, "orders": orders, "programme": programme},
    )


def _own_order_or_404(user, number):
    return get_object_or_404(
        employer_orders.orders_for_user(user).select_related("employer", "programme"),
        number=number,
    )


@login_required
def employer_order_detail(request, number):
    order = _own_order_or_404(request.user, number)
    batches = order.batches.order_by("month")
    return render(request, "cityvouchers/employer_order.html", {"order": order, "batches": batches})


@login_required
def employer_invoice(request, number):
    from portal.vouchers.pdf import invoice_pdf

    order = _own_order_or_404(request.user, number)
    response = HttpResponse(invoice_pdf(order), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="rechnung-{order.number}.pdf"'
    return response


@login_required
def employer_sheet(request, number, month, fmt):
    order = _own_order_or_404(request.user, number)
    batch = get_object_or_404(
        VoucherBatch, employer_order=order, reference=order.batch_reference(month)
    )
    filename = f"gutscheine-{order.number}-{month:%Y-%m}.{fmt}"
    if fmt == "csv":
        return spreadsheets.csv_response(filename, employer_orders.sheet_rows(batch))
    if not batch.sheet:
        raise Http404
    response = HttpResponse(batch.sheet.open("rb").read(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
