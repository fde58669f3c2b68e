"""Checking and redeeming vouchers, merchant statements, employer orders.

Views stay thin: lookups and rate limits here, every rule in ``redemption``,
``settlement`` and ``employer_orders``. A GET never changes a voucher.

Anonymous callers see one and the same page (HTTP 404) for unknown, used,
expired and cancelled codes, and each such miss counts against their IP.
Merchants of the network see why a voucher is refused; they may also type
the short code, which is counted per user and per IP.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from portal.db import with_prepared_statements
from portal.directory.services import managed_by, merchant_pages_for_user
from portal.vouchers import codes, employer_orders, settlement
from portal.vouchers.errors import RedemptionRefused
from portal.vouchers.forms import (
    BankDetailsForm,
    CheckForm,
    EmployerOrderForm,
    RedeemForm,
    ShortCodeForm,
    extract_long_code,
)
from portal.vouchers.models import (
    AcceptingMerchant,
    Redemption,
    SettlementEntry,
    VoucherBatch,
    VoucherProgramme,
)
from portal.vouchers.ratelimit import ANONYMOUS_LOOKUPS, MERCHANT_LOOKUPS, client_ip
from portal.vouchers.redemption import find_voucher, redeem_for_member, refusal_for

REDEMPTION_LIST_SIZE = 50


def memberships_for(user):
    """The active network memberships of the businesses ``user`` manages.

    Only what the till checks: the businesses' names, which would join their
    profile pages and make this the costliest query of a redemption (mostly
    in PostgreSQL's planner), are read by ``RedeemForm`` when there is a
    choice to make.
    """
    if not user.is_authenticated or not user.is_active:
        return []
    return list(
        AcceptingMerchant.objects.active()
        .filter(managed_by(user, profile="merchant"))
        .only("merchant_id", "contract_date", "suspended")
    )


def _rate_limited(request):
    response = TemplateResponse(request, "cityvouchers/rate_limited.html", status=429)
    response["Retry-After"] = str(ANONYMOUS_LOOKUPS.window)
    return response


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
        raise PermissionDenied
    ip = client_ip(request)
    if ANONYMOUS_LOOKUPS.exceeded(ip):
        return _rate_limited(request)
    voucher = find_voucher(code) if codes.is_long_code(code) else None
    if voucher is None or not voucher.is_valid():
        ANONYMOUS_LOOKUPS.record(ip)
        return TemplateResponse(request, "cityvouchers/voucher_invalid.html", status=404)
    return TemplateResponse(request, "cityvouchers/voucher_status.html", {"voucher": voucher})


@transaction.non_atomic_requests
@with_prepared_statements
@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def redeem_page(request):
    """``/gutschein/einloesen/``: scan the QR code or type the short code, then confirm."""
    memberships = memberships_for(request.user)
    if not memberships:
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
        request, "cityvouchers/redeem.html", {"form": form, "memberships": memberships}
    )


def _merchant_voucher(request, code, memberships):
    """Confirmation page (GET) and redemption (POST) for a merchant of the network."""
    if request.method == "POST":
        return _redeem(request, code, memberships)
    voucher = find_voucher(code)
    if voucher is None:
        return _not_found(request, memberships)
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
        return _not_found(request, memberships)
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
        if _wants_json(request):
            return JsonResponse({"ok": False, "message": str(refusal.message)}, status=409)
        voucher.refresh_from_db()
        return TemplateResponse(
            request,
            "cityvouchers/voucher_merchant.html",
            {"voucher": voucher, "refusal": refusal.message, "form": None},
            status=409,
        )
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


def _own_redemption_or_404(user, receipt):
    pages = merchant_pages_for_user(user)
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
@login_required
def receipt(request, receipt):
    """The result screen after redeeming: the receipt number to book in the till."""
    redemption = _own_redemption_or_404(request.user, receipt)
    return render(request, "cityvouchers/receipt.html", {"redemption": redemption})


@login_required
def merchant_area(request):
    """A merchant's own redemptions and statements, and the payout account."""
    pages = merchant_pages_for_user(request.user)
    memberships = list(
        AcceptingMerchant.objects.filter(merchant__in=pages).select_related("merchant")
    )
    if not memberships:
        return render(request, "cityvouchers/not_a_network_member.html", status=403)
    entries = (
        SettlementEntry.objects.filter(merchant__in=pages)
        .select_related("redemption", "merchant")
        .order_by("-booked_at")[:REDEMPTION_LIST_SIZE]
    )
    statements = settlement.statements_for_user(request.user).select_related("period", "merchant")
    return render(
        request,
        "cityvouchers/merchant_area.html",
        {"memberships": memberships, "entries": entries, "statements": statements},
    )


@login_required
def bank_details(request, pk):
    membership = get_object_or_404(
        AcceptingMerchant.objects.select_related("merchant"),
        pk=pk,
        merchant__in=merchant_pages_for_user(request.user),
    )
    form = BankDetailsForm(request.POST or None, instance=membership)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your bank details were saved."))
        return redirect("cityvouchers:merchant_area")
    return render(
        request, "cityvouchers/bank_details.html", {"form": form, "membership": membership}
    )


@login_required
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
        response = HttpResponse(
            settlement.statement_csv(statement), content_type="text/csv; charset=utf-8"
        )
    else:
        response = HttpResponse(statement_pdf(statement), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="abrechnung-{statement.number}.{fmt}"'
    return response


# ---------------------------------------------------------------- employers


@login_required
def employer_order_list(request):
    """An employer's orders, and the form to place a new one."""
    programme = VoucherProgramme.current()
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
        response = HttpResponse(
            employer_orders.sheet_csv(batch), content_type="text/csv; charset=utf-8"
        )
    else:
        if not batch.sheet:
            raise Http404
        response = HttpResponse(batch.sheet.open("rb").read(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
