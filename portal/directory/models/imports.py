"""Bookkeeping of data imports: uploaded runs and what each profile last received."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportRun(models.Model):
    """One file uploaded in the admin, previewed, dry-run and finally imported.

    The file is kept in the database, not in public media: it may contain
    personal data of business owners.
    """

    class Status(models.TextChoices):
        NEW = "", _("not started")
        QUEUED = "queued", _("waiting")
        RUNNING = "running", _("running")
        DONE = "done", _("finished")
        FAILED = "failed", _("failed")

    filename = models.CharField(_("file name"), max_length=255)
    # The town's directory the businesses go into; its town decides who sees the run.
    directory = models.ForeignKey(
        "directory.DirectoryIndexPage",
        verbose_name=_("directory"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    content = models.BinaryField(_("content"))
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    report = models.JSONField(_("report"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    imported_at = models.DateTimeField(_("imported"), null=True, blank=True)
    # How the file's text is decoded (``importer.ENCODINGS``); "auto" refuses mixed files.
    encoding = models.CharField(_("encoding"), max_length=10, default="auto")
    # The dry run or import runs as a background task (``portal.directory.tasks``);
    # the admin shows its state and progress until the report is there.
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW, blank=True
    )
    rows_done = models.PositiveIntegerField(_("rows checked"), default=0)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("directory import")
        verbose_name_plural = _("directory imports")

    def __str__(self):
        return self.filename

    @property
    def in_progress(self):
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def percent_done(self):
        return int(100 * self.rows_done / self.rows_total) if self.rows_total else 0


class ImportSnapshot(models.Model):
    """The values an import last wrote into a profile.

    A later import compares the profile with this snapshot: a field that
    differs was edited by the merchant since and is left alone.
    """

    page = models.OneToOneField(
        "directory.MerchantPage", on_delete=models.CASCADE, related_name="import_snapshot"
    )
    values = models.JSONField(default=dict)
    imported_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.page_id} @ {self.imported_at:%Y-%m-%d}"
