"""Admin upload of directory imports: upload, column mapping and preview, dry run, import.

The file is read with the same ``importer`` as ``manage.py import_directory``.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import importer
from .models import DirectoryIndexPage, ImportRun

PERMISSION = "directory.add_importrun"
MAX_UPLOAD = 20 * 1024 * 1024


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV or Excel file"),
        help_text=gettext_lazy(
            "CSV in UTF-8 or Windows-1252, separated by comma or semicolon, or XLSX."
        ),
    )

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
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        content = form.cleaned_data["file"].read()
        name = form.cleaned_data["file"].name
        try:
            headers, _rows = importer.read_table(content, name)
        except importer.ImportFileError as error:
            form.add_error("file", str(error))
        else:
            run = ImportRun.objects.create(
                filename=name,
                content=content,
                mapping=importer.guess_mapping(headers),
                created_by=request.user,
            )
            return redirect("directory_import:preview", run.pk)
    runs = ImportRun.objects.defer("content")[:10]
    return TemplateResponse(
        request, "directory/admin/import_upload.html", {"form": form, "runs": runs}
    )


def preview(request, pk):
    _check(request)
    run = get_object_or_404(ImportRun, pk=pk)
    content = bytes(run.content)
    headers, rows = importer.read_table(content, run.filename)
    mapping = {key: int(value) for key, value in run.mapping.items()}
    form = MappingForm(request.POST or None, headers=headers, mapping=mapping)
    index = DirectoryIndexPage.objects.first()
    if request.method == "POST" and form.is_valid():
        if index is None:
            messages.error(request, _("There is no directory page to import into."))
            return redirect("directory_import:preview", run.pk)
        run.mapping = form.mapping()
        dry_run = request.POST.get("action") != "import"
        try:
            report = importer.run_import(index, content, run.filename, run.mapping, dry_run=dry_run)
        except importer.ImportFileError as error:
            messages.error(request, str(error))
        else:
            run.report = report.as_dict()
            if not dry_run:
                run.imported_at = timezone.now()
                messages.success(request, _("Import finished."))
            run.save()
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
