"""The form of "Läden in der Nähe": a postcode or the browser's position, and filters."""

import re

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.directory.finder import Origin, postcode_origin

FILTER_CHOICES = [
    ("offen", _("Open now")),
    ("lieferung", _("Delivers")),
    ("abholung", _("Pickup")),
    ("telefon", _("Orders by phone")),
]


class NearMeForm(forms.Form):
    plz = forms.CharField(
        label=_("Your postcode"),
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )
    lat = forms.FloatField(required=False, min_value=-90, max_value=90, widget=forms.HiddenInput)
    lon = forms.FloatField(required=False, min_value=-180, max_value=180, widget=forms.HiddenInput)
    nur = forms.MultipleChoiceField(
        label=_("Show only"),
        required=False,
        choices=FILTER_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )

    origin = None

    def clean_plz(self):
        postcode = re.sub(r"\s+", "", self.cleaned_data["plz"])
        if not postcode:
            return ""
        if not re.fullmatch(r"\d{5}", postcode):
            raise forms.ValidationError(
                _("Please enter a German postcode with five digits, e.g. 17192.")
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

    def clean(self):
        data = super().clean()
        if self.origin is None and data.get("lat") is not None and data.get("lon") is not None:
            self.origin = Origin(data["lat"], data["lon"], gettext("your location"))
        return data
