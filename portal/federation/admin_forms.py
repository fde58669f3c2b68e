"""Admin forms: a source with an uploaded CSV file, and an entry whose hand edits are locked."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .models import HARVESTED_FIELDS, HarvestedEntry
from .sources import MAX_BYTES


class SourceForm(WagtailAdminModelForm):
    csv_upload = forms.FileField(
        label=_("Upload a CSV file"),
        required=False,
        help_text=_("Replaces the uploaded file. Columns as described in the documentation."),
    )

    def clean_csv_upload(self):
        upload = self.cleaned_data.get("csv_upload")
        if upload and upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)d MB.") % {"size": MAX_BYTES // 1024 // 1024}
            )
        return upload

    def clean(self):
        data = super().clean()
        has_file = bool(data.get("csv_upload")) or bool(self.instance.csv_filename)
        if data.get("kind") == "feed" and not data.get("url"):
            self.add_error("url", _("A feed needs an address."))
        if data.get("kind") == "csv" and not data.get("url") and not has_file:
            self.add_error("csv_upload", _("Give an address or upload a CSV file."))
        return data

    def save(self, commit=True):
        upload = self.cleaned_data.get("csv_upload")
        if upload:
            self.instance.csv_content = upload.read()
            self.instance.csv_filename = upload.name[:255]
        return super().save(commit)


class HarvestedEntryForm(WagtailAdminModelForm):
    """Every harvested field an editor changes is locked against the next harvest."""

    release_locks = forms.MultipleChoiceField(
        label=_("Release locks"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Fields listed here were corrected by hand and are kept at every harvest. Tick "
            "a field to let the next harvest overwrite it again with the source's value."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        locked = self.instance.locked_fields or []
        self.fields["release_locks"].choices = [
            (name, HarvestedEntry._meta.get_field(name).verbose_name)
            for name in locked
            if name in HARVESTED_FIELDS
        ]

    def save(self, commit=True):
        entry = self.instance
        edited = {name for name in self.changed_data if name in HARVESTED_FIELDS}
        released = set(self.cleaned_data.get("release_locks") or []) - edited
        locked = (set(entry.locked_fields or []) | edited) - released
        entry.locked_fields = [name for name in HARVESTED_FIELDS if name in locked]
        return super().save(commit)
