"""Grant records for tests elsewhere (the access matrix) and here: a published policy, cases, a payment
run and a published statement, for a child the short breaks team works with."""

from __future__ import annotations

import datetime as dt
from typing import Any

from localoffer.grants.models import GrantCase
from localoffer.grants.services import (
    EvaluationAnswers,
    case_create,
    case_decide,
    case_evaluate,
    current_policy,
    payment_run_create,
)

ANSWERS = EvaluationAnswers(
    has_diagnosis=True,
    dla_rate="middle",
    lives_in_medway=True,
    primary_need="autism",
    impact="moderate",
    breakdown_risk="minimal",
    carer_needs="Time with their other children at weekends.",
    how_it_helps="Saturday sessions at a holiday club.",
    payment_method="prepaid_card",
)


def with_short_breaks_team(child: Any) -> None:
    from localoffer.people.services import involvement_start
    from localoffer.teams.models import Team

    team = Team.objects.get(slug="short-breaks-and-self-directed-support")
    if not child.involvements.filter(team=team).exists():
        involvement_start(child=child, team=team, started_on=dt.date(2024, 1, 8))


def published_policy() -> Any:
    """The published policy the grant's records need: tests load the council's with the `policy` fixture."""
    policy = current_policy()
    assert policy is not None, "No published policy: the test must ask for the `policy` fixture."
    return policy


def an_evaluated_case(child: Any, *, by: Any = None, answers: EvaluationAnswers = ANSWERS) -> GrantCase:
    published_policy()
    with_short_breaks_team(child)
    case = case_create(child=child)
    return case_evaluate(case=case, answers=answers, chosen_level=None, change_reason="", by=by)


def an_approved_case(child: Any, *, by: Any = None) -> GrantCase:
    return case_decide(case=an_evaluated_case(child, by=by), approve=True, reasons="", signposts="", by=by)


def grants_context(users: dict[str, Any]) -> dict[str, Any]:
    """Everything the access matrix needs for the grant's pages."""
    from localoffer.grants.models import PolicyStatus, PolicyVersion
    from localoffer.grants.statement import statement_draft_create, statement_publish
    from localoffer.people.models import Relationship
    from localoffer.people.services import family_link_create
    from localoffer.people.tests.factories import ChildFactory

    published_policy()
    # A child of their own (the fixture child's other pages must not change): the same parent's, aged 11,
    # worked with by the short breaks team only.
    applicant: Any = ChildFactory(date_of_birth=dt.date(2015, 3, 27))
    family_link_create(child=applicant, user=users["parent_carer"], relationship=Relationship.PARENT)
    decided = an_approved_case(applicant)
    awaiting = case_create(child=applicant)
    run = payment_run_create(by=users["sds_coordinator"])
    from localoffer.grants.models import Renewal

    renewal = Renewal.objects.create(award=decided.award, mode="review", invited_on=dt.date(2026, 11, 1))
    published = statement_publish(statement=statement_draft_create(by=None), by=None)
    return {
        "awaiting_case": awaiting,
        "decided_case": decided,
        "payment_run": run,
        "renewal": renewal,
        "statement": published,
        "draft_policy": PolicyVersion.objects.filter(status=PolicyStatus.DRAFT).first(),
    }
