"""Asking for help as a family would: without an account (save and return by an emailed link), which child
it is for, answers saved part way, documents after sending, and answers outside a route's scope."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from localoffer.core.roles import Role
from localoffer.referrals import services
from localoffer.referrals.forms import DateField
from localoffer.referrals.models import DecisionKind, Evidence, Referral, ReturnLink, Route, Status
from localoffer.referrals.tests.helpers import ANSWERS, PDF, a_submitted_referral

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("policy")]

AMARA = {
    "first_name": "Amara",
    "last_name": "Okafor",
    "date_of_birth_day": "27",
    "date_of_birth_month": "3",
    "date_of_birth_year": "2015",
    "postcode": "ME4 4TR",
}
GRANT_PAGES = [
    ("child", AMARA),
    ("diagnosis", {"diagnosis": "Autism"}),
    ("diagnosis-letter", {}),
    ("dla", {"dla_care_rate": "middle", "dla_mobility_rate": "none"}),
    ("dla-letter", {}),
    ("impact", {"impact_on_family": "Hard", "risk_of_breakdown": "High"}),
    ("carers-needs", {"carers_needs": "Sleep"}),
    ("breaks", {"breaks_wanted": "Swimming"}),
    ("payment", {"payment_method": "managed_account"}),
    ("contact", {"contact_email": "amara.parent@example.com"}),
]


def _start(client: Any, name: str = "referrals:apply-short-breaks") -> Referral:
    response = client.post(reverse(name))
    assert response.status_code == 302
    return Referral.objects.filter(status=Status.DRAFT).latest("created_at")


def _link_in(body: Any) -> str:
    found = re.search(r"http://testserver(/ask-for-help/return/[^/\s]+/)", str(body))
    assert found, body
    return found.group(1)


def _years_ago(years: int) -> dict[str, str]:
    today = timezone.localdate()
    born = today.replace(year=today.year - years) - dt.timedelta(days=1)
    return {
        "date_of_birth_day": str(born.day),
        "date_of_birth_month": str(born.month),
        "date_of_birth_year": str(born.year),
    }


# Without an account: save and return by email -----------------------------------------------------------


def test_a_family_without_an_account_saves_part_way_and_comes_back_by_the_emailed_link(
    client: Any, users: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    draft = _start(client)
    saved = client.post(
        reverse("referrals:step", args=[draft.id, "child"]),
        {"first_name": "Amara", "date_of_birth_day": "27", "later": "1"},
    )
    assert saved["Location"] == reverse("referrals:save", args=[draft.id])
    page = client.get(saved["Location"]).content.decode()
    assert "Still needed before you can send it" in page
    assert "last name" in page.lower()
    assert "date of birth" in page.lower()
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(reverse("referrals:save", args=[draft.id]), {"email": "amara.parent@example.com"})
    link = ReturnLink.objects.get(referral=draft)
    expires = f"{timezone.localtime(link.expires_at):%-d %B %Y}"
    assert expires in client.get(sent["Location"]).content.decode()  # "The link works until ..."
    assert len(mail.outbox) == 1
    assert expires in mail.outbox[0].body
    assert link.token_hash not in mail.outbox[0].body  # only the hash is kept; the token is in the email

    elsewhere = Client()  # another device, or the same browser after it was closed
    assert elsewhere.get(reverse("referrals:step", args=[draft.id, "child"])).status_code == 403
    back = elsewhere.get(_link_in(mail.outbox[0].body))
    assert back["Location"] == reverse("referrals:step", args=[draft.id, "child"])
    page = elsewhere.get(back["Location"]).content.decode()
    assert 'value="Amara"' in page
    assert 'value="27"' in page


def test_a_link_opens_its_own_draft_only_and_stops_at_its_expiry(
    client: Any, users: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    first = _start(client)
    other = _start(Client(), "referrals:apply-early-help")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("referrals:save", args=[first.id]), {"email": "a@example.com"})
    elsewhere = Client()
    elsewhere.get(_link_in(mail.outbox[0].body))
    assert elsewhere.get(reverse("referrals:step", args=[first.id, "child"])).status_code == 200
    assert elsewhere.get(reverse("referrals:step", args=[other.id, "who"])).status_code == 403
    ReturnLink.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    expired = Client().get(_link_in(mail.outbox[0].body))
    assert expired.status_code == 404
    assert "This link does not work" in expired.content.decode()
    assert reverse("referrals:apply-short-breaks") in expired.content.decode()  # a next step
    assert Client().get("/ask-for-help/return/not-a-real-token/").status_code == 404


def test_save_needs_an_email_address_and_keeps_what_was_typed(client: Any, users: dict[str, Any]) -> None:
    draft = _start(client)
    response = client.post(reverse("referrals:save", args=[draft.id]), {"email": "not an email"})
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Enter an email address in the correct format" in page
    assert 'value="not an email"' in page
    assert not ReturnLink.objects.exists()


def test_the_save_form_cannot_fill_an_inbox(client: Any, users: dict[str, Any]) -> None:
    draft = _start(client)
    for _ in range(services.RETURN_LINKS_PER_HOUR):
        client.post(reverse("referrals:save", args=[draft.id]), {"email": "someone@example.com"})
    refused = client.post(reverse("referrals:save", args=[draft.id]), {"email": "someone@example.com"})
    assert "Use the latest email, or try again later" in refused.content.decode()
    assert ReturnLink.objects.filter(referral=draft).count() == services.RETURN_LINKS_PER_HOUR


def test_a_family_without_an_account_sends_and_adds_a_document_afterwards(
    client: Any, users: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    draft = _start(client)
    for slug, data in GRANT_PAGES:
        response = client.post(reverse("referrals:step", args=[draft.id, slug]), data)
        assert response.status_code == 302, (slug, response.content.decode()[:3000])
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(reverse("referrals:check", args=[draft.id]), follow=True)
    referral = Referral.objects.get(pk=draft.pk)
    assert referral.status == Status.SUBMITTED
    assert referral.submitted_by is None
    page = sent.content.decode()
    assert referral.reference in page
    assert "Send a document" in page
    subjects = [message.subject for message in mail.outbox]
    assert f"We have received it: {referral.reference}" in subjects
    assert f"Send a document for {referral.reference}" in subjects
    letter = next(m for m in mail.outbox if m.subject.startswith("Send a document"))

    elsewhere = Client()
    assert elsewhere.get(_link_in(letter.body))["Location"] == reverse(
        "referrals:application", args=[draft.id]
    )
    response = elsewhere.post(
        reverse("referrals:add-document", args=[draft.id]),
        {
            "kind": "dla_award",
            "document": SimpleUploadedFile("award.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert response["Location"] == reverse("referrals:application", args=[draft.id])
    assert Evidence.objects.filter(referral=referral, kind="dla_award").count() == 1
    assert referral.decisions.filter(kind=DecisionKind.DOCUMENT_ADDED).exists()  # the team sees it came


# With an account ------------------------------------------------------------------------------------------


def test_a_signed_in_family_adds_a_document_from_their_application(
    client: Any, users: dict[str, Any]
) -> None:
    parent = users[Role.PARENT_CARER]
    referral = a_submitted_referral(user=parent)
    client.force_login(parent)
    page = client.get(reverse("referrals:detail", args=[referral.id])).content.decode()
    assert reverse("referrals:add-document", args=[referral.id]) in page
    empty = client.post(reverse("referrals:add-document", args=[referral.id]), {"kind": "diagnosis"})
    assert "Select a file to upload" in empty.content.decode()
    assert 'value="diagnosis" checked' in empty.content.decode()  # the choice is kept
    response = client.post(
        reverse("referrals:add-document", args=[referral.id]),
        {
            "kind": "diagnosis",
            "document": SimpleUploadedFile("letter.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert response["Location"] == reverse("referrals:detail", args=[referral.id])
    assert referral.evidence.filter(kind="diagnosis").count() == 1


def test_a_closed_application_takes_no_documents_and_says_whom_to_call(users: dict[str, Any]) -> None:
    parent = users[Role.PARENT_CARER]
    referral = a_submitted_referral(user=parent)
    services.referral_record_outcome(
        referral=referral,
        outcome=Status.NO_FURTHER_ACTION,
        reason="Not eligible",
        by=users[Role.SDS_COORDINATOR],
    )
    with pytest.raises(services.StatusChangeNotAllowed, match="01634 331 351"):
        services.evidence_add(
            referral=referral,
            kind="diagnosis",
            upload=SimpleUploadedFile("letter.pdf", PDF, content_type="application/pdf"),
            by=parent,
        )


def test_someone_else_cannot_add_documents_to_an_application(client: Any, users: dict[str, Any]) -> None:
    referral = a_submitted_referral(user=users[Role.PARENT_CARER])
    client.force_login(users[Role.YOUNG_PERSON])
    assert client.get(reverse("referrals:add-document", args=[referral.id])).status_code == 403
    assert Client().get(reverse("referrals:add-document", args=[referral.id])).status_code == 403


def test_which_child_is_asked_and_earlier_answers_are_offered_never_copied_silently(
    client: Any, users: dict[str, Any]
) -> None:
    from localoffer.people.models import Relationship
    from localoffer.people.services import family_link_create
    from localoffer.people.tests.factories import ChildFactory

    parent = users[Role.PARENT_CARER]
    amara: Any = ChildFactory(first_name="Amara", last_name="Okafor", date_of_birth=dt.date(2015, 3, 27))
    family_link_create(child=amara, user=parent, relationship=Relationship.PARENT)
    earlier = a_submitted_referral(user=parent)  # for Amara, still open
    client.force_login(parent)
    started = client.post(reverse("referrals:apply-short-breaks"))
    draft = Referral.objects.get(status=Status.DRAFT)
    assert started["Location"] == reverse("referrals:which-child", args=[draft.id])
    assert "diagnosis" not in draft.answers
    page = client.get(started["Location"]).content.decode()
    assert "Which child is this for?" in page
    assert "Amara Okafor, born 27 March 2015" in page
    assert "Someone else" in page
    unanswered = client.post(started["Location"], {}).content.decode()
    assert "Select which child this is for, or someone else" in unanswered

    chosen = client.post(started["Location"], {"child": str(amara.pk)})
    assert chosen["Location"] == reverse("referrals:earlier-answers", args=[draft.id])
    offer = client.get(chosen["Location"]).content.decode()
    assert earlier.reference in offer
    assert "is still open" in offer  # the same route, the same child, not decided yet
    used = client.post(chosen["Location"], {"use_earlier": "yes"})
    assert used["Location"] == reverse("referrals:step", args=[draft.id, "child"])  # through the pages
    draft.refresh_from_db()
    assert draft.answers["diagnosis"] == ANSWERS[Route.SHORT_BREAKS_GRANT]["diagnosis"]
    check = client.get(reverse("referrals:check", args=[draft.id])).content.decode()
    assert "Accept and send" not in check  # never the send page before the questions
    assert client.post(reverse("referrals:check", args=[draft.id])).status_code == 200
    assert Referral.objects.filter(status=Status.SUBMITTED).count() == 1


def test_someone_else_starts_with_empty_pages(client: Any, users: dict[str, Any], child: Any) -> None:
    parent = users[Role.PARENT_CARER]
    client.force_login(parent)
    draft = _start(client, "referrals:apply-carers-assessment")
    response = client.post(reverse("referrals:which-child", args=[draft.id]), {"child": "someone_else"})
    assert response["Location"] == reverse("referrals:step", args=[draft.id, "child"])
    draft.refresh_from_db()
    assert "first_name" not in draft.answers


def test_save_and_come_back_later_keeps_a_half_filled_page_and_says_what_is_still_needed(
    client: Any, users: dict[str, Any]
) -> None:
    client.force_login(users[Role.PARENT_CARER])
    draft = _start(client)
    response = client.post(
        reverse("referrals:step", args=[draft.id, "child"]),
        {"first_name": "Amara", "postcode": "CT1 2AB", "later": "1"},
        follow=True,
    )
    draft.refresh_from_db()
    assert draft.answers["first_name"] == "Amara"
    assert draft.answers["postcode"] == "CT1 2AB"  # kept as typed, to put right later
    page = response.content.decode()
    assert "Your answers are saved" in page
    assert (
        "Still needed before you can send it: About the child or young person (last name, date of birth"
        in page
    )
    again = client.get(reverse("referrals:step", args=[draft.id, "child"])).content.decode()
    assert 'value="CT1 2AB"' in again


# Out of scope: said clearly, with what to do instead ------------------------------------------------------


@pytest.mark.parametrize("postcode", ["CT1 2AB", "SW1A 1AA", "ME20 6AB"])
def test_a_postcode_outside_medway_is_refused_with_where_to_go_instead(
    client: Any, users: dict[str, Any], postcode: str
) -> None:
    client.force_login(users[Role.PARENT_CARER])
    draft = _start(client)
    response = client.post(
        reverse("referrals:step", args=[draft.id, "child"]), {**AMARA, "postcode": postcode}
    )
    page = response.content.decode()
    assert "The short breaks grant is for children and young people who live in Medway" in page
    assert "https://www.gov.uk/find-local-council" in page
    assert f'value="{postcode}"' in page


def test_a_22_year_old_for_the_grant_is_told_the_ages_and_pointed_to_the_0_to_25_team(
    client: Any, users: dict[str, Any]
) -> None:
    client.force_login(users[Role.PARENT_CARER])
    draft = _start(client)
    response = client.post(reverse("referrals:step", args=[draft.id, "child"]), {**AMARA, **_years_ago(22)})
    page = response.content.decode()
    assert "The short breaks grant is for children and young people aged 0 to 17" in page
    assert "they are 22 years old" in page
    assert reverse("referrals:apply-disability-team") in page
    assert reverse("referrals:apply-supported-living") in page


def test_supported_living_under_18_points_to_the_0_to_25_team(client: Any, users: dict[str, Any]) -> None:
    client.force_login(users[Role.YOUNG_PERSON])
    draft = _start(client, "referrals:apply-supported-living")
    client.post(reverse("referrals:step", args=[draft.id, "who"]), {"referrer_kind": "young_person"})
    response = client.post(
        reverse("referrals:step", args=[draft.id, "young-person"]), {**AMARA, **_years_ago(16)}
    )
    page = response.content.decode()
    assert "Supported living is for young people aged 18 to 25" in page
    assert reverse("referrals:apply-disability-team") in page


def test_living_outside_medway_for_the_disability_team_gives_a_next_step(
    client: Any, users: dict[str, Any]
) -> None:
    client.force_login(users[Role.PARENT_CARER])
    draft = _start(client, "referrals:apply-disability-team")
    response = client.post(
        reverse("referrals:step", args=[draft.id, "disability"]),
        {"diagnosis": "Cerebral palsy", "long_term": "yes", "lives_in_medway": "no"},
    )
    page = response.content.decode()
    assert "works with children and young people who live in Medway" in page
    assert "https://www.gov.uk/find-local-council" in page
    assert 'value="no" checked' in page


# Dates -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        (["31", "2", "2020"], "Date of birth must be a real date"),
        (["27", "", "2015"], "Date of birth must include a month"),
        (["", "", "2015"], "Date of birth must include a day and a month"),
        (["27", "3", "15"], "Year must include 4 numbers"),
        (["27", "March", "2015"], "Date of birth must be a real date"),
        (["", "", ""], "Enter their date of birth"),
    ],
)
def test_the_date_input_says_what_is_wrong(parts: list[str], message: str) -> None:
    from django import forms

    field = DateField(label="Date of birth", what="date of birth")
    with pytest.raises(forms.ValidationError, match=message):
        field.clean(parts)


def test_the_date_input_reads_a_real_date() -> None:
    assert DateField(label="Date of birth", what="date of birth").clean(["27", "3", "2015"]) == dt.date(
        2015, 3, 27
    )


def test_dates_are_shown_as_people_read_them(client: Any, users: dict[str, Any]) -> None:
    parent = users[Role.PARENT_CARER]
    referral = a_submitted_referral(user=parent)
    client.force_login(parent)
    page = client.get(reverse("referrals:detail", args=[referral.id])).content.decode()
    assert "27 March 2015" in page
    assert "2015-03-27" not in page


# The worry about a child's safety ----------------------------------------------------------------------------

SAFETY = {
    "referrer_kind": "professional",
    "concern": "Bruises on the arm.",
    "family_knows": "yes",
    "submission_key": "k-1",
}


def test_a_professional_gives_a_phone_number_or_an_email_address(client: Any, users: dict[str, Any]) -> None:
    page = client.get(reverse("referrals:safety-concern")).content.decode()
    assert "Your phone number (optional)" not in page
    assert "Your email address (optional)" not in page
    response = client.post(reverse("referrals:safety-concern"), SAFETY)
    page = response.content.decode()
    assert page.count("Give a phone number or an email address (at least one)") == 2  # summary and inline
    assert '<a href="#id_contact_phone">' in page
    assert re.search(r"<title>Error: Tell us about your worry", page)
    assert "Error: Error:" not in page
    assert 'value="Bruises on the arm."' in page or "Bruises on the arm." in page


def test_the_same_safety_form_sent_again_with_new_words_is_refused_never_dropped(
    users: dict[str, Any],
) -> None:
    from localoffer.referrals.services import SubmissionConflict
    from localoffer.referrals.tests.helpers import a_safety_concern

    first = a_safety_concern(key="same")
    again = a_safety_concern(key="same")  # a double click: the same words
    assert again.pk == first.pk
    with pytest.raises(SubmissionConflict) as refused:
        a_safety_concern(key="same", concern="He said his dad hit him last night.")
    assert refused.value.existing.pk == first.pk
    first.refresh_from_db()
    assert first.answers["concern"] != "He said his dad hit him last night."
    assert Referral.objects.filter(route=Route.SAFETY_CONCERN).count() == 1


def test_the_safety_page_shows_new_words_again_to_send_when_the_key_was_used(
    client: Any, users: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    url = reverse("referrals:safety-concern")
    client.post(url, {**SAFETY, "contact_phone": "01634 000 000"})
    first = Referral.objects.get(route=Route.SAFETY_CONCERN)
    changed = {**SAFETY, "contact_phone": "01634 000 000", "concern": "He said his dad hit him last night."}
    response = client.post(url, changed)
    page = response.content.decode()
    assert response.status_code == 409
    assert f"The duty team already has this form as {first.reference}" in page
    assert "has not been sent" in page
    assert "He said his dad hit him last night." in page  # kept, to send
    key = re.search(r'name="submission_key" value="([^"]+)"', page)
    assert key is not None
    assert key.group(1) != SAFETY["submission_key"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {**changed, "submission_key": key.group(1)})
    second = Referral.objects.exclude(pk=first.pk).get(route=Route.SAFETY_CONCERN)
    assert second.answers["concern"] == "He said his dad hit him last night."


def test_the_sent_page_says_when_duty_will_look_by_its_opening_hours(users: dict[str, Any]) -> None:
    from zoneinfo import ZoneInfo

    from localoffer.referrals.notifications import safety_review_when
    from localoffer.teams.selectors import safeguarding_team

    london = ZoneInfo("Europe/London")
    team = safeguarding_team()
    saturday = dt.datetime(2026, 12, 5, 11, 0, tzinfo=london)
    assert safety_review_when(team=team, now=saturday) == "when the service opens, Monday 7 December at 9am"
    tuesday = dt.datetime(2026, 12, 8, 11, 0, tzinfo=london)
    assert (
        safety_review_when(team=team, now=tuesday)
        == "as soon as they can: the service is open now, until 5pm today"
    )


def test_the_safety_sent_page_keeps_999_and_the_duty_number(client: Any, users: dict[str, Any]) -> None:
    response = client.post(
        reverse("referrals:safety-concern"), {**SAFETY, "contact_phone": "01634 000 000"}, follow=True
    )
    page = response.content.decode()
    assert "call 999" in page
    assert "01634 334 466" in page
    assert "Opening hours" in page
    assert "Monday to Thursday: 9am to 5pm" in page
