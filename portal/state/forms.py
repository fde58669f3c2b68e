"""The public registration form of an initiative."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext_lazy as _

from portal.directory.models import InitiativePage, PostcodeArea, Region
from portal.uploads import clean_image

from .listing import OFFER_CHOICES

# A field people leave empty and form-filling bots do not.
HONEYPOT_FIELD = "homepage"


class RegistrationForm(forms.Form):
    name = forms.CharField(label=_("Name of the initiative"), max_length=200)
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.all(), empty_label=_("Please choose")
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("Please choose")), *InitiativePage.KIND_CHOICES]
    )
    postcode = forms.RegexField(
        label=_("Postcode"),
        regex=r"^\d{5}$",
        max_length=5,
        help_text=_("Where the initiative is based: places it on the map."),
        error_messages={"invalid": _("Please enter a German postcode (five digits).")},
    )
    website = forms.URLField(label=_("Website (optional)"), required=False, assume_scheme="https")
    offers = forms.MultipleChoiceField(
        label=_("What you offer"),
        choices=OFFER_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    short_description = forms.CharField(
        label=_("Short description"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("At most 300 characters: what you do and for whom."),
    )
    contact_name = forms.CharField(label=_("Contact person"), max_length=200)
    contact_email = forms.EmailField(
        label=_("Contact e-mail"),
        help_text=_("We send you a link to confirm the registration."),
    )
    contact_phone = forms.CharField(label=_("Phone (optional)"), max_length=40, required=False)
    logo = forms.FileField(
        label=_("Logo (optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_("JPEG, PNG or WebP."),
    )
    privacy = forms.BooleanField(
        label=_("I agree that these details are processed and, once approved, published."),
        error_messages={"required": _("Please agree to the processing of your details.")},
    )
    homepage = forms.CharField(label=_("Leave this field empty"), required=False, max_length=200)

    def __init__(self, *args, rate_limited=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.rate_limited = rate_limited
        self.fields[HONEYPOT_FIELD].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        self.fields["contact_email"].widget.attrs["autocomplete"] = "email"
        self.fields["contact_phone"].widget.attrs["autocomplete"] = "tel"
        self.fields["contact_name"].widget.attrs["autocomplete"] = "name"

    def clean_postcode(self):
        postcode = self.cleaned_data["postcode"]
        if not PostcodeArea.objects.filter(postcode=postcode).exists():
            raise forms.ValidationError(_("We do not know this postcode. Please check it."))
        return postcode

    def clean_logo(self):
        upload = self.cleaned_data.get("logo")
        return clean_image(upload, max_edge=800) if upload else None

    def clean(self):
        cleaned = super().clean()
        if self.rate_limited:
            raise forms.ValidationError(
                _(
                    "Many registrations were sent from your connection in a short time. "
                    "Please try again in an hour."
                ),
                code="rate_limited",
            )
        if cleaned.get(HONEYPOT_FIELD):
            raise forms.ValidationError(
                _("Your registration could not be accepted."), code="honeypot"
            )
        return cleaned

    @property
    def is_rate_limited(self):
        return self.has_error(NON_FIELD_ERRORS, "rate_limited")

    def registration(self):
        """Keyword arguments for ``registration.register``."""
        data = self.cleaned_data
        fields = (
            "name",
            "region",
            "kind",
            "postcode",
            "website",
            "short_description",
            "contact_name",
            "contact_email",
            "contact_phone",
            "offers",
            "logo",
        )
        return {field: data[field] for field in fields}
