from __future__ import annotations

from typing import Any

from localoffer.casework.models import Assessment
from localoffer.core.roles import Role
from localoffer.referrals.models import Route, Status
from localoffer.referrals.services import referral_create_child, referral_record_outcome
from localoffer.referrals.tests.helpers import a_submitted_referral


def an_accepted_referral(users: dict[str, Any]) -> tuple[Any, Assessment]:
    """A 0 to 25 disability team referral, with a new record made from it, accepted by the team's social worker."""
    worker = users[Role.SOCIAL_WORKER]
    referral = a_submitted_referral(user=users[Role.PARENT_CARER], route=Route.DISABILITY_TEAM)
    referral = referral_create_child(referral=referral, by=worker)
    referral_record_outcome(referral=referral, outcome=Status.ACCEPTED, reason="", by=worker)
    return referral, Assessment.objects.get(referral=referral)


def an_authorised_plan_and_a_plan_at_panel(users: dict[str, Any], child: Any) -> tuple[Any, Any]:
    """A CIN plan authorised by the manager (its first review due), and a support plan with a funded overnight
    line put to panel, both by the team's social worker: the plan and the panel case."""
    import datetime as dt

    from localoffer.casework import services
    from localoffer.casework.models import PlanType

    worker, manager = users[Role.SOCIAL_WORKER], users[Role.MANAGER]
    plan = services.plan_create(child=child, plan_type=PlanType.CIN, by=worker, team=worker.team)
    services.support_line_add(plan=plan, by=worker, outcome="Friends", support="Youth club")
    services.plan_authorise(plan=plan, by=manager, starts_on=dt.date(2026, 1, 5))
    other = services.plan_create(child=child, plan_type=PlanType.SUPPORT, by=worker, team=worker.team)
    services.support_line_add(
        plan=other,
        by=worker,
        outcome="Rest",
        support="Overnight breaks",
        funded=True,
        yearly_cost_pence=100_000,
        justification="Night-time care need",
        overnight=True,
        legal_basis="s17",
        legal_basis_reason="At home",
    )
    case = services.plan_to_panel(plan=other, by=worker, asking_for="Overnight breaks")
    return plan, case


def casework_context(users: dict[str, Any], child: Any) -> dict[str, Any]:
    """For the access matrix: an assessment, an authorised plan with its first review, a plan put to a panel,
    about the fixture child, a draft carer's plan and a case note by the social worker, and a section 47 enquiry about another child (with whom the 0 to 25 disability team is working)."""
    import datetime as dt

    from localoffer.casework import services
    from localoffer.casework.models import PlanType

    worker, manager = users[Role.SOCIAL_WORKER], users[Role.MANAGER]
    assessment = services.assessment_open(child=child, team=worker.team, by=worker)
    plan, case = an_authorised_plan_and_a_plan_at_panel(users, child)
    panel = services.panel_create(team=manager.team, meets_on=dt.date(2026, 12, 14), by=manager)
    draft = services.plan_create(child=child, plan_type=PlanType.CARER, by=worker, team=worker.team)
    draft_line = services.support_line_add(plan=draft, by=worker, outcome="Rest", support="A sitter")
    note = services.case_note_add(
        child=child, by=worker, kind="visit", happened_on=dt.date(2026, 11, 30), summary="A home visit"
    )
    from localoffer.people.tests.factories import ChildFactory

    # Another child: starting the enquiry involves duty's team with that child.
    enquiry = services.section47_start(
        child=ChildFactory.create(), by=users[Role.DUTY_WORKER], started_on=dt.date(2026, 12, 1)
    )
    return {
        "assessment": assessment,
        "plan": plan,
        "review": plan.reviews.get(),
        "panel": panel,
        "panel_case": case,
        "enquiry": enquiry,
        "draft_plan": draft,
        "draft_line": draft_line,
        "note": note,
    }
