from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from localoffer.core.roles import Role
from localoffer.directory.models import Service
from localoffer.messaging.models import Message, MessageStatus
from localoffer.people.models import Child
from localoffer.people.tests.factories import ChildFactory
from localoffer.referrals import services
from localoffer.referrals.models import DecisionKind, Referral, Route, Status
from localoffer.referrals.tests.helpers import ANSWERS, a_draft, a_safety_concern, a_submitted_referral

pytestmark = [pytest.mark.sqlite, pytest.mark.django_db]


@pytest.mark.parametrize(
    ("route", "team"),
    [
        (Route.SHORT_BREAKS_GRANT, "short-breaks-and-self-directed-support"),
        (Route.DISABILITY_TEAM, "0-to-25-disability-team"),
        (Route.EARLY_HELP, "strood-hub"),
        (Route.CARERS_ASSESSMENT, "0-to-25-disability-team"),
        (Route.SUPPORTED_LIVING, "0-to-25-disability-team"),
    ],
)
def test_each_route_lands_in_its_team_with_a_reference(users: dict[str, Any], route: str, team: str) -> None:
    referral = a_submitted_referral(user=users[Role.PARENT_CARER], route=route)
    assert referral.status == Status.SUBMITTED
    assert referral.team is not None
    assert referral.team.slug == team
    assert referral.reference
    assert referral.reference.startswith("MED-")
    assert referral.due_at is not None
    assert referral.submitted_at is not None
    assert referral.due_at > referral.submitted_at


def test_short_breaks_answers_are_kept_in_columns(users: dict[str, Any]) -> None:
    referral = a_submitted_referral(user=users[Role.PARENT_CARER])
    details = referral.short_breaks
    assert (details.dla_care_rate, details.dla_mobility_rate, details.payment_method) == (
        "middle",
        "lower",
        "prepaid_card",
    )
    assert details.receives_dla
    assert not details.is_renewal


