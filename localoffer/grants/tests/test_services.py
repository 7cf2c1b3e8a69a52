from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from localoffer.core.roles import Role
from localoffer.grants.models import (
    Award,
    CaseStatus,
    PaymentConfirmation,
    PaymentInstruction,
    PolicyStatus,
    PolicyVersion,
)
from localoffer.grants.services import (
    AlreadyPaid,
    ReturnFileRejected,
    TransitionNotAllowed,
    case_decide,
    case_evaluate,
    payment_instruction_create,
    payment_return_import,
    payment_run_create,
    payment_run_csv,
    policy_draft_create,
    policy_publish,
    policy_update,
)
from localoffer.grants.tests.helpers import ANSWERS, an_approved_case, an_evaluated_case
from localoffer.people.tests.factories import ChildFactory

# Every grant record stands on a published policy: Medway's, loaded by the `policy` fixture.
pytestmark = [pytest.mark.sqlite, pytest.mark.usefixtures("policy")]


@pytest.fixture
def applicant(users: dict[str, Any]) -> Any:
    from localoffer.people.models import Relationship
    from localoffer.people.services import family_link_create

    child: Any = ChildFactory(date_of_birth=dt.date(2015, 3, 27))
    parent = users[Role.PARENT_CARER]
    parent.email = "parent@example.com"
    parent.save(update_fields=["email"])
    family_link_create(child=child, user=users[Role.PARENT_CARER], relationship=Relationship.PARENT)
    return child


def test_medway_policy_has_the_strategys_levels(policy: Any) -> None:
    assert policy.status == PolicyStatus.PUBLISHED
    assert [(level.number, level.amount_pence) for level in policy.ordered_levels()] == [
        (1, 50_000),
        (2, 75_000),
        (3, 100_000),
    ]
    assert {item["examples"] for item in policy.exclusions} >= {"A washing machine"}


def test_publishing_supersedes_the_previous_version_and_a_published_one_never_changes(
    policy: Any, users: dict[str, Any]
) -> None:
    manager = users[Role.MANAGER]
    draft = policy_draft_create(from_policy=policy, by=manager)
    draft = policy_update(policy=draft, fields={"effective_from": dt.date(2027, 4, 1)}, levels={}, by=manager)
    policy_publish(policy=draft, by=manager)
    policy.refresh_from_db()
    assert policy.status == PolicyStatus.SUPERSEDED
    assert policy.effective_to == dt.date(2027, 3, 31)
    with pytest.raises(TransitionNotAllowed):
        policy_update(policy=draft, fields={"title": "Changed after"}, levels={}, by=manager)
    with pytest.raises(TransitionNotAllowed):
        policy_publish(policy=draft, by=manager)
    assert PolicyVersion.objects.filter(status=PolicyStatus.PUBLISHED).count() == 1


def test_evaluation_recommends_a_level_with_reasons(applicant: Any, users: dict[str, Any]) -> None:
    case = an_evaluated_case(applicant, by=users[Role.SDS_COORDINATOR])
    assert case.status == CaseStatus.EVALUATED
    assert (case.recommended_level, case.chosen_level) == (2, 2)
    assert "Moderate impact on the family points to Level 2." in case.recommendation_reasons


def test_coordinator_changes_the_level_only_with_a_reason(applicant: Any, users: dict[str, Any]) -> None:
    coordinator = users[Role.SDS_COORDINATOR]
    case = an_evaluated_case(applicant, by=coordinator)
    with pytest.raises(ValidationError) as refused:
        case_evaluate(case=case, answers=ANSWERS, chosen_level=3, change_reason=" ", by=coordinator)
    assert "change_reason" in refused.value.message_dict
    case = case_evaluate(
        case=case,
        answers=ANSWERS,
        chosen_level=3,
        change_reason="A sibling's illness adds pressure",
        by=coordinator,
    )
    assert (case.recommended_level, case.chosen_level) == (2, 3)


