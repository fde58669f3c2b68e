"""The citizen's form and the action forms of the admin queue."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext_lazy as _

from portal.concerns import abuse, photos
from portal.concerns.models import Concern, Kind, Office, Status, Topic

DESCRIPTION_MIN = 10
DESCRIPTION_MAX = Concern._meta.get_field("description").max_length
NOTE_MAX = 2000


class ConcernForm(forms.Form):
    """Kind, topic, description, optional place, photo and e-mail, consent.

    ``website`` is a honeypot: hidden from people (CSS and ``aria-hidden``),
    filled by bots. The rate limit is counted in ``clean()`` only once every
    field is valid, so a typo never costs an attempt.
    """

    kind = forms.ChoiceField(
        label=_("What would you like to tell us?"),
        choices=Kind.choices,
        initial=Kind.PROBLEM,
        widget=forms.RadioSelect,
    )
    topic = forms.ModelChoiceField(
        label=_("Topic"), queryset=Topic.objects.active(), empty_label=_("Please choose")
    )
    description = forms.CharField(
        label=_("Description"),
        min_length=DESCRIPTION_MIN,
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Please describe your concern (at most %(max)s characters).")
        % {"max": DESCRIPTION_MAX},
    )
    latitude = forms.DecimalField(
        required=False,
        min_value=-90,
        max_value=90,
        max_digits=9,
        decimal_places=6,
        widget=forms.HiddenInput,
    )
    longitude = forms.DecimalField(
        required=False,
        min_value=-180,
        max_value=180,
        max_digits=9,
        decimal_places=6,
        widget=forms.HiddenInput,
    )
    address = forms.CharField(
        label=_("Address or place (optional)"),
        required=False,
        max_length=200,
        help_text=_("For example: Bahnhofstraße 12, or: playground in the castle park."),
    )
    photo = forms.FileField(
        label=_("Photo (optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_("JPEG, PNG or WebP. Location data and other metadata are removed."),
    )
    email = forms.EmailField(
        label=_("E-mail address for updates (optional)"),
        required=False,
        max_length=254,
        help_text=_(
            "We send you a link to confirm it; your concern is published once you open it."
        ),
    )
    privacy = forms.BooleanField(
        label=_("I agree that my details are processed to handle my concern."),
        error_messages={"required": _("Please agree to the processing of your details.")},
    )
    website = forms.CharField(label=_("Leave this field empty"), required=False, max_length=200)

    def __init__(self, *args, client_ip="", site=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.client_ip = client_ip
        if site is not None:
            self.fields["topic"].queryset = Topic.objects.active().filter(site=site)
        self.fields["latitude"].widget.attrs["data-location-latitude"] = ""
        self.fields["longitude"].widget.attrs["data-location-longitude"] = ""
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        return photos.clean_photo(upload) if upload else None

    def clean(self):
        cleaned = super().clean()
        if cleaned.get(abuse.HONEYPOT_FIELD):
            raise forms.ValidationError(_("Your concern could not be accepted."), code="honeypot")
        if (cleaned.get("latitude") is None) != (cleaned.get("longitude") is None):
            self.add_error(None, _("Please set the pin on the map again."))
        if not self.errors and not abuse.allow_submission(self.client_ip, cleaned.get("email")):
            raise forms.ValidationError(
                _("You have sent many concerns in a short time. Please try again later."),
                code="rate_limited",
            )
        return cleaned

    @property
    def is_rate_limited(self):
        return self.has_error(NON_FIELD_ERRORS, "rate_limited")

    def submission(self):
        """Keyword arguments for ``services.submit_concern``."""
        data = self.cleaned_data
        return {
            field: data[field]
            for field in (
                "kind",
                "topic",
                "description",
                "latitude",
                "longitude",
                "address",
                "photo",
                "email",
            )
        }


class ListFilterForm(forms.Form):
    """Filters of the public list: topic (by code) and detailed status."""

    thema = forms.ModelChoiceField(
        label=_("Topic"),
        queryset=Topic.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("All topics"),
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All statuses")), *Status.choices], required=False
    )

    def __init__(self, *args, site=None, **kwargs):
        super().__init__(*args, **kwargs)
        if site is not None:
            self.fields["thema"].queryset = Topic.objects.filter(site=site)

    def filter(self, concerns):
        if not self.is_valid():
            return concerns
        if self.cleaned_data["thema"]:
            concerns = concerns.filter(topic=self.cleaned_data["thema"])
        if self.cleaned_data["status"]:
            concerns = concerns.filter(status=self.cleaned_data["status"])
        return concerns


# --- Admin queue -----------------------------------------------------------------


def internal_note_field(label=None, rows=2, **kwargs):
    """The optional note kept in a concern's history for office staff and editors only."""
    return forms.CharField(
        label=label or _("Internal note"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": rows}),
        **kwargs,
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    public_note = forms.CharField(
        label=_("Public note"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown to the citizen and in the public list."),
    )
    internal_note = internal_note_field(
        rows=3, help_text=_("Only seen by office staff and editors.")
    )


class ReassignForm(forms.Form):
    office = forms.ModelChoiceField(label=_("New office"), queryset=Office.objects.all())
    internal_note = internal_note_field()


class MergeForm(forms.Form):
    """Merge this concern into another; the target must be visible to the user."""

    target = forms.CharField(
        label=_("Tracking number of the concern to keep"),
        max_length=20,
        help_text=_("This concern is closed as a duplicate of that one."),
    )
    internal_note = internal_note_field()

    def __init__(self, *args, visible=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.visible = visible

    def clean_target(self):
        number = self.cleaned_data["target"].strip()
        target = self.visible.filter(tracking_number=number).first()
        if target is None:
            raise forms.ValidationError(_("No concern with this tracking number was found."))
        return target


class HideForm(forms.Form):
    hidden = forms.BooleanField(required=False, widget=forms.HiddenInput)
    internal_note = internal_note_field(label=_("Reason (internal)"))


class EditTextForm(forms.Form):
    description = forms.CharField(
        label=_("Description"),
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Remove names, phone numbers and other personal data. The old text is not kept."
        ),
    )
