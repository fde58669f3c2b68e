"""Forms of the directory's public pages: filters, registration, claims, website help."""

import re

from django import forms
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .finder import BUY_FILTERS, ONLINE_SHOP_FILTER, DirectoryQuery, Origin, postcode_origin
from .models import Category, PaymentMethod
from .models.categories import descendant_ids

BUY_CHOICES = [
    ("abholung", _("Pickup")),
    ("lieferung", _("Delivery in town")),
    ("versand", _("Shipping")),
    ("telefon", _("Orders by phone")),
    (ONLINE_SHOP_FILTER, _("Own online shop")),
    ("gutschein", _("Accepts the city voucher")),
    ("barrierefrei", _("Wheelchair accessible")),
]
assert {value for value, _label in BUY_CHOICES} == {*BUY_FILTERS, ONLINE_SHOP_FILTER}


class DirectoryFilterForm(forms.Form):
    """The directory's GET parameters; German names so shared links read well."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kategorie = forms.ChoiceField(label=_("Category"), required=False)
    kaufen = forms.MultipleChoiceField(
        label=_("How to buy"),
        required=False,
        choices=BUY_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    zahlung = forms.ChoiceField(label=_("Payment"), required=False)
    offen = forms.BooleanField(label=_("Open now"), required=False)
    plz = forms.CharField(
        label=_("Near postcode"),
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )
    lat = forms.FloatField(required=False, min_value=-90, max_value=90, widget=forms.HiddenInput)
    lon = forms.FloatField(required=False, min_value=-180, max_value=180, widget=forms.HiddenInput)

    def __init__(self, *args, categories=None, payment_methods=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.categories = list(
            Category.objects.select_related("parent") if categories is None else categories
        )
        self.payment_methods = list(
            PaymentMethod.objects.all() if payment_methods is None else payment_methods
        )
        self.fields["kategorie"].choices = [("", _("All categories"))] + [
            (category.slug, str(category)) for category in self.categories
        ]
        self.fields["zahlung"].choices = [("", _("Any"))] + [
            (method.slug, method.name) for method in self.payment_methods
        ]
        self.fields["q"].widget.input_type = "search"
        self.fields["q"].widget.attrs.update(
            {
                "data-autocomplete": reverse("search_suggestions"),
                "data-autocomplete-label": gettext("Suggestions"),
            }
        )

    def clean_plz(self):
        postcode = re.sub(r"\s+", "", self.cleaned_data["plz"])
        if not postcode:
            return ""
        if not re.fullmatch(r"\d{5}", postcode):
            raise forms.ValidationError(
                _("Please enter a German postcode with five digits, e.g. 12345.")
            )
        origin, suggestions = postcode_origin(postcode)
        if origin is None:
            message = gettext("We do not know the postcode %(postcode)s. Please check it.") % {
                "postcode": postcode
            }
            if suggestions:
                message += " " + gettext("Did you mean: %(suggestions)s?") % {
                    "suggestions": ", ".join(suggestions)
                }
            raise forms.ValidationError(message)
        self.origin = origin
        return postcode

    def to_query(self):
        """The valid part of the filters; an invalid field is simply not applied."""
        data = self.cleaned_data if self.is_bound else {}
        by_slug = {category.slug: category for category in self.categories}
        origin = getattr(self, "origin", None)
        if origin is None and data.get("lat") is not None and data.get("lon") is not None:
            origin = Origin(data["lat"], data["lon"], gettext("your location"))
        category = by_slug.get(data.get("kategorie") or "")
        text = (data.get("q") or "").strip()
        if origin is None:
            text, origin = postcode_in_text(text)
        return DirectoryQuery(
            text=text,
            category=category,
            category_ids=(
                descendant_ids(category, [(c.pk, c.parent_id) for c in self.categories])
                if category is not None
                else None
            ),
            buy=data.get("kaufen") or [],
            payment=data.get("zahlung") or "",
            open_now=bool(data.get("offen")),
            origin=origin,
        )

    @property
    def is_filtered(self):
        return self.is_bound and any(
            self.data.get(name)
            for name in ("q", "kategorie", "kaufen", "zahlung", "offen", "plz", "lat")
        )


def postcode_in_text(text):
    """``(rest of the text, Origin)`` if ``text`` names a known postcode ("Bäcker 12345").

    The postcode then sorts the businesses by distance instead of having to
    appear in their address; an unknown five-digit number stays in the text.
    """
    for word in text.split():
        if re.fullmatch(r"\d{5}", word):
            origin, _suggestions = postcode_origin(word)
            if origin is not None:
                return " ".join(other for other in text.split() if other != word), origin
    return text, None


class RegistrationForm(forms.Form):
    """The few details a business needs to register; the rest is edited in the admin."""

    name = forms.CharField(label=_("Name of the business"), max_length=200)
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.all(), empty_label=_("Please choose")
    )
    street = forms.CharField(label=_("Street and number"), max_length=200)
    postcode = forms.RegexField(
        label=_("Postcode"),
        regex=r"^\d{5}$",
        error_messages={"invalid": _("A German postcode has exactly five digits.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )
    city = forms.CharField(label=_("Town"), max_length=120)
    email = forms.EmailField(
        label=_("Email"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters, not only digits."),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that my details are stored to publish the profile, "
            "as described in the privacy statement."
        )
    )
    # A field people never see: bots fill it in.
    website = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_email(self):
        # No "already registered" error: that would tell anyone which addresses have
        # an account. ``onboarding.register_merchant`` mails the owner instead.
        return self.cleaned_data["email"].lower()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise forms.ValidationError(_("Your registration could not be accepted."))
        password = cleaned.get("password")
        if password:
            from django.contrib.auth import get_user_model
            from django.contrib.auth.password_validation import validate_password

            user = get_user_model()(
                username=cleaned.get("email", ""), email=cleaned.get("email", "")
            )
            try:
                validate_password(password, user)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned


class ClaimForm(forms.Form):
    """Claim a profile; anonymous claimants also choose their login."""

    method = forms.ChoiceField(
        label=_("How should we confirm that it is your business?"), widget=forms.RadioSelect
    )
    message = forms.CharField(
        label=_("Message to the editors (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    email = forms.EmailField(label=_("Your email"), required=False)
    password = forms.CharField(
        label=_("Choose a password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    consent = forms.BooleanField(
        label=_("I agree that my details are stored to manage the profile.")
    )

    def __init__(self, *args, page, user, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import ClaimRequest

        self.user = user if user.is_authenticated else None
        choices = []
        if page.email:
            masked = _mask_email(page.email)
            choices.append(
                (ClaimRequest.METHOD_EMAIL, _("Send a link to %(email)s") % {"email": masked})
            )
        choices.append((ClaimRequest.METHOD_EDITOR, _("Ask the editors to check my claim")))
        self.fields["method"].choices = choices
        self.fields["method"].initial = choices[0][0]
        if self.user:
            del self.fields["email"], self.fields["password"]
        else:
            self.fields["email"].required = True
            self.fields["password"].required = True

    def clean_email(self):
        from .onboarding import email_taken

        email = self.cleaned_data["email"].lower()
        if email_taken(email):
            raise forms.ValidationError(
                _("There is already an account with this email address. Please log in first.")
            )
        return email

    def clean_password(self):
        from django.contrib.auth.password_validation import validate_password

        password = self.cleaned_data["password"]
        validate_password(password)
        return password


def _mask_email(email):
    local, _sep, domain = email.partition("@")
    return f"{local[:1]}…@{domain}"


class WebsiteHelpForm(forms.Form):
    designer = forms.ModelChoiceField(
        label=_("Designer"), queryset=None, empty_label=_("Please choose")
    )
    contact_name = forms.CharField(label=_("Contact person"), max_length=200)
    contact_email = forms.EmailField(label=_("Email"))
    contact_phone = forms.CharField(label=_("Phone (optional)"), max_length=40, required=False)
    message = forms.CharField(
        label=_("What do you need help with?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, designers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["designer"].queryset = designers