def test_submitting_twice_creates_one_referral_and_one_acknowledgement(
    users: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    parent = users[Role.PARENT_CARER]
    draft = a_draft(user=parent)
    with django_capture_on_commit_callbacks(execute=True):
        first = services.referral_submit(referral=draft, by=parent)
    with django_capture_on_commit_callbacks(execute=True):
        again = services.referral_submit(referral=Referral.objects.get(pk=draft.pk), by=parent)
    assert first.reference == again.reference
    assert Referral.objects.filter(submitted_by=parent).count() == 1
    assert len(mail.outbox) == 1
    assert str(first.reference) in str(mail.outbox[0].body)


def test_refuses_to_send_an_incomplete_draft(users: dict[str, Any]) -> None:
    parent = users[Role.PARENT_CARER]
    draft = a_draft(user=parent, answers={"first_name": "Amara"})
    with pytest.raises(services.IncompleteReferral) as refused:
        services.referral_submit(referral=draft, by=parent)
    assert "child" in refused.value.missing
    assert "payment" in refused.value.missing
    assert Referral.objects.get(pk=draft.pk).status == Status.DRAFT


def test_starting_again_resumes_the_draft(users: dict[str, Any]) -> None:
    parent = users[Role.PARENT_CARER]
    draft = a_draft(user=parent, answers={"diagnosis": "Autism"})
    assert services.referral_draft_start(user=parent, route=Route.SHORT_BREAKS_GRANT).pk == draft.pk


def test_starting_again_after_sending_copies_nothing_silently(users: dict[str, Any]) -> None:
    parent = users[Role.PARENT_CARER]
    a_submitted_referral(user=parent)
    again = services.referral_draft_start(user=parent, route=Route.SHORT_BREAKS_GRANT)
    assert again.status == Status.DRAFT
    assert "diagnosis" not in again.answers
    assert services.referral_missing_steps(again)[0] == "child"


def test_a_professional_referral_needs_consent(users: dict[str, Any]) -> None:
    professional = users[Role.REFERRING_PROFESSIONAL]
    answers = {**ANSWERS[Route.DISABILITY_TEAM], "referrer_kind": "professional"}
    draft = a_draft(user=professional, route=Route.DISABILITY_TEAM, answers=answers)
    with pytest.raises(services.IncompleteReferral) as refused:
        services.referral_submit(referral=draft, by=professional)
    assert refused.value.missing == ["consent"]
    draft.answers["consent"] = "yes"
    draft.save()
    sent = services.referral_submit(referral=draft, by=professional)
    assert sent.consent_given is True


def test_status_changes_only_from_allowed_states(users: dict[str, Any]) -> None:
    sds = users[Role.SDS_COORDINATOR]
    referral = a_submitted_referral(user=users[Role.PARENT_CARER])
    services.referral_create_child(referral=referral, by=sds)  # a grant evaluation is for a child's record
    services.referral_record_outcome(referral=referral, outcome=Status.ACCEPTED, reason="", by=sds)
    with pytest.raises(services.StatusChangeNotAllowed):
        services.referral_status_change(referral=referral, status=Status.SUBMITTED, by=sds)
    with pytest.raises(services.StatusChangeNotAllowed):
        services.referral_record_outcome(
            referral=referral, outcome=Status.NO_FURTHER_ACTION, reason="x", by=sds
        )


def test_a_safety_concern_goes_to_duty_urgent_once_and_alerts_duty(
    users: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        first = a_safety_concern(key="abc")
    with django_capture_on_commit_callbacks(execute=True):
        again = a_safety_concern(key="abc")
    assert first.pk == again.pk
    assert first.urgent
    assert first.status == Status.SUBMITTED
    assert first.team is not None
    assert first.team.slug == "childrens-advice-and-duty-service"
    assert first.consent_given is False
    assert "more risk" in first.no_consent_reason
    alerts = [m for m in mail.outbox if m.to == ["duty@localhost"]]
    assert len(alerts) == 1
    assert "URGENT" in alerts[0].subject
    # Due the same day.
    assert first.due_at is not None
    assert first.submitted_at is not None
    assert first.due_at - first.submitted_at < dt.timedelta(days=1)


def test_match_needs_a_worker_and_a_real_candidate(users: dict[str, Any]) -> None:
    sds = users[Role.SDS_COORDINATOR]
    known: Any = ChildFactory(first_name="Amara", last_name="Okafor", date_of_birth=dt.date(2015, 3, 27))
    stranger: Any = ChildFactory(first_name="Zed", last_name="Other")
    referral = a_submitted_referral(user=users[Role.PARENT_CARER])
    assert referral.child is None  # never matched silently
    assert services.referral_match_candidates(referral) == [known]
    with pytest.raises(ValidationError):
        services.referral_match_child(referral=referral, child=stranger, by=sds)
    services.referral_match_child(referral=referral, child=known, by=sds)
    assert referral.child == known
    assert referral.decisions.filter(kind=DecisionKind.MATCHED, by=sds).exists()


def test_create_child_when_nobody_matches(users: dict[str, Any]) -> None:
    referral = a_submitted_referral(user=users[Role.PARENT_CARER])
    services.referral_create_child(referral=referral, by=users[Role.SDS_COORDINATOR])
    assert Child.objects.get(pk=referral.child_id or uuid.uuid4()).last_name == "Okafor"
    with pytest.raises(ValidationError):
        services.referral_create_child(referral=referral, by=users[Role.SDS_COORDINATOR])


def test_assign_only_within_the_team(users: dict[str, Any]) -> None:
    referral = a_submitted_referral(user=users[Role.PARENT_CARER])
    with pytest.raises(ValidationError):
        services.referral_assign(
            referral=referral, worker=users[Role.SOCIAL_WORKER], by=users[Role.SDS_COORDINATOR]
        )
    services.referral_assign(
        referral=referral, worker=users[Role.SDS_COORDINATOR], by=users[Role.SDS_COORDINATOR]
    )
    assert referral.status == Status.IN_TRIAGE
    assert referral.assigned_to == users[Role.SDS_COORDINATOR]


def test_outcomes_need_their_reasons_and_tell_the_family(
    users: dict[str, Any], offer: None, django_capture_on_commit_callbacks: Any
) -> None:
    sds = users[Role.SDS_COORDINATOR]
    referral = a_submitted_referral(user=users[Role.PARENT_CARER])
    with pytest.raises(ValidationError):
        services.referral_record_outcome(
            referral=referral, outcome=Status.NO_FURTHER_ACTION, reason=" ", by=sds
        )
    with pytest.raises(ValidationError):
        services.referral_record_outcome(referral=referral, outcome=Status.SIGNPOSTED, reason="", by=sds)
    service = Service.objects.filter(status="active").earliest("name")
    with django_capture_on_commit_callbacks(execute=True):
        services.referral_record_outcome(
            referral=referral, outcome=Status.SIGNPOSTED, reason="Try this first.", services=[service], by=sds
        )
    assert referral.status == Status.SIGNPOSTED
    assert referral.decided_at is not None
    decision = referral.decisions.get(kind=DecisionKind.SIGNPOSTED)
    assert decision.by == sds
    assert service.name in decision.reason
    update = mail.outbox[-1]
    assert update.to == ["parent@example.com"]
    assert service.name in update.body


def test_a_message_that_fails_is_retried_then_recorded(
    users: dict[str, Any], monkeypatch: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from django.core.mail import EmailMessage

    calls = []

    def failing_send(self: Any, fail_silently: bool = False) -> int:
        calls.append(1)
        raise ConnectionError("Notify is down")

    monkeypatch.setattr(EmailMessage, "send", failing_send)
    with django_capture_on_commit_callbacks(execute=True):
        a_submitted_referral(user=users[Role.PARENT_CARER])
    message = Message.objects.get()
    assert message.status == MessageStatus.FAILED
    assert message.attempts == len(calls) == 5
    assert "Notify is down" in message.last_error


def test_choosing_a_child_on_record_fills_in_their_details_but_the_page_is_still_shown(
    users: dict[str, Any], child: Any
) -> None:
    parent = users[Role.PARENT_CARER]
    draft = services.referral_draft_start(user=parent, route=Route.CARERS_ASSESSMENT)
    services.referral_draft_choose_child(referral=draft, child=child, by=parent)
    assert draft.answers["first_name"] == child.first_name
    assert draft.answers["date_of_birth"] == child.date_of_birth.isoformat()
    assert services.referral_missing_steps(draft)[0] == "child"  # still to check, on its page


def test_other_apps_hear_of_an_outcome_inside_its_transaction(users: dict[str, Any]) -> None:
    from localoffer.referrals.signals import outcome_recorded

    heard: list[tuple[str, str]] = []

    def receiver(sender: Any, referral: Referral, outcome: str, by: Any, **kwargs: Any) -> None:
        heard.append((referral.route, outcome))
        if referral.route == Route.DISABILITY_TEAM:
            raise RuntimeError("the receiver failed")

    outcome_recorded.connect(receiver)
    try:
        grant = a_submitted_referral(user=users[Role.PARENT_CARER])
        services.referral_create_child(referral=grant, by=users[Role.SDS_COORDINATOR])
        services.referral_record_outcome(
            referral=grant, outcome=Status.ACCEPTED, reason="", by=users[Role.SDS_COORDINATOR]
        )
        other = a_submitted_referral(user=users[Role.PARENT_CARER], route=Route.DISABILITY_TEAM)
        services.referral_create_child(referral=other, by=users[Role.SOCIAL_WORKER])
        with pytest.raises(RuntimeError):
            services.referral_record_outcome(
                referral=other, outcome=Status.ACCEPTED, reason="", by=users[Role.SOCIAL_WORKER]
            )
    finally:
        outcome_recorded.disconnect(receiver)
    assert heard == [(Route.SHORT_BREAKS_GRANT, Status.ACCEPTED), (Route.DISABILITY_TEAM, Status.ACCEPTED)]
    assert Referral.objects.get(pk=other.pk).status == Status.SUBMITTED  # undone with the receiver's failure
