"""The public forms, the editors' queue and pages, and "You said, we did", through the web client."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from localoffer.audit.models import Action, AuditEvent
from localoffer.core.roles import Role
from localoffer.directory.models import Service
from localoffer.feedback.models import Comment, CommentStatus, ListingReport, ReportStatus
from localoffer.feedback.services import comment_publish, comment_respond
from localoffer.feedback.tests.helpers import a_comment, a_listing_report

pytestmark = pytest.mark.usefixtures("offer")

EMAIL_FORMAT = "Enter an email address in the correct format, like name@example.com"
SLUG = "short-breaks-grant"


@pytest.fixture
def service(offer: None) -> Service:
    return Service.objects.get(slug=SLUG)


@pytest.fixture
def editor(users: dict[str, Any]) -> Any:
    return users[Role.LOCAL_OFFER_EDITOR]


def _report_url(slug: str = SLUG) -> str:
    return reverse("feedback:report", kwargs={"slug": slug})


def _reference(page: str) -> str:
    found = re.search(r"LO-\d{4}-[A-Z]{2}", page)
    assert found, "no reference on the page"
    return found.group(0)


def test_someone_not_signed_in_reports_a_problem_and_the_editor_sees_it_waiting(
    client: Any, editor: Any, service: Service
) -> None:
    form = client.get(_report_url()).content.decode()
    assert "Report a problem with this listing" in form
    assert service.name in form

    response = client.post(
        _report_url(),
        {"kind": "wrong_phone", "description": "The number rings out.", "contact_email": "sam@example.com"},
        follow=True,
    )
    assert response.redirect_chain == [(reverse("feedback:sent"), 302)]
    page = response.content.decode()
    assert "Problem reported" in page
    reference = _reference(page)
    report = ListingReport.objects.get(reference=reference)
    assert (report.service, report.status, report.contact_email) == (service, "new", "sam@example.com")
    # A reload keeps showing the reference.
    assert reference in client.get(reverse("feedback:sent")).content.decode()

    client.force_login(editor)
    queue = client.get(reverse("feedback:queue")).content.decode()
    assert reference in queue
    assert f'href="{reverse("directory:service", kwargs={"slug": SLUG})}"' in queue
    assert service.name in queue
    assert "Less than an hour" in queue
    detail = client.get(reverse("feedback:report-detail", kwargs={"report_id": report.id})).content.decode()
    assert "The number rings out." in detail
    assert "mailto:sam@example.com" in detail


def test_report_form_explains_each_mistake_and_keeps_what_was_typed(client: Any) -> None:
    long_text = "word " * 401  # 2,005 characters, once the last space is stripped
    response = client.post(
        _report_url(),
        {"description": long_text, "contact_name": "Sam Taylor", "contact_email": "sam-at-example.com"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "<title>Error: " in page
    for message in (
        "Select what is wrong with the listing",
        "What you tell us must be 2,000 characters or fewer",
        EMAIL_FORMAT,
    ):
        assert page.count(message) == 2, message  # in the summary and beside the field
    assert 'href="#id_kind_0"' in page
    assert long_text.strip() in page
    assert 'value="Sam Taylor"' in page
    assert 'value="sam-at-example.com"' in page
    assert not ListingReport.objects.exists()

    page = client.post(_report_url(), {"kind": "closed"}).content.decode()
    assert "Tell us what is wrong with the listing" in page
    assert re.search(r'value="closed"\s+checked', page)


def test_comment_form_explains_each_mistake_and_keeps_what_was_typed(client: Any) -> None:
    page = client.post(
        reverse("feedback:comment"),
        {"topic": "hard_to_find", "text": "", "consent_to_publish": "yes", "contact_email": "alex@"},
    ).content.decode()
    assert "Enter your comment" in page
    assert EMAIL_FORMAT in page
    assert re.search(r'value="hard_to_find"\s+checked', page)
    assert re.search(r'id="id_consent_to_publish"[^>]*checked', page)
    assert 'value="alex@"' in page
    assert not Comment.objects.exists()

    page = client.post(reverse("feedback:comment"), {"text": "x" * 2001}).content.decode()
    assert "Select what your comment is about" in page
    assert "Your comment must be 2,000 characters or fewer" in page


def test_a_comment_gets_a_reference_and_says_whether_it_will_be_published(client: Any) -> None:
    page = client.post(
        reverse("feedback:comment"),
        {"topic": "missing", "text": "Nothing about swimming.", "consent_to_publish": "yes"},
        follow=True,
    ).content.decode()
    comment = Comment.objects.get(reference=_reference(page))
    assert comment.consent_to_publish
    assert "We will publish it without your name" in page

    page = client.post(
        reverse("feedback:comment"), {"topic": "other", "text": "Private, please."}, follow=True
    ).content.decode()
    assert not Comment.objects.get(reference=_reference(page)).consent_to_publish
    assert "so we will not publish it" in page


def test_there_is_nothing_to_confirm_before_anything_is_sent(client: Any) -> None:
    assert client.get(reverse("feedback:sent")).status_code == 404


def test_only_services_in_the_public_offer_can_be_reported(client: Any) -> None:
    assert client.get(_report_url("no-such-thing")).status_code == 404
    assert client.get(_report_url("parklands-after-school-club")).status_code == 404


def test_an_editor_moves_a_report_on_and_cannot_make_a_move_the_status_forbids(
    client: Any, editor: Any, service: Service
) -> None:
    report = a_listing_report(service=service)
    url = reverse("feedback:report-detail", kwargs={"report_id": report.id})
    client.force_login(editor)

    response = client.post(url, {"status": "resolved"}, follow=True)
    assert f"{report.reference} is now resolved." in response.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.RESOLVED

    page = client.post(url, {"status": "no_action"}).content.decode()
    assert "Select one of the statuses listed" in page
    page = client.post(url, {}).content.decode()
    assert "Select the report&#x27;s new status" in page
    report.refresh_from_db()
    assert report.status == ReportStatus.RESOLVED
    assert 'value="in_progress"' in page
    assert 'value="new"' not in page


def test_an_editor_responds_publishes_and_the_public_page_shows_it(client: Any, editor: Any) -> None:
    comment = a_comment(consent_to_publish=True, contact_name="Alex Morgan")
    url = reverse("feedback:comment-detail", kwargs={"comment_id": comment.id})
    client.force_login(editor)
    assert "Publish the comment and this response" in client.get(url).content.decode()

    page = client.post(url, {"response": "", "publish": "yes"}).content.decode()
    assert "Enter the council&#x27;s response" in page
    assert re.search(r'id="id_publish"[^>]*checked', page)

    response = client.post(url, {"response": "We have added Splash.", "publish": "yes"}, follow=True)
    assert f"Response saved and published for {comment.reference}." in response.content.decode()
    comment.refresh_from_db()
    assert (comment.status, comment.published, comment.responded_by) == (
        CommentStatus.RESPONDED,
        True,
        editor,
    )

    client.logout()
    public = client.get(reverse("feedback:you-said-we-did")).content.decode()
    assert comment.text in public
    assert "We have added Splash." in public
    assert "Alex Morgan" not in public
    assert "alex@example.com" not in public


def test_publishing_is_not_offered_and_not_done_without_consent(client: Any, editor: Any) -> None:
    comment = a_comment(consent_to_publish=False)
    url = reverse("feedback:comment-detail", kwargs={"comment_id": comment.id})
    client.force_login(editor)
    page = client.get(url).content.decode()
    assert 'name="publish"' not in page
    assert "did not agree to their comment being published" in page
    client.post(url, {"response": "Thank you.", "publish": "yes"})
    comment.refresh_from_db()
    assert comment.response == "Thank you."
    assert not comment.published


def test_you_said_we_did_shows_only_published_comments_newest_first_20_a_page(
    client: Any, editor: Any
) -> None:
    published = []
    for number in range(21):
        comment = a_comment(text=f"Published comment number {number}.")
        comment_respond(comment=comment, response=f"Response {number}.", by=editor)
        comment_publish(comment=comment, by=editor)
        published.append(comment)
    answered_not_published = a_comment(text="Answered but not published.")
    comment_respond(comment=answered_not_published, response="Private answer.", by=editor)
    a_comment(text="Private comment.", consent_to_publish=False)
    a_comment(text="Not answered yet.")

    first = client.get(reverse("feedback:you-said-we-did")).content.decode()
    assert first.count("Comment made on") == 20
    assert first.index("Published comment number 20.") < first.index("Published comment number 19.")
    assert "Published comment number 0." not in first
    assert "Page 1 of 2" in first
    second = client.get(reverse("feedback:you-said-we-did"), {"page": "2"}).content.decode()
    assert "Published comment number 0." in second
    everything = first + second
    for hidden in ("Answered but not published.", "Private answer.", "Private comment.", "Not answered yet."):
        assert hidden not in everything


def test_managers_may_look_but_only_editors_may_change(
    client: Any, users: dict[str, Any], service: Service
) -> None:
    report = a_listing_report(service=service)
    comment = a_comment()
    report_url = reverse("feedback:report-detail", kwargs={"report_id": report.id})
    comment_url = reverse("feedback:comment-detail", kwargs={"comment_id": comment.id})
    client.force_login(users[Role.MANAGER])
    assert client.get(reverse("feedback:queue")).status_code == 200
    page = client.get(report_url).content.decode()
    assert "Save status" not in page
    assert client.post(report_url, {"status": "resolved"}).status_code == 403
    assert "Save response" not in client.get(comment_url).content.decode()
    assert client.post(comment_url, {"response": "No."}).status_code == 403
    report.refresh_from_db()
    comment.refresh_from_db()
    assert (report.status, comment.response) == (ReportStatus.NEW, "")

    client.force_login(users[Role.PARENT_CARER])
    assert client.get(reverse("feedback:queue")).status_code == 403
    assert client.post(report_url, {"status": "resolved"}).status_code == 403
    client.logout()
    assert client.get(report_url)["Location"].startswith(reverse("accounts:sign-in"))


def test_staff_pages_are_not_kept_by_browsers_or_proxies(client: Any, editor: Any, service: Service) -> None:
    report = a_listing_report(service=service)
    client.force_login(editor)
    for url in (
        reverse("feedback:queue"),
        reverse("feedback:report-detail", kwargs={"report_id": report.id}),
    ):
        assert "no-store" in client.get(url)["Cache-Control"]


def test_the_editors_changes_are_audited_with_the_editor_and_where_they_were(
    client: Any, editor: Any, service: Service
) -> None:
    client.post(_report_url(), {"kind": "closed", "description": "It shut in May."})
    report = ListingReport.objects.get()
    created = AuditEvent.objects.get(object_id=str(report.pk), action=Action.CREATE)
    assert (created.actor, created.actor_name, created.ip_address) == (None, "web", "127.0.0.1")

    client.force_login(editor)
    client.post(reverse("feedback:report-detail", kwargs={"report_id": report.id}), {"status": "in_progress"})
    changed = AuditEvent.objects.get(object_id=str(report.pk), action=Action.CHANGE)
    assert (changed.actor, changed.changed_fields, changed.ip_address) == (editor, ["status"], "127.0.0.1")
