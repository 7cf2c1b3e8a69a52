"""The pages, through the test client: nothing typed is lost to a time-out, drafts come back, every read of a
child's casework is audited, and the record's chronology lists everything in date order with filters."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from localoffer.accounts.tests.factories import TEST_PASSWORD, UserFactory
from localoffer.audit.models import Action, AuditEvent
from localoffer.casework import services
from localoffer.casework.models import Draft
from localoffer.casework.tests.helpers import an_accepted_referral
from localoffer.core.roles import Role

pytestmark = pytest.mark.django_db


def test_a_session_that_times_out_mid_assessment_loses_nothing(client: Any, users: Any) -> None:
    worker = users[Role.SOCIAL_WORKER]
    _, assessment = an_accepted_referral(users)
    page = reverse("casework:assessment-step", kwargs={"assessment_id": assessment.id, "step": "needs"})
    client.force_login(worker)
    assert client.get(page).status_code == 200
    client.logout()  # the session times out while the worker is typing
    typed = "Needs two carers for every transfer; sleeps four hours a night."
    response = client.post(page, {"child_needs": typed, "carer_needs": "Exhausted", "family_needs": ""})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))
    assessment.refresh_from_db()
    assert typed not in assessment.child_needs  # not saved unseen...
    response = client.post(
        reverse("accounts:sign-in") + f"?next={page}",
        {"username": worker.username, "password": TEST_PASSWORD},
    )
    assert response.status_code == 302
    again = client.get(page)
    assert typed in again.content.decode()  # ...but offered back, on the same page, to check and save
    assert "We kept what you were typing" in again.content.decode()
    home = client.get(reverse("casework:my-work")).content.decode()
    assert "What you were typing when you were signed out" in home


def test_a_step_with_an_error_is_kept_as_a_draft_and_offered_at_the_next_sign_in(
    client: Any, users: Any
) -> None:
    worker = users[Role.SOCIAL_WORKER]
    _, assessment = an_accepted_referral(users)
    page = reverse("casework:note-new", kwargs={"child_id": assessment.child_id})
    client.force_login(worker)
    response = client.post(page, {"kind": "visit", "summary": "Saw Amara at home; mother tired."})
    assert "Enter when it happened" in response.content.decode()
    assert Draft.objects.get(user=worker, key=page).data["summary"] == "Saw Amara at home; mother tired."
    client.logout()
    signed_in = client.post(
        reverse("accounts:sign-in"), {"username": worker.username, "password": TEST_PASSWORD}, follow=True
    )
    assert "We kept something you were typing" in signed_in.content.decode()
    assert "Saw Amara at home; mother tired." in client.get(page).content.decode()


def test_autosave_keeps_what_is_typed_for_the_person_only(client: Any, users: Any) -> None:
    worker = users[Role.SOCIAL_WORKER]
    client.force_login(worker)
    response = client.post(
        reverse("casework:autosave"),
        {
            "draft_key": "/casework/x/",
            "draft_url": "/casework/x/",
            "draft_title": "A note",
            "summary": "half a sen",
        },
    )
    assert response.status_code == 200
    assert response.json()["saved"]
    assert Draft.objects.get(user=worker).data == {"summary": "half a sen"}
    refused = client.post(
        reverse("casework:autosave"), {"draft_key": "k", "draft_url": "https://elsewhere.example/"}
    )
    assert refused.status_code == 400


def test_every_read_of_a_childs_casework_is_audited_and_other_teams_are_refused(
    client: Any, users: Any
) -> None:
    _, assessment = an_accepted_referral(users)
    page = reverse("casework:assessment", kwargs={"assessment_id": assessment.id})
    client.force_login(users[Role.SOCIAL_WORKER])
    assert client.get(page).status_code == 200
    assert AuditEvent.objects.filter(
        action=Action.VIEW, child_id=assessment.child_id, detail__startswith="assessment"
    ).exists()
    stranger: Any = UserFactory(role=Role.SOCIAL_WORKER, team=users[Role.SDS_COORDINATOR].team)
    client.force_login(stranger)
    assert client.get(page).status_code == 403
    assert AuditEvent.objects.filter(
        action=Action.VIEW_DENIED, child_id=assessment.child_id, actor_id=stranger.pk
    ).exists()


def test_the_record_shows_the_chronology_newest_first_and_filters_it(client: Any, users: Any) -> None:
    worker = users[Role.SOCIAL_WORKER]
    referral, assessment = an_accepted_referral(users)
    child = assessment.child
    services.case_note_add(
        child=child, by=worker, kind="visit", happened_on=dt.date(2030, 1, 2), summary="Home visit"
    )
    services.case_note_add(
        child=child, by=worker, kind="phone", happened_on=dt.date(2029, 6, 1), summary="Called school"
    )
    client.force_login(worker)
    record = reverse("people:child-detail", kwargs={"child_id": child.id})
    page = client.get(record).content.decode()
    chronology = page[page.index('id="chronology-entries"') :]
    assert chronology.index("Home visit") < chronology.index("Called school") < chronology.index("started")
    assert str(referral.reference) in chronology
    only_notes = client.get(record, {"kind": "note"}).content.decode()
    entries = only_notes[only_notes.index('id="chronology-entries"') :]
    assert "Home visit" in entries
    assert str(referral.reference) not in entries


def test_characteristics_keep_what_was_chosen_when_refused(client: Any, users: Any, child: Any) -> None:
    client.force_login(users[Role.SOCIAL_WORKER])
    page = reverse("people:child-edit", kwargs={"child_id": child.id})
    response = client.post(
        page,
        {"sex": "F", "ethnicity": "WBRI", "disabilities": ["NONE", "AUT"], "main_need": "N2", "upn": "12"},
    )
    body = response.content.decode()
    assert "Choose &#x27;No disability&#x27; on its own" in body
    assert "Enter a UPN as a letter" in body
    assert 'value="AUT" checked' in body
    client.post(
        page,
        {
            "sex": "F",
            "ethnicity": "WBRI",
            "disabilities": ["AUT", "COMM"],
            "main_need": "N2",
            "upn": "a123456789012",
        },
    )
    child.refresh_from_db()
    assert child.disabilities == ["AUT", "COMM"]
    assert child.upn == "A123456789012"
