"""Admin upload of directory imports: upload, column mapping and preview, dry run, import.

The file is read with the same ``importer`` as ``manage.py import_directory``:
the upload is checked (size, type, encoding, rows, columns, an XLSX's unpacked
size) before it is kept. Dry runs and imports run as a background task
(``portal.directory.tasks``); the preview page shows their progress and the
result report.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.roles.services import for_towns_of
from portal.towns import town_of_page

from . import importer, tasks
from .models import DirectoryIndexPage, ImportRun

PERMISSION = "directory.add_importrun"
MAX_UPLOAD = importer.MAX_FILE_BYTES
ENCODING_CHOICES = [
    ("auto", gettext_lazy("Detect (UTF-8, or Windows-1252 for files without any UTF-8)")),
    ("utf-8", "UTF-8"),
    ("cp1252", gettext_lazy("Windows-1252 (older Excel CSV exports)")),
]


class DirectoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, page):
        town = town_of_page(page)
        return f"{page.title} ({town.site_name or town.hostname})" if town else page.title


def directories_for(user):
    """The directory pages ``user`` may import into: those of their towns."""
    return for_towns_of(DirectoryIndexPage.objects.order_by("path"), user, "page:")


def runs_for(user):
    """Import runs of the directories of ``user``'s towns (they may hold personal data)."""
    runs = ImportRun.objects.defer("content").select_related("directory")
    return for_towns_of(runs, user, "page:directory")


class UploadForm(forms.Form):
    directory = DirectoryChoiceField(
        label=gettext_lazy("Directory"),
        queryset=DirectoryIndexPage.objects.none(),
        required=False,
        help_text=gettext_lazy("The town's directory the businesses are imported into."),
    )
    file = forms.FileField(
        label=gettext_lazy("CSV or Excel file"),
        help_text=gettext_lazy(
            "CSV in UTF-8 or Windows-1252, separated by comma or semicolon, or XLSX."
        ),
    )

    encoding = forms.ChoiceField(
        label=gettext_lazy("Encoding of a CSV file"),
        choices=ENCODING_CHOICES,
        initial="auto",
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["directory"].queryset = directories = directories_for(user)
        self.only_directory = directories.first() if directories.count() == 1 else None
        if self.only_directory is not None:
            self.fields["directory"].widget = forms.HiddenInput()

    def clean_directory(self):
        directory = self.cleaned_data.get("directory") or self.only_directory
        if directory is None:
            raise forms.ValidationError(_("Please choose the directory to import into."))
        return directory

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        if not upload.name.lower().endswith((".csv", ".txt", ".xlsx")):
            raise forms.ValidationError(_("Please upload a .csv or .xlsx file."))
        return upload


class MappingForm(forms.Form):
    """One select per target field: which column of the file holds it."""

    def __init__(self, *args, headers, mapping, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "—")] + [(str(index), header) for index, header in enumerate(headers)]
        for target in importer.FIELDS:
            initial = mapping.get(target)
            self.fields[target] = forms.ChoiceField(
                label=importer.FIELD_LABELS[target],
                choices=choices,
                required=False,
                initial="" if initial is None else str(initial),
            )

    def mapping(self):
        return {
            target: int(value)
            for target, value in self.cleaned_data.items()
            if value not in ("", None)
        }


def _check(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


def upload(request):
    _check(request)
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        content = form.cleaned_data["file"].read()
        name = form.cleaned_data["file"].name
        encoding = form.cleaned_data["encoding"] or "auto"
        try:
            headers, _rows = importer.read_table(content, name, encoding)
        except importer.ImportFileError as error:
            form.add_error("file", str(error))
        else:
            run = ImportRun.objects.create(
                directory=form.cleaned_data["directory"],
                filename=name,
                content=content,
                encoding=encoding,
                mapping=importer.guess_mapping(headers),
                created_by=request.user,
            )
            return redirect("directory_import:preview", run.pk)
    runs = runs_for(request.user)[:10]
    return TemplateResponse(
        request, "directory/admin/import_upload.html", {"form": form, "runs": runs}
    )


def preview(request, pk):
    _check(request)
    run = get_object_or_404(runs_for(request.user).defer(None), pk=pk)
    try:
        headers, rows = importer.read_table(bytes(run.content), run.filename, run.encoding)
    except importer.ImportFileError as error:  # a run kept from before today's checks
        messages.error(request, str(error))
        return redirect("directory_import:upload")
    mapping = {key: int(value) for key, value in run.mapping.items()}
    form = MappingForm(request.POST or None, headers=headers, mapping=mapping)
    if request.method == "POST" and form.is_valid() and not run.in_progress:
        if run.directory is None:
            messages.error(request, _("There is no directory page to import into."))
            return redirect("directory_import:preview", run.pk)
        run.mapping = form.mapping()
        dry_run = request.POST.get("action") != "import"
        tasks.start(run, dry_run=dry_run)
        run.refresh_from_db()
        if run.status == ImportRun.Status.DONE and not dry_run:
            messages.success(request, _("Import finished."))
        elif run.status == ImportRun.Status.FAILED:
            messages.error(request, run.error)
        return redirect("directory_import:preview", run.pk)
    return TemplateResponse(
        request,
        "directory/admin/import_preview.html",
        {
            "run": run,
            "form": form,
            "headers": headers,
            "sample": [cells for _line, cells in rows[:5]],
            "row_count": len(rows),
        },
    )


urlpatterns = [
    path("", upload, name="upload"),
    path("<int:pk>/", preview, name="preview"),
]
