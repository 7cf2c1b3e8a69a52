from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from localoffer.casework import services
from localoffer.casework.models import (
    AssessmentOutcome,
    AssessmentStatus,
    LegalBasis,
    PanelOutcome,
    PlanStatus,
    PlanType,
    ReviewStatus,
)
from localoffer.casework.schedule import MEDWAY_SUPPORT_PLAN, SECTION_20_SHORT_BREAKS, DueState, due_state
from localoffer.casework.tests.helpers import an_accepted_referral
from localoffer.core.roles import Role
from localoffer.core.working_days import working_days_between

pytestmark = pytest.mark.django_db


def _complete(assessment: Any, worker: Any) -> Any:
    return services.assessment_save(
        assessment=assessment,
        by=worker,
        child_needs="Needs help with personal care at night.",
        carer_needs="Mother is not sleeping.",
        family_needs="",
        factors=["6A"],
        outcome=AssessmentOutcome.SUPPORT_PLAN,
        recommended_support="Overnight short breaks twice a month.",
        need_level=3,
        carer_strain="high",
        breakdown_risk="significant",
    )


def test_accepting_a_referral_opens_an_assessment_on_the_45_working_day_clock_and_links_to_it(
    users: Any,
) -> None:
    referral, assessment = an_accepted_referral(users)
    assert assessment.status == AssessmentStatus.IN_PROGRESS
    assert working_days_between(assessment.started_on, assessment.due_on) == 45
    assert assessment.worker == users[Role.SOCIAL_WORKER]
    opened = [item.url_name for item in referral.opened.all()]
    assert "casework:assessment" in opened
    # What the referral said is offered, not asked again.
    assert assessment.child_needs
    assert assessment.episode is not None
    assert assessment.episode.referral_date == referral.submitted_at.date()


def test_refuses_a_second_open_child_and_family_assessment(users: Any) -> None:
    _, assessment = an_accepted_referral(users)
    with pytest.raises(ValidationError, match="already has a child and family assessment open"):
        services.assessment_open(child=assessment.child, team=assessment.team, by=users[Role.SOCIAL_WORKER])


def test_an_assessment_is_sent_only_when_complete_and_authorised_only_by_the_team_manager(users: Any) -> None:
    worker, manager = users[Role.SOCIAL_WORKER], users[Role.MANAGER]
    _, assessment = an_accepted_referral(users)
    services.assessment_save(assessment=assessment, by=worker, child_needs="", factors=[])
    with pytest.raises(ValidationError) as refused:
        services.assessment_submit(assessment=assessment, by=worker)
    assert "Describe the child's needs" in refused.value.messages
    assert "Choose the outcome of the assessment" in refused.value.messages
    _complete(assessment, worker)
    services.assessment_submit(assessment=assessment, by=worker)
    with pytest.raises(PermissionDenied):
        services.assessment_authorise(assessment=assessment, by=worker)
    done = services.assessment_authorise(assessment=assessment, by=manager)
    assert done.status == AssessmentStatus.AUTHORISED
    assert done.authorised_by == manager


def test_refuses_to_send_a_child_and_family_assessment_without_what_the_places_priority_weighs(
    users: Any,
) -> None:
    worker = users[Role.SOCIAL_WORKER]
    _, assessment = an_accepted_referral(users)
    _complete(assessment, worker)
    services.assessment_save(
        assessment=assessment, by=worker, need_level=None, carer_strain="", breakdown_risk=""
    )
    with pytest.raises(ValidationError) as refused:
        services.assessment_submit(assessment=assessment, by=worker)
    assert refused.value.messages == [
        "Select the child's level of need",
        "Select how the family is managing with caring",
        "Select the risk of the family breaking down",
    ]
    services.assessment_save(
        assessment=assessment, by=worker, need_level=2, carer_strain="moderate", breakdown_risk="possible"
    )
    sent = services.assessment_submit(assessment=assessment, by=worker)
    assert (sent.status, sent.need_level, sent.carer_strain, sent.breakdown_risk) == (
        AssessmentStatus.AWAITING_AUTHORISATION,
        2,
        "moderate",
        "possible",
    )


