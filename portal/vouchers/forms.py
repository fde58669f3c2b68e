"""Forms of the voucher pages: checking, redeeming, bank details, employer orders."""

import re
import uuid
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.directory.models import MerchantPage
from portal.vouchers import codes
from portal.vouchers.models import TAX_FREE_MONTHLY_LIMIT, AcceptingMerchant, Employer

_URL_CODE_RE = re.compile(rf"/g/({codes.LONG_CODE_PATTERN})/?")


def extract_long_code(text):
    """A long code from a pasted code or voucher link, or ``None``."""
    text = (text or "").strip()
    if codes.is_long_code(text):
        return text
    match = _URL_CODE_RE.search(text)
    return match.group(1) if match else None


def euro_field(label, **kwargs):
    """An optional amount in euros, typed the German way (19,90)."""
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=Decimal("0.01"),
        max_digits=10,
        decimal_places=2,
        localize=True,
        **kwargs,
    )


class CheckForm(forms.Form):
    code = forms.CharField(
        label=_("Voucher code or link"),
        max_length=300,
        help_text=_("The link below the QR code, e.g. https://…/g/AbC…/"),
    )


class ShortCodeForm(forms.Form):
    """A merchant types the short code printed below the QR code."""

    code = forms.CharField(
        label=_("Code below the QR code"),
        max_length=40,
        help_text=_("e.g. ABCD-EFGH-JKX; spaces and hyphens do not matter."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )

    def clean_code(self):
        text = self.cleaned_data["code"]
        long_code = extract_long_code(text)
        if long_code:
            return long_code
        try:
            return codes.normalise_short_code(text)
        except codes.CodeFormatError as error:
            messages = {
                "length": _("The code has 11 characters (e.g. ABCD-EFGH-JKX)."),
                "character": _(
                    "The code contains a character that never occurs in voucher codes "
                    "(no 0, 1, I, L or O)."
                ),
                "check": _(
                    "Typo: this code cannot be right. Please compare it character by character."
                ),
            }
            raise forms.ValidationError(messages[str(error)], code="typo") from error


def business_choices(memberships):
    """``(membership pk, business name)`` by name, for the till's choice of business.

    Most till users act for one business: its hidden field needs no name, so
    the profile pages are only read when there is a choice to make.
    """
    if len(memberships) == 1:
        return [(memberships[0].pk, "")]
    by_page = {member.merchant_id: member.pk for member in memberships}
    names = MerchantPage.objects.filter(pk__in=by_page).order_by("title")
    return [(by_page[pk], title) for pk, title in names.values_list("pk", "title")]


class RedeemForm(forms.Form):
    """The confirmation a merchant submits; one POST redeems."""

    code = forms.CharField(widget=forms.HiddenInput, max_length=40)
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64)
    merchant = forms.TypedChoiceField(label=_("For business"), coerce=int)
    purchase_amount = euro_field(
        _("Purchase amount in euros (optional)"),
        help_text=_("Enter it to be warned if the purchase is lower than the voucher."),
    )
    amount = euro_field(_("Amount to redeem in euros"))
    accept_no_change = forms.BooleanField(
        label=_("The customer knows that no change is given and wants to redeem anyway."),
        required=False,
    )

    no_change_warning = False

    def __init__(self, *args, voucher, memberships, code="", **kwargs):
        choices = business_choices(memberships)
        kwargs["initial"] = {
            "idempotency_key": uuid.uuid4().hex,
            "merchant": choices[0][0],
            "code": code,
        }
        super().__init__(*args, **kwargs)
        self.voucher = voucher
        self.memberships = {member.pk: member for member in memberships}
        self.fields["merchant"].choices = choices
        if len(memberships) == 1:
            self.fields["merchant"].widget = forms.HiddenInput()
        if not voucher.programme.partial_redemption:
            del self.fields["amount"]
        else:
            del self.fields["accept_no_change"]

    @property
    def full_redemption(self):
        return "amount" not in self.fields

    def clean_merchant(self):
        return self.memberships[self.cleaned_data["merchant"]]

    def clean(self):
        data = super().clean()
        purchase = data.get("purchase_amount")
        if (
            self.full_redemption
            and purchase is not None
            and purchase < self.voucher.balance
            and not data.get("accept_no_change")
        ):
            self.no_change_warning = True
            raise forms.ValidationError(
                _(
                    "The purchase is lower than the voucher. The voucher is redeemed in full "
                    "and no change is given. Confirm below if the customer agrees."
                ),
                code="no_change",
            )
        if not self.full_redemption and not data.get("amount"):
            data["amount"] = min(purchase, self.voucher.balance) if purchase else None
            if data["amount"] is None:
                self.add_error("amount", _("Enter the amount to redeem."))
        return data


class BankDetailsForm(forms.ModelForm):
    class Meta:
        model = AcceptingMerchant
        fields = ["account_holder", "iban", "bic"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["account_holder"].required = True
        self.fields["iban"].required = True


class EmployerOrderForm(forms.ModelForm):
    """Company data and the order in one form; warns above the tax-free limit."""

    employees = forms.IntegerField(label=_("Number of employees"), min_value=1, max_value=100_000)
    value_per_employee = forms.DecimalField(
        label=_("Value per employee and month (euros)"),
        min_value=Decimal("1"),
        max_value=Decimal("500"),
        decimal_places=2,
        localize=True,
        initial=Decimal("50"),
        help_text=_("Up to 50 euros a month are tax-free for the employee."),
    )
    months = forms.IntegerField(label=_("Number of months"), min_value=1, max_value=36, initial=12)
    accept_above_limit = forms.BooleanField(
        label=_("I know that values above 50 euros a month are not tax-free."), required=False
    )

    class Meta:
        model = Employer
        fields = ["name", "street", "postcode", "city", "vat_id", "contact_email"]
        labels = {"vat_id": _("VAT id (optional)")}

    def clean(self):
        data = super().clean()
        value = data.get("value_per_employee")
        self.above_limit = value is not None and value > TAX_FREE_MONTHLY_LIMIT
        if self.above_limit and not data.get("accept_above_limit"):
            raise forms.ValidationError(
                _(
                    "More than 50 euros per employee and month is above the tax-free limit "
                    "(§ 8 EStG): the excess is taxable income. Confirm below to order anyway."
                ),
                code="above_limit",
            )
        return data
