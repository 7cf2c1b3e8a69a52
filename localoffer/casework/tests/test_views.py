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


def test_the_outcome_step_asks_what_the_places_priority_weighs_and_keeps_what_was_chosen(
    client: Any, users: Any
) -> None:
    worker = users[Role.SOCIAL_WORKER]
    _, assessment = an_accepted_referral(users)
    page = reverse("casework:assessment-step", kwargs={"assessment_id": assessment.id, "step": "outcome"})
    client.force_login(worker)
    posted = {
        "factors": ["6A"],
        "outcome": "support_plan",
        "recommended_support": "Nights",
        "need_level": "3",
    }
    body = client.post(page, posted).content.decode()
    assert 'class="govuk-error-summary"' in body
    assert 'href="#id_carer_strain_0"' in body
    assert 'href="#id_breakdown_risk_0"' in body
    assert 'id="id_carer_strain-error"' in body
    assert 'id="id_breakdown_risk-error"' in body
    assert "Select how the family is managing with caring" in body
    assert 'id="id_need_level_2" name="need_level" type="radio" value="3" checked>' in body  # kept
    assessment.refresh_from_db()
    assert assessment.need_level is None  # nothing saved until the step is right
    posted |= {"carer_strain": "high", "breakdown_risk": "significant"}
    assert client.post(page, posted).status_code == 302
    assessment.refresh_from_db()
    assert (assessment.need_level, assessment.carer_strain, assessment.breakdown_risk) == (
        3,
        "high",
        "significant",
    )
    summary = client.get(
        reverse("casework:assessment", kwargs={"assessment_id": assessment.id})
    ).content.decode()
    assert "High: the family may not be able to carry on" in summary


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


def _note_by(worker: Any, child: Any) -> Any:
    return services.case_note_add(
        child=child,
        by=worker,
        kind="visit",
        happened_on=dt.date(2026, 11, 30),
        summary="Saw Amara at home.",
        agreed="A sitter on Tuesdays",
    )


def _correction_post(**changes: str) -> dict[str, str]:
    return {
        "kind": "visit",
        "happened_on_day": "30",
        "happened_on_month": "11",
        "happened_on_year": "2026",
        "who": "",
        "summary": "Saw Amara at home.",
        "agreed": "A sitter on Thursdays",
        "reason": "The day was wrong",
        **changes,
    }


def test_a_corrected_note_shows_its_earlier_wording_and_the_chronology_says_it_was_corrected(
    client: Any, users: Any, child: Any
) -> None:
    worker = users[Role.SOCIAL_WORKER]
    note = _note_by(worker, child)
    client.force_login(worker)
    page = reverse("casework:note-correct", kwargs={"note_id": note.id})
    # An error keeps what was typed, shows it in the summary and by the field, and keeps it as a draft.
    refused = client.post(page, _correction_post(reason=""))
    body = refused.content.decode()
    assert "There is a problem" in body
    assert body.count("Say why you are correcting the note") == 2
    assert "A sitter on Thursdays" in body
    assert Draft.objects.get(user=worker, key=page).data["agreed"] == "A sitter on Thursdays"
    response = client.post(page, _correction_post())
    assert response["Location"] == reverse("casework:note", kwargs={"note_id": note.id})
    assert not Draft.objects.filter(user=worker, key=page).exists()
    history = client.get(response["Location"]).content.decode()
    assert "Corrected" in history
    assert history.index("A sitter on Thursdays") < history.index("A sitter on Tuesdays")
    assert "The day was wrong" in history
    record = client.get(reverse("people:child-detail", kwargs={"child_id": child.id}), {"kind": "note"})
    chronology = record.content.decode()[record.content.decode().index('id="chronology-entries"') :]
    assert f"Visit (corrected by {worker.get_full_name()}" in chronology


def test_refuses_a_correction_by_a_colleague_and_audits_it(client: Any, users: Any, child: Any) -> None:
    note = _note_by(users[Role.SOCIAL_WORKER], child)
    colleague: Any = UserFactory(role=Role.SOCIAL_WORKER, team=users[Role.SOCIAL_WORKER].team)
    client.force_login(colleague)
    assert client.get(reverse("casework:note", kwargs={"note_id": note.id})).status_code == 200
    page = reverse("casework:note-correct", kwargs={"note_id": note.id})
    assert client.post(page, _correction_post()).status_code == 403
    assert AuditEvent.objects.filter(
        action=Action.VIEW_DENIED, child_id=child.id, actor_id=colleague.pk, detail__contains="correct"
    ).exists()
    note.refresh_from_db()
    assert note.agreed == "A sitter on Tuesdays"


def _line_post(**changes: str) -> dict[str, str]:
    return {
        "outcome": "Mother sleeps",
        "support": "A night sitter twice a week",
        "funded": "on",
        "yearly_cost": "4,160",
        "justification": "The assessment found the night-time care need",
        "legal_basis": "",
        "legal_basis_reason": "",
        **changes,
    }


def test_a_draft_plans_support_is_changed_with_errors_that_keep_what_was_typed(
    client: Any, users: Any, child: Any
) -> None:
    from localoffer.casework.models import PlanType

    worker = users[Role.SOCIAL_WORKER]
    plan = services.plan_create(child=child, plan_type=PlanType.CIN, by=worker, team=worker.team)
    line = services.support_line_add(plan=plan, by=worker, outcome="Rest", support="A sitter")
    client.force_login(worker)
    page = reverse("casework:line-change", kwargs={"plan_id": plan.id, "line_id": line.id})
    assert "A sitter" in client.get(page).content.decode()
    body = client.post(page, _line_post(justification="")).content.decode()
    assert "There is a problem" in body
    assert body.count("Say how this funded support meets the need the assessment found") == 2
    assert "A night sitter twice a week" in body
    response = client.post(page, _line_post())
    assert response.status_code == 302
    line.refresh_from_db()
    assert (line.support, line.yearly_cost_pence) == ("A night sitter twice a week", 416_000)
    services.plan_authorise(plan=plan, by=users[Role.MANAGER])
    after = client.get(page, follow=True).content.decode()
    assert "change its support at its next review" in after
    assert 'id="change-at-review"' in after


def test_a_plans_first_support_is_offered_from_what_the_assessment_recommended(
    client: Any, users: Any
) -> None:
    worker, manager = users[Role.SOCIAL_WORKER], users[Role.MANAGER]
    _, assessment = an_accepted_referral(users)
    services.assessment_save(
        assessment=assessment,
        by=worker,
        child_needs="Needs help with personal care at night.",
        carer_needs="Mother is not sleeping.",
        factors=["6A"],
        outcome="support_plan",
        recommended_support="Overnight short breaks twice a month.",
        need_level=3,
        carer_strain="high",
        breakdown_risk="significant",
    )
    services.assessment_submit(assessment=assessment, by=worker)
    services.assessment_authorise(assessment=assessment, by=manager)
    plan = services.plan_create(child=assessment.child, plan_type="support", by=worker, team=worker.team)
    client.force_login(worker)
    page = reverse("casework:plan", kwargs={"plan_id": plan.id})
    body = client.get(page).content.decode()
    assert ">Overnight short breaks twice a month.</textarea>" in body
    services.support_line_add(plan=plan, by=worker, outcome="Rest", support="Overnight short breaks")
    assert ">Overnight short breaks twice a month.</textarea>" not in client.get(page).content.decode()
