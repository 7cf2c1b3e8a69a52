"""Writing feedback: references, the report status guard, responding and publishing, and the audit trail."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from localoffer.audit.context import audit_context
from localoffer.audit.models import Action, AuditEvent
from localoffer.core import references
from localoffer.core.roles import Role
from localoffer.directory.models import Service
from localoffer.feedback.models import Comment, CommentStatus, ListingReport, ReportStatus
from localoffer.feedback.selectors import feedback_queue, published_comments_page, waited_text
from localoffer.feedback.services import (
    PublishNotAllowed,
    StatusChangeNotAllowed,
    comment_publish,
    comment_respond,
    listing_report_status_change,
    next_statuses,
)
from localoffer.feedback.tests.helpers import a_comment, a_listing_report

pytestmark = [pytest.mark.sqlite, pytest.mark.usefixtures("offer")]


@pytest.fixture
def service(offer: None) -> Service:
    return Service.objects.get(slug="short-breaks-grant")


@pytest.fixture
def editor(users: dict[str, Any]) -> Any:
    return users[Role.LOCAL_OFFER_EDITOR]


def test_a_report_starts_new_with_a_short_reference_people_can_read_out(service: Service) -> None:
    report = a_listing_report(service=service, description="  The number is wrong.  ")
    assert re.fullmatch(r"LO-\d{4}-[A-HJ-NP-Z]{2}", report.reference)
    assert report.status == ReportStatus.NEW
    assert report.description == "The number is wrong."
    assert ListingReport.objects.get(reference=report.reference).service == service


def test_a_reference_already_used_by_a_report_or_comment_is_not_given_again(
    service: Service, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = a_listing_report(service=service)
    comment = a_comment()
    offered = iter([report.reference, comment.reference, "LO-1234-AB"])
    monkeypatch.setattr(references, "spoken_reference", lambda prefix: next(offered))
    assert a_comment().reference == "LO-1234-AB"


def test_text_over_2000_characters_and_a_malformed_email_are_refused(service: Service) -> None:
    with pytest.raises(ValidationError) as refused:
        a_listing_report(service=service, description="x" * 2001, contact_email="sam-at-example")
    assert set(refused.value.message_dict) == {"description", "contact_email"}
    with pytest.raises(ValidationError, match="text"):
        a_comment(text="x" * 2001)
    assert not ListingReport.objects.exists()
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    ("start", "allowed"),
    [
        (ReportStatus.NEW, [ReportStatus.IN_PROGRESS, ReportStatus.RESOLVED, ReportStatus.NO_ACTION]),
        (ReportStatus.IN_PROGRESS, [ReportStatus.RESOLVED, ReportStatus.NO_ACTION]),
        (ReportStatus.RESOLVED, [ReportStatus.IN_PROGRESS]),
        (ReportStatus.NO_ACTION, [ReportStatus.IN_PROGRESS]),
    ],
)
def test_a_report_moves_only_to_the_statuses_its_status_allows(start: str, allowed: list[str]) -> None:
    assert next_statuses(start) == allowed


def test_the_status_guard_refuses_a_change_from_a_state_that_does_not_allow_it(
    service: Service, editor: Any
) -> None:
    report = a_listing_report(service=service)
    listing_report_status_change(report=report, status=ReportStatus.IN_PROGRESS, by=editor)
    listing_report_status_change(report=report, status=ReportStatus.RESOLVED, by=editor)
    assert report.status == ReportStatus.RESOLVED
    for status in (ReportStatus.NEW, ReportStatus.RESOLVED, ReportStatus.NO_ACTION, "lost"):
        with pytest.raises(StatusChangeNotAllowed):
            listing_report_status_change(report=report, status=status, by=editor)
    report.refresh_from_db()
    assert report.status == ReportStatus.RESOLVED
    listing_report_status_change(report=report, status=ReportStatus.IN_PROGRESS, by=editor)
    assert report.status == ReportStatus.IN_PROGRESS


def test_the_guard_checks_the_status_in_the_database_not_a_stale_copy(service: Service, editor: Any) -> None:
    report = a_listing_report(service=service)
    stale = ListingReport.objects.get(pk=report.pk)
    listing_report_status_change(report=report, status=ReportStatus.NO_ACTION, by=editor)
    with pytest.raises(StatusChangeNotAllowed, match="no action cannot be changed to resolved"):
        listing_report_status_change(report=stale, status=ReportStatus.RESOLVED, by=editor)


def test_a_response_records_who_answered_and_when(editor: Any) -> None:
    comment = a_comment()
    before = timezone.now()
    comment_respond(comment=comment, response="  We have added the Splash sessions.  ", by=editor)
    assert comment.status == CommentStatus.RESPONDED
    assert comment.response == "We have added the Splash sessions."
    assert comment.responded_by == editor
    assert comment.responded_at is not None
    assert comment.responded_at >= before
    assert not comment.published


def test_an_empty_response_is_refused(editor: Any) -> None:
    comment = a_comment()
    with pytest.raises(ValidationError, match="Enter the council's response"):
        comment_respond(comment=comment, response="   ", by=editor)
    comment.refresh_from_db()
    assert comment.status == CommentStatus.NEW


def test_a_comment_is_published_once_answered_when_the_person_agreed(editor: Any) -> None:
    comment = a_comment(consent_to_publish=True)
    with pytest.raises(PublishNotAllowed, match="Respond to the comment"):
        comment_publish(comment=comment, by=editor)
    comment_respond(comment=comment, response="We have added it.", by=editor)
    comment_publish(comment=comment, by=editor)
    assert comment.published
    assert list(published_comments_page().object_list) == [comment]


def test_publishing_is_refused_without_the_persons_consent(editor: Any) -> None:
    comment = a_comment(consent_to_publish=False)
    comment_respond(comment=comment, response="Thank you, we have added it.", by=editor)
    with pytest.raises(PublishNotAllowed, match="did not agree"):
        comment_publish(comment=comment, by=editor)
    comment.refresh_from_db()
    assert not comment.published


def test_the_database_itself_refuses_publishing_without_consent() -> None:
    comment = a_comment(consent_to_publish=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        # Bypassing the services and the model on purpose, to reach the check constraint.
        Comment.objects.filter(pk=comment.pk).update(published=True)


def test_every_write_is_in_the_audit_trail_with_who_made_it(
    service: Service, editor: Any, users: dict[str, Any]
) -> None:
    parent = users[Role.PARENT_CARER]
    report = a_listing_report(service=service)  # someone not signed in: no actor
    with audit_context(actor=parent, via="web"):
        comment = a_comment()
    listing_report_status_change(report=report, status=ReportStatus.RESOLVED, by=editor)
    comment_respond(comment=comment, response="We have added it.", by=editor)
    comment_publish(comment=comment, by=editor)

    def events(record: Any) -> list[tuple[str, Any, list[str]]]:
        return [
            (event.action, event.actor, event.changed_fields)
            for event in AuditEvent.objects.filter(object_id=str(record.pk)).order_by("occurred_at")
        ]

    assert events(report) == [(Action.CREATE, None, []), (Action.CHANGE, editor, ["status"])]
    assert events(comment) == [
        (Action.CREATE, parent, []),
        (Action.CHANGE, editor, ["responded_at", "responded_by_id", "response", "status"]),
        (Action.CHANGE, editor, ["published"]),
    ]
    # The trail names the record by its reference only: no names, emails or comment text are copied.
    for event in AuditEvent.objects.filter(object_type__startswith="feedback."):
        assert "Sam" not in event.object_repr
        assert "@" not in event.object_repr
    assert report.history.first().history_user == editor


def test_the_queue_holds_open_items_newest_first_and_says_how_long_each_has_waited(
    service: Service, editor: Any
) -> None:
    older = a_listing_report(service=service)
    newer = a_listing_report(service=service, kind="closed")
    done = a_listing_report(service=service)
    listing_report_status_change(report=done, status=ReportStatus.RESOLVED, by=editor)
    answered = a_comment()
    comment_respond(comment=answered, response="Done.", by=editor)
    waiting = a_comment()

    queue = feedback_queue(now=timezone.now() + dt.timedelta(days=3, hours=2))
    assert [w.item for w in queue.reports] == [newer, older]
    assert [w.item for w in queue.comments] == [waiting]
    assert queue.reports[0].waited == "3 days"
    assert queue.reports[0].service_is_public
    closed = feedback_queue(closed=True)
    assert [w.item for w in closed.reports] == [done]
    assert [w.item for w in closed.comments] == [answered]


def test_waiting_times_read_naturally() -> None:
    now = timezone.now()
    assert waited_text(now - dt.timedelta(minutes=5), now) == "Less than an hour"
    assert waited_text(now - dt.timedelta(hours=5, minutes=20), now) == "5 hours"
    assert waited_text(now - dt.timedelta(days=15), now) == "2 weeks"
