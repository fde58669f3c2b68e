"""``/media/``: uploaded files served by the portal itself, with safe headers.

Media are uploads: Wagtail images and their renditions, Oscar product images,
citizens' photos. Every image among them was re-encoded on upload
(``portal.uploads``). This view serves them from the default storage in
every environment (not only with DEBUG): ``MEDIA_ROOT`` on disk, or the
S3-compatible bucket of ``portal.storage.MediaStorage`` that every app server
shares. The URLs are the same either way; a reverse proxy or Varnish may
cache the answers (``Cache-Control``).

- The type comes from an allow-list by extension, never from the file's
  content or a stored value; anything not listed is
  ``application/octet-stream`` and a download.
- ``X-Content-Type-Options: nosniff`` and a CSP that allows nothing to run
  (``sandbox``): even a file that got past the upload checks cannot execute
  in the portal's origin.
- ``documents/`` is not served here at all: documents go through Wagtail's
  ``/documents/<id>/<name>`` view, which enforces collection privacy and
  answers with ``Content-Disposition: attachment``
  (``WAGTAILDOCS_INLINE_CONTENT_TYPES`` is empty).
- ``vouchers/`` is not served either: the employer orders' code sheets hold
  redeemable codes under a guessable name; the portal hands them out to the
  employer and the operator only (``portal.vouchers.views``).
- The storage not answering (the bucket unreachable) is a German 503, never a
  500; a missing file is a 404.
"""

import logging
import posixpath

from botocore.exceptions import BotoCoreError, ClientError
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

# What a disk or the bucket's client raises when the storage does not answer.
STORAGE_ERRORS = (OSError, BotoCoreError, ClientError)

logger = logging.getLogger(__name__)

INLINE_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".gif": "image/gif",
    ".avif": "image/avif",
}
PRIVATE_PREFIXES = ("documents/", "vouchers/")
CACHE_SECONDS = 60 * 60


@require_safe
def serve(request, path):
    name = posixpath.normpath(path).lstrip("/")
    if name.startswith(PRIVATE_PREFIXES) or name.startswith("..") or name in ("", "."):
        raise Http404
    try:
        file = default_storage.open(name, "rb")
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError, SuspiciousFileOperation):
        raise Http404 from None
    except STORAGE_ERRORS:
        logger.exception("Media storage unavailable for %s", name)
        return HttpResponse(
            _("The file cannot be loaded at the moment. Please try again later."),
            status=503,
            content_type="text/plain; charset=utf-8",
        )
    extension = posixpath.splitext(name)[1].lower()
    content_type = INLINE_TYPES.get(extension)
    response = FileResponse(
        file,
        content_type=content_type or "application/octet-stream",
        as_attachment=content_type is None,
        filename=posixpath.basename(name),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    return response
