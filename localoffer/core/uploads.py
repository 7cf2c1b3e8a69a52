"""Files counted as they arrive: a body sent without its size (chunked), or larger than it said, is stopped
at the limit instead of being written to disk in full (core.middleware refuses a declared size first)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler

from localoffer.core.middleware import upload_max_bytes


class LimitedUploadHandler(FileUploadHandler):
    """First of FILE_UPLOAD_HANDLERS: counts every file's bytes and refuses (413, core.views.error_400)
    once the request's files pass the limit; the handlers after it never see the rest."""

    def __init__(self, request: Any = None) -> None:
        super().__init__(request)
        self.received = 0

    def handle_raw_input(
        self, input_data: Any, META: Any, content_length: int, boundary: Any, encoding: Any = None
    ) -> None:
        if content_length and content_length > upload_max_bytes():
            raise RequestDataTooBig("The upload is larger than the limit.")

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > upload_max_bytes():
            raise RequestDataTooBig("The upload passed the limit as it arrived.")
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None
