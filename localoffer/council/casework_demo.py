"""Demo casework for `make run`, so each casework journey has something to walk: Alex Example's assessment
waiting for the manager, Sam Sample's authorised plan with its first review due, a case note, and a worry
accepted by duty with a section 47 enquiry. Every name is made up."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from localoffer.accounts.models import User
from localoffer.casework import services
from localoffer.casework.models import Assessment, AssessmentOutcome, PlanType
from localoffer.people.models import Child
from localoffer.people.services import child_characteristics_update, family_member_add


def casework_demo_load(users: dict[str, User]) -> None:
    if Assessment.objects.exists():
        return
    worker, manager = users["social.worker"], users["manager"]
    today = timezone.localdate()
    alex = Child.objects.filter(first_name="Alex", last_name="Example").first()
    sam = Child.objects.filter(first_name="Sam", last_name="Sample").first()
    if alex is None or sam is None or worker.team is None:
        return
    child_characteristics_update(
        child=alex,
        by=worker,
        sex="M",
        ethnicity="WBRI",
        disabilities=["AUT", "COMM"],
        main_need="N2",
        communication_needs="Uses Makaton and a picture board; needs time to answer.",
    )
    family_member_add(
        child=alex,
        by=worker,
        name="Pat Parent",
        relationship="mother",
        has_parental_responsibility=True,
        lives_with_child=True,
        is_contact=True,
        phone="01634 000 111",
        notes="Best after 3pm.",
    )
    services.case_note_add(
        child=alex,
        by=worker,
        kind="visit",
        happened_on=today - dt.timedelta(days=7),
        who="Alex, Pat",
        summary="Home visit. Alex showed me his room; Pat is not sleeping.",
        agreed="Start an assessment of needs.",
    )
    assessment = services.assessment_open(
        child=alex, team=worker.team, by=worker, started_on=today - dt.timedelta(days=50)
    )
    services.assessment_save(
        assessment=assessment,
        by=worker,
        child_needs="Needs help with personal care at night.",
        carer_needs="Pat has not slept through for a year.",
        factors=["6A"],
        outcome=AssessmentOutcome.SUPPORT_PLAN,
        recommended_support="Overnight short breaks.",
        need_level=3,
        carer_strain="high",
        breakdown_risk="significant",
    )
    services.assessment_submit(assessment=assessment, by=worker)

    child_characteristics_update(
        child=sam, by=worker, sex="F", ethnicity="MWBC", disabilities=["LD"], main_need="N2"
    )
    sam_assessment = services.assessment_open(
        child=sam, team=worker.team, by=worker, started_on=today - dt.timedelta(days=200)
    )
    services.assessment_save(
        assessment=sam_assessment,
        by=worker,
        child_needs="Wants to see friends outside college.",
        factors=["5A"],
        outcome=AssessmentOutcome.CIN_PLAN,
        recommended_support="A youth club with support.",
        need_level=2,
        carer_strain="moderate",
        breakdown_risk="possible",
    )
    services.assessment_submit(assessment=sam_assessment, by=worker)
    services.assessment_authorise(assessment=sam_assessment, by=manager)
    plan = services.plan_create(child=sam, plan_type=PlanType.CIN, by=worker, team=worker.team)
    services.support_line_add(
        plan=plan,
        by=worker,
        outcome="Sam sees friends each week",
        support="Youth club with a support worker",
        funded=True,
        yearly_cost_pence=180_000,
        justification="Meets the isolation the assessment found.",
    )
    services.plan_authorise(plan=plan, by=manager, starts_on=today - dt.timedelta(days=110))
