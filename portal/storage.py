"""Media in S3-compatible object storage (``AWS_STORAGE_BUCKET_NAME`` set in production).

``MediaStorage`` keeps every upload and generated file (Wagtail images and
their renditions, documents, Oscar product images and thumbnails, concern
photos, employer code sheets) in one bucket that every app server shares.
The portal still answers ``/media/`` itself (``portal.media.serve`` reads
from this storage), so files keep their URLs, their allow-listed types and
their safe headers, and the bucket needs no public access at all.

As defence in depth the objects carry the same type and, for anything that
is not an image, ``Content-Disposition: attachment``, in case the bucket is
ever exposed directly.
"""

import posixpath
from urllib.parse import urljoin

from django.conf import settings
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage

from portal.media import CACHE_SECONDS, INLINE_TYPES


class MediaStorage(S3Storage):
    def get_default_settings(self):
        defaults = super().get_default_settings()
        # Two uploads with the same name keep both files, as on disk
        # (django-storages would overwrite by default).
        defaults["file_overwrite"] = False
        return defaults

    def url(self, name, parameters=None, expire=None, http_method=None):
        return urljoin(settings.MEDIA_URL, filepath_to_uri(name))

    def get_object_parameters(self, name):
        parameters = super().get_object_parameters(name)
        extension = posixpath.splitext(name)[1].lower()
        if extension in INLINE_TYPES:
            parameters["ContentType"] = INLINE_TYPES[extension]
        else:  # the type is guessed from the name; never shown inline
            parameters["ContentDisposition"] = "attachment"
        parameters.setdefault("CacheControl", f"public, max-age={CACHE_SECONDS}")
        return parameters