def test_refuses_no_factors_identified_with_other_factors(users: Any) -> None:
    worker = users[Role.SOCIAL_WORKER]
    _, assessment = an_accepted_referral(users)
    _complete(assessment, worker)
    services.assessment_save(assessment=assessment, by=worker, factors=["21", "6A"])
    with pytest.raises(ValidationError, match="No factors identified"):
        services.assessment_submit(assessment=assessment, by=worker)


def _authorised(users: Any) -> Any:
    worker, manager = users[Role.SOCIAL_WORKER], users[Role.MANAGER]
    _, assessment = an_accepted_referral(users)
    _complete(assessment, worker)
    services.assessment_submit(assessment=assessment, by=worker)
    return services.assessment_authorise(assessment=assessment, by=manager)


def test_a_plan_is_not_authorised_while_a_funded_line_lacks_its_justification(users: Any) -> None:
    worker, manager = users[Role.SOCIAL_WORKER], users[Role.MANAGER]
    assessment = _authorised(users)
    plan = services.plan_create(child=assessment.child, plan_type=PlanType.CIN, by=worker, team=worker.team)
    assert plan.assessment == assessment
    with pytest.raises(ValidationError, match="meets the need"):
        services.support_line_add(
            plan=plan, by=worker, outcome="Sleeps", support="Sitter", funded=True, yearly_cost_pence=100_000
        )
    services.support_line_add(plan=plan, by=worker, outcome="Friends", support="Youth club")
    plan.lines.update(funded=True)  # a funded line without its justification, however it got there
    with pytest.raises(ValidationError, match="say how this funded support meets the assessed need"):
        services.plan_authorise(plan=plan, by=manager)
    plan.lines.update(justification="Meets the need for time with friends the assessment found")
    authorised = services.plan_authorise(plan=plan, by=manager, starts_on=dt.date(2026, 1, 5))
    assert authorised.status == PlanStatus.OPEN
    assert authorised.reviews.get().due_on == dt.date(2026, 5, 5)  # 4 months


def test_only_one_open_plan_of_a_type(users: Any) -> None:
    worker = users[Role.SOCIAL_WORKER]
    assessment = _authorised(users)
    services.plan_create(child=assessment.child, plan_type=PlanType.CIN, by=worker, team=worker.team)
    with pytest.raises(ValidationError, match="already has an open child in need plan"):
        services.plan_create(child=assessment.child, plan_type=PlanType.CIN, by=worker, team=worker.team)
    services.plan_create(child=assessment.child, plan_type=PlanType.CARER, by=worker, team=worker.team)


def test_overnight_breaks_record_their_legal_basis_and_go_to_panel_before_authorising(users: Any) -> None:
    worker, manager = users[Role.SOCIAL_WORKER], users[Role.MANAGER]
    assessment = _authorised(users)
    plan = services.plan_create(
        child=assessment.child, plan_type=PlanType.SUPPORT, by=worker, team=worker.team
    )
    with pytest.raises(ValidationError, match="legal basis"):
        services.support_line_add(
            plan=plan,
            by=worker,
            outcome="Rest",
            support="Parklands",
            funded=True,
            yearly_cost_pence=500_000,
            justification="Meets the night-time care need",
            overnight=True,
        )
    services.support_line_add(
        plan=plan,
        by=worker,
        outcome="Rest",
        support="Parklands, 2 nights a month",
        funded=True,
        yearly_cost_pence=500_000,
        justification="Meets the night-time care need",
        overnight=True,
        legal_basis=LegalBasis.SECTION_20_REG_48,
        legal_basis_reason="A planned series of short breaks",
    )
    with pytest.raises(ValidationError, match="panel"):
        services.plan_authorise(plan=plan, by=manager)
    case = services.plan_to_panel(plan=plan, by=worker, asking_for="Overnight breaks at Parklands")
    panel = services.panel_create(team=manager.team, meets_on=dt.date(2026, 12, 14), by=manager)
    assert list(panel.cases.all()) == [case]
    services.panel_decide(case=case, by=manager, outcome=PanelOutcome.APPROVED, reasons="Meets the need")
    authorised = services.plan_authorise(plan=plan, by=manager, starts_on=dt.date(2026, 1, 5))
    assert authorised.reviews.get().due_on == dt.date(2026, 4, 5)  # section 20: within 3 months


