from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from localoffer.audit.models import Action, AuditEvent
from localoffer.core.roles import Role
from localoffer.referrals import services
from localoffer.referrals.models import Evidence
from localoffer.referrals.tests.helpers import PDF, a_draft, a_submitted_referral_with_evidence

pytestmark = pytest.mark.django_db


def test_evidence_is_stored_outside_the_web_root_under_our_own_name(users: dict[str, Any]) -> None:
    _, evidence = a_submitted_referral_with_evidence(user=users[Role.PARENT_CARER])
    path = Path(evidence.file.path)
    assert path.is_relative_to(settings.PRIVATE_UPLOADS_ROOT)
    assert not path.is_relative_to(settings.STATIC_ROOT)
    assert "award" not in path.name
    assert path.read_bytes() == PDF
    with pytest.raises(ValueError, match="no public address"):
        evidence.file.url  # noqa: B018


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.exe", b"MZ\x90\x00", "must be a PDF, JPG or PNG"),
        ("letter.pdf", b"MZ\x90\x00 not a pdf", "not really a PDF, JPG or PNG"),
        ("photo.png", b"\xff\xd8\xff\xe0 a jpeg", "not really a PDF, JPG or PNG"),
        ("empty.pdf", b"", "is empty"),
    ],
)
def test_refuses_the_wrong_kind_of_file(
    users: dict[str, Any], name: str, content: bytes, message: str
) -> None:
    parent = users[Role.PARENT_CARER]
    draft = a_draft(user=parent)
    with pytest.raises(ValidationError, match=message):
        services.evidence_add(
            referral=draft, kind="diagnosis", upload=SimpleUploadedFile(name, content), by=parent
        )
    assert not Evidence.objects.exists()


def test_refuses_a_file_too_large(users: dict[str, Any], settings: Any) -> None:
    settings.EVIDENCE_MAX_BYTES = 100
    parent = users[Role.PARENT_CARER]
    draft = a_draft(user=parent)
    with pytest.raises(ValidationError, match="smaller than"):
        services.evidence_add(
            referral=draft, kind="diagnosis", upload=SimpleUploadedFile("a.pdf", PDF + b" " * 200), by=parent
        )


def test_upload_page_keeps_the_document_and_says_what_is_wrong(client: Any, users: dict[str, Any]) -> None:
    parent = users[Role.PARENT_CARER]
    client.force_login(parent)
    draft = a_draft(user=parent)
    url = reverse("referrals:step", args=[draft.id, "diagnosis-letter"])
    refused = client.post(url, {"document": SimpleUploadedFile("letter.pdf", b"GIF89a")})
    assert "not really a PDF, JPG or PNG" in refused.content.decode()
    client.post(url, {"document": SimpleUploadedFile("letter.pdf", PDF)})
    page = client.get(url).content.decode()
    assert "letter.pdf" in page
    check = client.get(reverse("referrals:check", args=[draft.id])).content.decode()
    assert "letter.pdf" in check


def test_only_people_who_may_see_the_referral_open_its_evidence(client: Any, users: dict[str, Any]) -> None:
    referral, evidence = a_submitted_referral_with_evidence(user=users[Role.PARENT_CARER])
    url = reverse("referrals:evidence", args=[referral.id, evidence.id])
    client.force_login(users[Role.SOCIAL_WORKER])
    assert client.get(url).status_code == 403
    client.force_login(users[Role.SDS_COORDINATOR])
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert AuditEvent.objects.filter(action=Action.VIEW, object_id=str(evidence.id)).exists()
