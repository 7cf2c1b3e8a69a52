"""What a request may carry is refused before it is read, with a page that says what to do (JSON for the
partner API); a file over the limit is stopped as it arrives."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.exceptions import RequestDataTooBig
from django.test import Client

from localoffer.core.uploads import LimitedUploadHandler


class NeverRead(io.RawIOBase):
    """A request body that fails the test if anything reads it."""

    def read(self, size: int = -1) -> bytes:
        raise AssertionError("the body was read")

    def readline(self, size: int | None = -1) -> bytes:
        raise AssertionError("the body was read")


def _declared(client: Client, path: str, size: int, content_type: str, **headers: Any) -> Any:
    extra: dict[str, Any] = {"CONTENT_LENGTH": str(size), "wsgi.input": NeverRead()}
    return client.generic(
        "POST",
        path,
        b"",
        content_type=content_type,
        headers=headers,
        **extra,
    )


@pytest.mark.django_db
def test_a_300_mb_form_is_refused_unread_with_a_page_that_says_what_to_do() -> None:
    response = _declared(
        Client(),
        "/ask-for-help/worried-about-a-child/tell-us/",
        300 * 1024 * 1024,
        "application/x-www-form-urlencoded",
    )
    page = response.content.decode()
    assert response.status_code == 413
    assert response["Connection"] == "close"
    assert "What you sent is too big" in page
    assert "A file must be smaller than 10 MB" in page
    assert "call 999" in page


@pytest.mark.django_db
def test_an_upload_over_the_evidence_limit_is_refused_before_it_is_read() -> None:
    response = _declared(
        Client(), "/ask-for-help/yours/", 12 * 1024 * 1024, "multipart/form-data; boundary=x"
    )
    assert response.status_code == 413


@pytest.mark.django_db
def test_the_partner_api_answers_a_request_too_large_in_json() -> None:
    response = _declared(
        Client(), "/api/referrals/referrals", 3 * 1024 * 1024, "application/json", Authorization="Bearer x"
    )
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert "too large" in response.json()["detail"]


def test_a_file_that_grows_past_the_limit_as_it_arrives_is_stopped(settings: Any) -> None:
    settings.EVIDENCE_MAX_BYTES = 1024 * 1024
    handler = LimitedUploadHandler()
    handler.handle_raw_input(None, {}, 0, b"x")  # sent without its size (chunked)
    chunk = b"x" * (64 * 1024)
    stopped = False
    for start in range(0, 10 * 1024 * 1024, len(chunk)):
        try:
            assert handler.receive_data_chunk(chunk, start) == chunk
        except RequestDataTooBig:
            stopped = True
            break
    assert stopped
    assert handler.received <= 2 * 1024 * 1024 + len(chunk)  # stopped at the limit, not at the end


@pytest.mark.django_db
def test_django_s_own_limit_met_while_reading_answers_413_not_400(rf: Any) -> None:
    """Django's limits (DATA_UPLOAD_MAX_MEMORY_SIZE, the upload handler's), met while reading a body that
    did not say its size, reach the 400 handler as RequestDataTooBig: it answers as the middleware does."""
    from localoffer.core.views import error_400

    page = error_400(rf.post("/ask-for-help/worried-about-a-child/tell-us/"), RequestDataTooBig("big"))
    assert page.status_code == 413
    assert "What you sent is too big" in page.content.decode()
    api = error_400(rf.post("/api/referrals/referrals"), RequestDataTooBig("big"))
    assert api.status_code == 413
    assert "too large" in api.content.decode()