def test_review_schedules() -> None:
    start = dt.date(2026, 1, 31)
    assert [MEDWAY_SUPPORT_PLAN.due(start, n) for n in (1, 2, 3, 4)] == [
        dt.date(2026, 5, 31),
        dt.date(2026, 11, 30),
        dt.date(2027, 11, 30),
        dt.date(2028, 11, 30),
    ]
    assert [SECTION_20_SHORT_BREAKS.due(start, n) for n in (1, 2, 3)] == [
        dt.date(2026, 4, 30),
        dt.date(2026, 10, 31),
        dt.date(2027, 4, 30),
    ]


def test_due_nearly_due_and_overdue_count_working_days() -> None:
    due = dt.date(2026, 12, 29)  # after Christmas Day and Boxing Day (28 December is the substitute holiday)
    assert due_state(due, dt.date(2026, 12, 30)) == DueState.OVERDUE
    assert due_state(due, dt.date(2026, 12, 21)) == DueState.NEARLY_DUE
    assert due_state(due, dt.date(2026, 12, 14)) == DueState.ON_TRACK


def test_a_review_keeps_the_plan_before_and_after_and_schedules_the_next(users: Any) -> None:
    worker, manager = users[Role.SOCIAL_WORKER], users[Role.MANAGER]
    assessment = _authorised(users)
    plan = services.plan_create(child=assessment.child, plan_type=PlanType.CIN, by=worker, team=worker.team)
    line = services.support_line_add(
        plan=plan,
        by=worker,
        outcome="Friends",
        support="Youth club weekly",
        funded=True,
        yearly_cost_pence=120_000,
        justification="Isolation the assessment found",
    )
    services.plan_authorise(plan=plan, by=manager, starts_on=dt.date(2026, 1, 5))
    first = plan.reviews.get()
    held = services.review_hold(
        review=first,
        by=worker,
        held_on=dt.date(2026, 5, 1),
        summary="Going well; more sessions",
        changes={str(line.id): {"support": "Youth club twice a week", "yearly_cost_pence": 240_000}},
    )
    assert held.status == ReviewStatus.HELD
    rows = services.review_changes(held)
    assert rows[0]["before"]["yearly_cost_pence"] == 120_000
    assert rows[0]["after"]["yearly_cost_pence"] == 240_000
    assert "support" in rows[0]["changed"]
    second = held.next_review
    assert second.number == 2
    assert second.due_on == dt.date(2026, 11, 5)
    assert second.previous == held


def test_section_47_conference_target_is_15_working_days_and_never_a_weekend(users: Any) -> None:
    from localoffer.people.tests.factories import ChildFactory

    duty = users[Role.DUTY_WORKER]
    enquiry = services.section47_start(child=ChildFactory.create(), by=duty, started_on=dt.date(2026, 12, 21))
    assert enquiry.icpc_target == dt.date(2027, 1, 14)  # over Christmas, Boxing Day and New Year's Day
    with pytest.raises(ValidationError, match="weekend"):
        services.section47_conference(enquiry=enquiry, by=duty, icpc_on=dt.date(2027, 1, 9))


def test_a_child_protection_plan_ends_an_open_cin_plan_the_day_before(users: Any) -> None:
    worker, manager = users[Role.SOCIAL_WORKER], users[Role.MANAGER]
    assessment = _authorised(users)
    plan = services.plan_create(child=assessment.child, plan_type=PlanType.CIN, by=worker, team=worker.team)
    services.support_line_add(plan=plan, by=worker, outcome="Friends", support="Club")
    services.plan_authorise(plan=plan, by=manager, starts_on=dt.date(2026, 1, 5))
    services.cp_plan_start(child=assessment.child, by=manager, starts_on=dt.date(2026, 3, 2), category="NEG")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.CLOSED
    assert plan.ends_on == dt.date(2026, 3, 1)


# Correcting a case note -------------------------------------------------------------------------------------


def _a_note(users: Any, child: Any) -> Any:
    return services.case_note_add(
        child=child,
        by=users[Role.SOCIAL_WORKER],
        kind="visit",
        happened_on=dt.date(2026, 11, 30),
        who="Mother",
        summary="Saw Amara at home.",
        agreed="A sitter on Tuesdays",
    )


def _correction(**changes: Any) -> dict[str, Any]:
    return {
        "kind": "visit",
        "happened_on": dt.date(2026, 11, 30),
        "who": "Mother",
        "summary": "Saw Amara at home.",
        "agreed": "A sitter on Tuesdays",
        "reason": "Wrong day",
        **changes,
    }


