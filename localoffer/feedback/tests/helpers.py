"""Making feedback for tests, and for the access matrix's detail pages."""

from __future__ import annotations

from typing import Any

from localoffer.directory.models import Service
from localoffer.feedback.models import Comment, CommentTopic, ListingReport, ReportKind
from localoffer.feedback.services import comment_create, listing_report_create


def a_listing_report(*, service: Service, **overrides: Any) -> ListingReport:
    fields: dict[str, Any] = {
        "kind": ReportKind.WRONG_PHONE,
        "description": "The number rings out. The right one is 01634 000 000.",
        "contact_name": "Sam Taylor",
        "contact_email": "sam@example.com",
    }
    return listing_report_create(service=service, **{**fields, **overrides})


def a_comment(**overrides: Any) -> Comment:
    fields: dict[str, Any] = {
        "topic": CommentTopic.MISSING,
        "text": "There is nothing about swimming for autistic children in Gillingham.",
        "consent_to_publish": True,
        "contact_name": "Alex Morgan",
        "contact_email": "alex@example.com",
    }
    return comment_create(**{**fields, **overrides})
