"""Mails sent by the task worker are sent once, however often their task runs.

``SendOnceBackend`` is production's ``EMAIL_BACKEND``; it hands every mail to
the backend of ``EMAIL_URL`` (``PORTAL_EMAIL_BACKEND``). Inside a task of the
database worker (``portal.operations.runs.current``) each mail gets a key,
the task result's id and its place in the run, and is sent only if a
``SentMail`` row with that key can be written; the row commits with the
sending. A task retried after it failed half-way, or run a second time,
skips the mails it already sent and sends the rest. Everywhere else (requests,
the immediate backend, commands) mails pass through unchanged.

A deliberate second mail (e.g. "send the tickets again" on an order page) is a
task enqueued anew, with a new id, and is sent.
"""

import logging

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction

from portal.operations import runs
from portal.operations.models import SentMail

logger = logging.getLogger(__name__)


class SendOnceBackend(BaseEmailBackend):
    def __init__(self, fail_silently=False, **kwargs):
        super().__init__(fail_silently=fail_silently)
        self.inner = get_connection(
            settings.PORTAL_EMAIL_BACKEND, fail_silently=fail_silently, **kwargs
        )

    def open(self):
        return self.inner.open()

    def close(self):
        return self.inner.close()

    def send_messages(self, email_messages):
        run = runs.current.get()
        if run is None:
            return self.inner.send_messages(email_messages)
        sent = 0
        for message in email_messages:
            key = run.next_mail_key()
            with transaction.atomic():
                _, new = SentMail.objects.get_or_create(
                    key=key,
                    defaults={"task_path": run.task_path, "subject": message.subject[:200]},
                )
                if not new:
                    logger.info("Mail %s (%s) was sent before: not again.", key, message.subject)
                    continue
                count = self.inner.send_messages([message]) or 0
                if not count:  # not sent (fail_silently): no marker either
                    transaction.set_rollback(True)
                sent += count
        return sent
