"""The mails around a concern, rendered in German and sent as background tasks.

Links are absolute, on the address of the concern's town (its Wagtail ``Site``,
``portal.towns``), because mails are also sent where no request exists.
Status mails go to every address a citizen gave, confirmed or not: a citizen who
left an address wants to hear back; confirming it only publishes the concern.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from portal.concerns.tasks import send_concern_mail
from portal.towns import absolute_url


def absolute(path, concern=None):
    """``path`` on the address of ``concern``'s town (the default town without one)."""
    return absolute_url(path, concern.topic.site if concern is not None else None)


def status_link(concern, confirmation_code=None):
    """Absolute private link of ``concern``; with the code it also confirms the address."""
    from portal.concerns.models import ConcernIndexPage

    path = ConcernIndexPage.status_path(concern)
    if path is None:
        return ""
    if confirmation_code:
        path += f"?bestaetigen={confirmation_code}"
    return absolute(path, concern)


def _send(template, recipients, context):
    """Render ``concerns/mail/<template>.txt`` (first line: subject) and enqueue its sending."""
    recipients = [address for address in recipients if address]
    if not recipients:
        return
    with translation.override(settings.LANGUAGE_CODE):
        subject, body = render_to_string(f"concerns/mail/{template}.txt", context).split("\n", 1)
    for recipient in recipients:
        send_concern_mail.enqueue(subject.strip(), body.lstrip(), recipient)


def new_concern_for_office(concern):
    """Tell the responsible office about a new (or reassigned) concern."""
    _send(
        "office_new",
        [concern.office.email],
        {
            "concern": concern,
            "admin_url": absolute(reverse("concerns:detail", args=[concern.pk]), concern),
        },
    )


def confirmation_for_citizen(concern, code):
    _send(
        "confirmation",
        [concern.email],
        {"concern": concern, "confirm_url": status_link(concern, code)},
    )


def update_for_citizens(concern, event):
    """Mail a status change or public note to the citizen and to those of merged duplicates."""
    recipients = [concern] + list(concern.duplicates.exclude(email=""))
    for recipient in recipients:
        if recipient.email:
            _send(
                "update",
                [recipient.email],
                {
                    "concern": concern,
                    "own": recipient,
                    "event": event,
                    "status_url": status_link(recipient),
                },
            )


def merged_for_citizen(duplicate, target):
    if duplicate.email:
        _send(
            "merged",
            [duplicate.email],
            {"concern": duplicate, "target": target, "status_url": status_link(duplicate)},
        )