def test_approval_makes_an_award_and_one_payment_under_the_policy_version(
    applicant: Any, users: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        case = an_approved_case(applicant, by=users[Role.SDS_COORDINATOR])
    award = Award.objects.get(case=case)
    assert (award.level, award.amount_pence, award.policy_id) == (2, 75_000, case.policy_id)
    instruction = PaymentInstruction.objects.get(award=award)
    assert (instruction.amount_pence, instruction.method, instruction.policy_id) == (
        75_000,
        "prepaid_card",
        case.policy_id,
    )
    assert [message.to for message in mail.outbox] == [["parent@example.com"]]
    assert case.reference in mail.outbox[0].subject
    # Recorded with the decision (the family sees it among their messages, and a failure is retried).
    from localoffer.messaging.models import Message, MessageStatus
    from localoffer.messaging.services import messages_about

    recorded = list(messages_about(case))
    assert [(m.to, m.status) for m in recorded] == [("parent@example.com", MessageStatus.SENT)]
    assert Message.objects.count() == 1


def test_declining_needs_reasons_and_a_decided_case_cannot_be_decided_again(
    applicant: Any, users: dict[str, Any]
) -> None:
    coordinator = users[Role.SDS_COORDINATOR]
    case = an_evaluated_case(applicant, by=coordinator)
    with pytest.raises(ValidationError):
        case_decide(case=case, approve=False, reasons="", signposts="", by=coordinator)
    case_decide(case=case, approve=False, reasons="Needs are met by ROCC.", signposts="ROCC", by=coordinator)
    with pytest.raises(TransitionNotAllowed):
        case_decide(case=case, approve=True, reasons="", signposts="", by=coordinator)
    assert not Award.objects.filter(case=case).exists()


def test_an_award_cannot_be_paid_twice(applicant: Any, users: dict[str, Any]) -> None:
    case = an_approved_case(applicant)
    with pytest.raises(AlreadyPaid):
        payment_instruction_create(award=case.award, by=users[Role.MANAGER])
    assert PaymentInstruction.objects.filter(award=case.award).count() == 1


def test_ledger_rows_cannot_be_changed_or_deleted(applicant: Any) -> None:
    instruction = an_approved_case(applicant).award.payment
    instruction.amount_pence = 1
    with pytest.raises(PermissionError):
        instruction.save()
    with pytest.raises(PermissionError):
        instruction.delete()


def _paid_run(applicant: Any, users: dict[str, Any]) -> tuple[Any, Any]:
    case = an_approved_case(applicant)
    run = payment_run_create(by=users[Role.MANAGER])
    return case.award.payment, run


def test_payment_run_file_has_a_control_total(applicant: Any, users: dict[str, Any]) -> None:
    instruction, run = _paid_run(applicant, users)
    lines = payment_run_csv(run=run).splitlines()
    assert lines[0] == "reference,amount_pence,method,budget_year,policy_version,award_id"
    assert lines[1].startswith(f"{instruction.reference},75000,prepaid_card,")
    assert lines[-1] == "CONTROL,75000,1,,,"
    with pytest.raises(ValidationError):
        payment_run_create(by=users[Role.MANAGER])  # nothing left waiting


def test_return_file_marks_paid(applicant: Any, users: dict[str, Any]) -> None:
    instruction, _ = _paid_run(applicant, users)
    text = (
        f"reference,amount_pence,paid_on,finance_reference\n{instruction.reference},75000,2026-12-01,FIN-1\n"
    )
    assert payment_return_import(text=text, by=users[Role.MANAGER]) == 1
    assert PaymentConfirmation.objects.get(instruction=instruction).paid_on == dt.date(2026, 12, 1)


def test_a_bad_return_file_applies_nothing_and_says_which_lines(
    applicant: Any, users: dict[str, Any]
) -> None:
    instruction, _ = _paid_run(applicant, users)
    text = (
        "reference,amount_pence,paid_on,finance_reference\n"
        f"{instruction.reference},75000,2026-12-01,FIN-1\n"
        "PAY-NOSUCH,500,2026-12-01,FIN-2\n"
        f"{instruction.reference},75000,1/12/2026,FIN-3\n"
    )
    with pytest.raises(ReturnFileRejected) as refused:
        payment_return_import(text=text, by=users[Role.MANAGER])
    assert refused.value.messages == [
        "Line 3: no payment has the reference 'PAY-NOSUCH'.",
        f"Line 4: {instruction.reference} appears more than once in the file.",
    ]
    assert not PaymentConfirmation.objects.exists()


def test_return_file_refuses_wrong_amounts_and_payments_not_sent(
    applicant: Any, users: dict[str, Any]
) -> None:
    case = an_approved_case(applicant)
    reference = case.award.payment.reference
    text = f"reference,amount_pence,paid_on,finance_reference\n{reference},70000,2026-12-01,FIN-1\n"
    with pytest.raises(ReturnFileRejected) as refused:
        payment_return_import(text=text, by=users[Role.MANAGER])
    assert refused.value.messages == [
        f"Line 2: {reference} has not been sent in a payment run.",
        f"Line 2: {reference} is for 75000 pence, not '70000'.",
    ]
