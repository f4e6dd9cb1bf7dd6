"""Keep the name of an uploaded file as the browser sent it.

Django's upload parser keeps only the last part of a file name ("../../a.pdf"
becomes "a.pdf") and drops characters it cannot print, before any view sees it.
That is safe, but it would accept such a name silently: this middleware records
the name as sent on the file (``submitted_name``), so that ``check_upload``
refuses it with a message the user can act on. It must come before anything
that reads ``request.POST`` (the CSRF middleware does).
"""

from __future__ import annotations

import functools
import html

from django.http.multipartparser import MultiPartParser
from django.utils.datastructures import ImmutableList


class _NameKeepingParser(MultiPartParser):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.sent_names: dict[str, str] = {}

    def sanitize_file_name(self, file_name):
        cleaned = super().sanitize_file_name(file_name)
        if cleaned is not None:
            self.sent_names[cleaned] = html.unescape(file_name)
        return cleaned


def _parse_keeping_names(request, META, post_data):
    # As HttpRequest.parse_file_upload, with the parser above.
    request.upload_handlers = ImmutableList(
        request.upload_handlers,
        warning="You cannot alter upload handlers after the upload has been processed.",
    )
    parser = _NameKeepingParser(META, post_data, request.upload_handlers, request.encoding)
    data, files = parser.parse()
    for uploaded in (f for _field, items in files.lists() for f in items):
        sent = parser.sent_names.get(uploaded.name)
        if sent is not None and sent != uploaded.name:
            uploaded.submitted_name = sent
    return data, files


class SubmittedFileNameMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.content_type == "multipart/form-data":
            request.parse_file_upload = functools.partial(_parse_keeping_names, request)
        return self.get_response(request)