def test_correcting_a_note_keeps_the_earlier_wording_with_who_when_and_why(users: Any, child: Any) -> None:
    from localoffer.casework.selectors import note_versions

    worker = users[Role.SOCIAL_WORKER]
    note = _a_note(users, child)
    corrected = services.case_note_correct(
        note=note, by=worker, **_correction(happened_on=dt.date(2026, 11, 27), agreed="A sitter on Thursdays")
    )
    assert corrected.happened_on == dt.date(2026, 11, 27)
    assert corrected.agreed == "A sitter on Thursdays"
    assert corrected.is_corrected
    assert corrected.corrected_by == worker
    earlier = corrected.corrections.get()
    assert (earlier.happened_on, earlier.agreed, earlier.reason) == (
        dt.date(2026, 11, 30),
        "A sitter on Tuesdays",
        "Wrong day",
    )
    services.case_note_correct(
        note=note,
        by=users[Role.MANAGER],
        **_correction(
            happened_on=dt.date(2026, 11, 27),
            agreed="A sitter on Thursdays",
            summary="Saw Amara and her mother.",
            reason="Who was seen",
        ),
    )
    note.refresh_from_db()
    versions = note_versions(note)
    assert [v.number for v in versions] == [3, 2, 1]
    assert versions[0].current
    assert versions[0].written_by == users[Role.MANAGER]
    assert versions[0].reason == "Who was seen"
    assert versions[0].summary == "Saw Amara and her mother."
    assert (versions[1].agreed, versions[1].written_by, versions[1].reason) == (
        "A sitter on Thursdays",
        worker,
        "Wrong day",
    )
    assert (versions[2].agreed, versions[2].written_by, versions[2].reason) == (
        "A sitter on Tuesdays",
        worker,
        "",
    )


def test_refuses_a_correction_by_someone_other_than_the_author_or_their_manager(
    users: Any, child: Any
) -> None:
    from localoffer.accounts.tests.factories import UserFactory

    note = _a_note(users, child)
    colleague: Any = UserFactory(role=Role.SOCIAL_WORKER, team=users[Role.SOCIAL_WORKER].team)
    other_manager: Any = UserFactory(role=Role.MANAGER, team=users[Role.SDS_COORDINATOR].team)
    for who in (colleague, other_manager):
        with pytest.raises(PermissionDenied):
            services.case_note_correct(note=note, by=who, **_correction(summary="Changed"))
    note.refresh_from_db()
    assert note.summary == "Saw Amara at home."
    assert not note.corrections.exists()


def test_refuses_a_correction_without_a_reason_or_without_a_change(users: Any, child: Any) -> None:
    note = _a_note(users, child)
    worker = users[Role.SOCIAL_WORKER]
    with pytest.raises(ValidationError, match="why you are correcting"):
        services.case_note_correct(note=note, by=worker, **_correction(summary="Changed", reason=" "))
    with pytest.raises(services.NothingChanged):
        services.case_note_correct(note=note, by=worker, **_correction())
    assert not note.corrections.exists()


# Changing a plan before it is authorised ----------------------------------------------------------------------


def _a_draft_plan(users: Any, child: Any, **line: Any) -> tuple[Any, Any]:
    worker = users[Role.SOCIAL_WORKER]
    plan = services.plan_create(child=child, plan_type=PlanType.SUPPORT, by=worker, team=worker.team)
    values = {"outcome": "Rest for mother", "support": "A sitter", **line}
    return plan, services.support_line_add(plan=plan, by=worker, **values)


def test_a_draft_plans_support_and_justification_can_be_changed(users: Any, child: Any) -> None:
    plan, line = _a_draft_plan(users, child)
    changed = services.support_line_change(
        line=line,
        by=users[Role.SOCIAL_WORKER],
        outcome="Mother sleeps",
        support="A night sitter",
        funded=True,
        yearly_cost_pence=416_000,
        justification="The assessment found the night-time care need",
    )
    assert (changed.outcome, changed.yearly_cost_pence) == ("Mother sleeps", 416_000)
    assert services.plan_problems(plan) == []


