"""Forms of the marketplace checkout: fulfilment per merchant, address, payment."""

from django import forms
from django.utils.translation import gettext_lazy as _
from oscar.apps.checkout.forms import GatewayForm as OscarGatewayForm
from oscar.apps.checkout.forms import ShippingAddressForm

from portal.shop import payments


class GatewayForm(OscarGatewayForm):
    """The checkout's first step: guest, new account or sign in.

    Oscar leaves the radio group without a label, which Django then derives
    from the field name ("Options:").
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["options"].label = _("How would you like to order?")


class FulfilmentForm(forms.Form):
    """One radio group per merchant: pickup, delivery or shipping, as each offers."""

    def __init__(self, plan, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        for part in plan.parts:
            choices = [(option.code, option.label) for option in part.options]
            self.fields[self.field_name(part)] = forms.ChoiceField(
                label=_("How do you get the goods of %(shop)s?") % {"shop": part.shop.name},
                choices=choices,
                widget=forms.RadioSelect,
                initial=part.method,
                error_messages={"required": _("Please choose one option for this shop.")},
            )

    @staticmethod
    def field_name(part):
        return f"shop_{part.shop.pk}"

    def bound_parts(self):
        """``(part, bound field)`` pairs for the template."""
        return [(part, self[self.field_name(part)]) for part in self.plan.parts]

    def choices(self):
        return {
            str(part.shop.pk): self.cleaned_data[self.field_name(part)] for part in self.plan.parts
        }


class AddressForm(ShippingAddressForm):
    """The delivery address, checked against the postcodes each chosen shop delivers to."""

    def __init__(self, *args, delivering_shops=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.delivering_shops = delivering_shops
        for name in ("line2", "line3", "state"):
            self.fields.pop(name, None)
        labels = {
            "first_name": _("First name"),
            "last_name": _("Last name"),
            "line1": _("Street and number"),
            "line4": _("Town"),
            "postcode": _("Postcode"),
            "phone_number": _("Phone (optional, for questions about the delivery)"),
            "notes": _("Note for the delivery (optional)"),
        }
        for name, label in labels.items():
            if name in self.fields:
                self.fields[name].label = label
        self.order_fields(
            ["first_name", "last_name", "line1", "postcode", "line4", "phone_number", "notes"]
        )
        if "notes" in self.fields:
            self.fields["notes"].widget.attrs["rows"] = 3
        self.fields["postcode"].widget.attrs.update(
            inputmode="numeric", autocomplete="postal-code", pattern=r"\d{5}"
        )
        autocomplete = {
            "first_name": "given-name",
            "last_name": "family-name",
            "line1": "street-address",
            "line4": "address-level2",
            "phone_number": "tel",
        }
        for name, value in autocomplete.items():
            if name in self.fields:
                self.fields[name].widget.attrs["autocomplete"] = value

    def clean_postcode(self):
        postcode = (self.cleaned_data.get("postcode") or "").strip()
        if len(postcode) != 5 or not postcode.isdigit():
            raise forms.ValidationError(_("A German postcode has exactly five digits."))
        refusing = [shop.name for shop in self.delivering_shops if not shop.delivers_to(postcode)]
        if refusing:
            raise forms.ValidationError(
                _(
                    "%(shops)s does not deliver to %(postcode)s. Go back one step and "
                    "choose pickup or shipping for it."
                )
                % {"shops": ", ".join(refusing), "postcode": postcode}
            )
        return postcode


class PaymentMethodForm(forms.Form):
    """The payment method as radio buttons, each method's extra fields, and partial payments.

    Partial payments (a city voucher paying part) are offered with every
    method that accepts them; their fields are optional and only read when
    such a method is chosen.
    """

    method = forms.ChoiceField(
        label=_("Payment method"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose how you want to pay.")},
    )

    def __init__(self, methods, *args, part_methods=(), plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.methods = methods
        self.plan = plan
        self.fields["method"].choices = [(method.code, method.label) for method in methods]
        if len(methods) == 1:
            self.fields["method"].initial = methods[0].code
        # The extra fields of each method, prefixed with its code. They are
        # required only when their method is chosen, so the browser must not
        # insist on them (no ``required`` attribute); the server checks.
        kwargs.pop("prefix", None)
        kwargs.pop("initial", None)
        kwargs["use_required_attribute"] = False
        self.method_forms = {
            method.code: method.form_class(*args, prefix=method.code, **kwargs)
            for method in methods
            if method.form_class is not None
        }
        self.part_forms = {
            method.code: method.part_form_class(*args, prefix=f"part-{method.code}", **kwargs)
            for method in part_methods
            if method.part_form_class is not None
        }

    def options(self):
        """``(method, radio, extra form or None, part forms, notes)`` for the template."""
        radios = {radio.data["value"]: radio for radio in self["method"]}
        return [
            (
                method,
                radios[method.code],
                self.method_forms.get(method.code),
                list(self.part_forms.values()) if method.accepts_parts else [],
                method.notes(self.plan) if self.plan is not None else [],
            )
            for method in self.methods
        ]

    def is_valid(self):
        valid = super().is_valid()
        if not valid:
            return False
        method = payments.get(self.cleaned_data["method"])
        extra = self.method_forms.get(method.code)
        forms_to_check = [extra] if extra is not None else []
        if method.accepts_parts:
            forms_to_check += list(self.part_forms.values())
        return all(form.is_valid() for form in forms_to_check)

    def selected(self):
        return payments.get(self.cleaned_data["method"])

    def details(self):
        extra = self.method_forms.get(self.cleaned_data["method"])
        return dict(extra.cleaned_data) if extra is not None else {}

    def parts(self):
        """``[{"method": code, "details": {...}}]`` of the partial payments filled in."""
        if not self.selected().accepts_parts:
            return []
        return [
            {"method": code, "details": dict(form.cleaned_data)}
            for code, form in self.part_forms.items()
            if form.has_filled_in()
        ]
