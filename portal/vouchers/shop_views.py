"""The voucher's pages around the shop: a free amount into the basket; an order's vouchers.

A free amount (if the programme allows it) is chosen on the voucher page
and put into the basket as the variant of that amount (``buy_free_amount``).

The shop's order page (reached by the customer's session right after
ordering or by the secret link in the confirmation email) shows each
order's vouchers through the ``shop_checkout_status`` hook. Only there are
codes shown: the operator's dashboard and the merchants never see them.
Re-sending and withdrawing are POSTs carrying the checkout's secret key;
re-sent mail goes to the order's own address only, and at most a few
times an hour.
"""

import datetime
import secrets

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from portal.ratelimit import RateLimit
from portal.shop.models import Checkout
from portal.shop.services.emails import customer_email
from portal.towns import town_for_request
from portal.vouchers import selling
from portal.vouchers.errors import WithdrawalRefused
from portal.vouchers.issuing import WITHDRAWAL_DAYS
from portal.vouchers.models import Voucher, VoucherBatch, VoucherProduct, VoucherProgramme
from portal.vouchers.pdf import euro

# Re-sending: three mails per order and hour.
RESENDS = RateLimit("cityvouchers:fail:resend", limit=3, window=3600)


class FreeAmountForm(forms.Form):
    """A voucher of any amount in whole euros within the programme's limits."""

    amount = forms.IntegerField(label=_("Amount of your choice in euros"))

    def __init__(self, programme, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme = programme
        field = self.fields["amount"]
        field.widget.attrs.update(
            min=int(programme.min_amount), max=int(programme.max_amount), step=1
        )
        field.error_messages["invalid"] = _("Please enter an amount in whole euros.")

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if not self.programme.amount_allowed(amount):
            raise forms.ValidationError(
                _("Choose an amount from %(low)s to %(high)s.")
                % {"low": euro(self.programme.min_amount), "high": euro(self.programme.max_amount)}
            )
        return amount


def buy_free_amount(request, page):
    """POST of the voucher page: a voucher of the chosen amount into the basket."""
    programme = VoucherProgramme.current(town_for_request(request))
    if programme is None or not programme.allow_free_amount or not programme.seller_id:
        return HttpResponseNotAllowed(["GET"])
    form = FreeAmountForm(programme, request.POST)
    if not form.is_valid():
        context = page.get_context(request)
        context["free_amount_form"] = form
        return TemplateResponse(request, page.get_template(request), context)
    amount = form.cleaned_data["amount"]
    request.basket.add_product(selling.free_amount_variant(programme, amount), 1)
    messages.success(
        request, _("A voucher of %(amount)s is in your basket.") % {"amount": euro(amount)}
    )
    return redirect("basket:summary")


def order_contexts(checkout, orders):
    """``(order, template context)`` for each order that buys vouchers (two queries)."""
    references = {selling.order_reference(order): order for order in orders}
    batches = {
        batch.reference: batch
        for batch in VoucherBatch.objects.filter(reference__in=references).prefetch_related(
            "vouchers"
        )
    }
    buying = set(
        VoucherProduct.objects.filter(
            product_id__in=[line.product_id for order in orders for line in order.lines.all()]
        ).values_list("product_id", flat=True)
    )
    now = timezone.now()
    for reference, order in references.items():
        batch = batches.get(reference)
        if batch is None and not any(line.product_id in buying for line in order.lines.all()):
            continue
        vouchers = sorted(batch.vouchers.all(), key=lambda v: v.pk) if batch else []
        deadline = batch.created_at + datetime.timedelta(days=WITHDRAWAL_DAYS) if batch else None
        untouched = [
            v for v in vouchers if v.status == Voucher.Status.ACTIVE and v.balance == v.value
        ]
        yield (
            order,
            {
                "checkout": checkout,
                "order": order,
                "batch": batch,
                "vouchers": vouchers,
                "withdrawal_deadline": deadline,
                "can_withdraw": bool(untouched) and deadline is not None and now <= deadline,
                "can_resend": any(v.is_valid() for v in vouchers),
                "email": customer_email(order),
            },
        )


def _order(number, key, order_number):
    checkout = get_object_or_404(Checkout, number=number)
    if not secrets.compare_digest(key, checkout.access_key):
        raise Http404
    order = checkout.orders().filter(number=order_number).first()
    if order is None or selling.batch_for(order) is None:
        raise Http404
    return checkout, order


@require_POST
def resend(request, number, key, order_number):
    checkout, order = _order(number, key, order_number)
    if RESENDS.exceeded(order.number):
        messages.error(
            request, _("The vouchers were sent several times already. Please try again later.")
        )
    else:
        RESENDS.record(order.number)
        selling.resend(order)
        messages.success(
            request,
            _("Your vouchers are being sent again to %(email)s.")
            % {"email": customer_email(order)},
        )
    return redirect(checkout.get_absolute_url())


@require_POST
def withdraw(request, number, key, order_number):
    checkout, order = _order(number, key, order_number)
    if not request.POST.get("confirm"):
        messages.error(request, _("Please tick the box to confirm the withdrawal."))
        return redirect(checkout.get_absolute_url())
    try:
        cancelled, refund = selling.withdraw_order(order)
    except WithdrawalRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request,
            ngettext(
                "You have withdrawn from the purchase: %(count)s voucher is cancelled, "
                "%(refund)s will be refunded.",
                "You have withdrawn from the purchase: %(count)s vouchers are cancelled, "
                "%(refund)s will be refunded.",
                len(cancelled),
            )
            % {"count": len(cancelled), "refund": euro(refund)},
        )
    return redirect(checkout.get_absolute_url())
