"""Background work of the concerns app: sending its mails.

Enqueued from ``portal.concerns.notifications``. With the immediate backend
(dev, tests) the mail goes out at once; with a database-backed worker queue
the task row commits or rolls back together with the change that caused it.
"""

from django.core.mail import send_mail
from django_tasks import task


@task()
def send_concern_mail(subject, body, recipient):
    send_mail(subject, body, None, [recipient], fail_silently=False)