def test_refuses_a_funded_change_without_its_justification(users: Any, child: Any) -> None:
    _, line = _a_draft_plan(users, child)
    with pytest.raises(ValidationError, match="meets the need"):
        services.support_line_change(
            line=line,
            by=users[Role.SOCIAL_WORKER],
            outcome="x",
            support="y",
            funded=True,
            yearly_cost_pence=100,
        )
    line.refresh_from_db()
    assert (line.outcome, line.funded) == ("Rest for mother", False)


def test_refuses_to_change_an_authorised_plan_or_one_waiting_for_panel_outside_a_review(
    users: Any, child: Any
) -> None:
    worker = users[Role.SOCIAL_WORKER]
    plan, line = _a_draft_plan(users, child)
    services.plan_authorise(plan=plan, by=users[Role.MANAGER])
    with pytest.raises(ValidationError, match="change its support at its review"):
        services.support_line_change(line=line, by=worker, outcome="x", support="y")
    with pytest.raises(ValidationError, match="at its review"):
        services.support_line_remove(line=line, by=worker)
    with pytest.raises(ValidationError, match="at its review"):
        services.support_line_add(plan=plan, by=worker, outcome="x", support="y")
    overnight: dict[str, Any] = {
        "funded": True,
        "yearly_cost_pence": 900_000,
        "justification": "Rest",
        "overnight": True,
        "legal_basis": LegalBasis.SECTION_17,
        "legal_basis_reason": "At home",
    }
    cin = services.plan_create(child=child, plan_type=PlanType.CIN, by=worker, team=worker.team)
    waiting_line = services.support_line_add(
        plan=cin, by=worker, outcome="Rest", support="Nights", **overnight
    )
    services.plan_to_panel(plan=cin, by=worker, asking_for="Nights")
    with pytest.raises(ValidationError, match="waiting for the panel"):
        services.support_line_change(line=waiting_line, by=worker, outcome="x", support="y")


def test_a_plan_the_panel_sent_back_can_be_changed_and_a_change_after_approval_goes_to_panel_again(
    users: Any, child: Any
) -> None:
    worker, manager = users[Role.SOCIAL_WORKER], users[Role.MANAGER]
    plan, line = _a_draft_plan(
        users,
        child,
        funded=True,
        yearly_cost_pence=900_000,
        justification="Rest",
        overnight=True,
        legal_basis=LegalBasis.SECTION_17,
        legal_basis_reason="At home",
    )
    case = services.plan_to_panel(plan=plan, by=worker, asking_for="Nights")
    services.panel_decide(case=case, by=manager, outcome=PanelOutcome.DECLINED, reasons="Too many nights")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
    sent_back = services.plan_panel_sent_back(plan)
    assert sent_back is not None
    assert sent_back.reasons == "Too many nights"
    services.support_line_change(
        line=line,
        by=worker,
        outcome="Rest",
        support="Fewer nights",
        funded=True,
        yearly_cost_pence=600_000,
        justification="Rest",
        overnight=True,
        legal_basis=LegalBasis.SECTION_17,
        legal_basis_reason="At home",
    )
    case = services.plan_to_panel(plan=plan, by=worker, asking_for="Fewer nights")
    services.panel_decide(case=case, by=manager, outcome=PanelOutcome.APPROVED, reasons="Fine")
    plan.refresh_from_db()
    assert services.plan_panel_sent_back(plan) is None
    assert services.plan_panel_approval(plan) is not None
    services.support_line_change(
        line=line,
        by=worker,
        outcome="Rest",
        support="More nights again",
        funded=True,
        yearly_cost_pence=900_000,
        justification="Rest",
        overnight=True,
        legal_basis=LegalBasis.SECTION_17,
        legal_basis_reason="At home",
    )
    plan.refresh_from_db()
    assert plan.changed_since_panel
    assert services.plan_panel_approval(plan) is None  # not what the panel approved
    with pytest.raises(ValidationError, match="needs the panel's approval"):
        services.plan_authorise(plan=plan, by=manager)


def test_support_can_be_taken_out_of_a_draft_plan(users: Any, child: Any) -> None:
    plan, line = _a_draft_plan(users, child)
    services.support_line_remove(line=line, by=users[Role.SOCIAL_WORKER])
    assert not plan.lines.exists()
    assert services.plan_problems(plan) == ["Add at least one outcome and the support for it"]
