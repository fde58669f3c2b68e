"""What the task worker remembers beyond django-tasks' own table: the mails it has sent."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SentMail(models.Model):
    """One mail a background task sent; its key makes a retried or repeated run skip it.

    ``key`` is the task result's id and the mail's place in that run
    (``<uuid>:1``, ``<uuid>:2``, ...): written in the same transaction as the
    mail is handed to the mail server (``portal.operations.mail``).
    """

    key = models.CharField(_("key"), max_length=100, unique=True)
    task_path = models.CharField(_("task"), max_length=200, blank=True)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("sent mail")
        verbose_name_plural = _("sent mails")
        permissions = [("view_task_report", _("Can see the background task report"))]

    def __str__(self):
        return self.key
