"""A generated children-in-need caseload for the census tests and the benchmark: seeded, so each run is the
same, with the edge cases the DfE's rules test switched on by name."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from localoffer.casework.models import (
    ASSESSMENT_WORKING_DAYS,
    ICPC_WORKING_DAYS,
    Assessment,
    AssessmentStatus,
    ChildProtectionPlan,
    CINEpisode,
    PlanStatus,
    PlanType,
    ReferralSource,
    Section47Enquiry,
    SupportPlan,
)
from localoffer.core.working_days import add_working_days
from localoffer.people.models import Child, Ethnicity


def cin_caseload_generate(
    *, size: int, team: Any, worker: Any, year: int = 2026, seed: int = 14, edge_cases: tuple[str, ...] = ()
) -> list[Child]:
    """`size` children, each with an episode in the census year, an authorised assessment within 45 working days,
    and for most a CIN plan. Edge cases: "overlapping_plans", "late_assessment", "factors_on_open"."""
    rng = random.Random(seed)
    start = dt.date(year - 1, 4, 1)
    children = Child.objects.bulk_create(
        [
            Child(
                first_name=f"Child{n}",
                last_name="Census",
                date_of_birth=dt.date(2008 + rng.randrange(16), 1 + rng.randrange(12), 1 + rng.randrange(28)),
                sex=rng.choice("MF"),
                ethnicity=rng.choice(Ethnicity.values[:-2]),
                disabilities=rng.choice([["AUT"], ["LD", "COMM"], ["MOB"], ["HEAR"]]),
                main_need="N2",
            )
            for n in range(size)
        ]
    )
    # Made in bulk, as a national-size caseload needs (the benchmark makes 200,000): no history or audit rows,
    # and the fields the models' save() works out (due_on, icpc_target) worked out here the same way.
    episodes, assessments, plans, enquiries, cp_plans = [], [], [], [], []
    cp_ends: dict[Any, dt.date] = {}
    for n, child in enumerate(children):
        referred = start + dt.timedelta(days=rng.randrange(200))
        episode = CINEpisode(
            child=child,
            referral_date=referred,
            referral_source=rng.choice([ReferralSource.S1A, ReferralSource.S2A, ReferralSource.S3A]),
        )
        episodes.append(episode)
        began = add_working_days(referred, 1)
        late = "late_assessment" in edge_cases and n == 0
        done = add_working_days(began, 60 if late else rng.randrange(10, 44))
        factors = rng.choice([["6A"], ["5A", "4B"], ["5A"]])
        if "factors_on_open" in edge_cases and n == 1:
            # An assessment still open that already has factors: the export must leave them out (8614).
            status, authorised_on = AssessmentStatus.IN_PROGRESS, None
        else:
            status, authorised_on = AssessmentStatus.AUTHORISED, done
        assessment = Assessment(
            child=child,
            team=team,
            worker=worker,
            episode=episode,
            started_on=began,
            due_on=add_working_days(began, ASSESSMENT_WORKING_DAYS),
            status=status,
            child_needs="Needs",
            factors=factors,
            outcome="cin_plan",
            completed_on=done,
            authorised_on=authorised_on,
        )
        assessments.append(assessment)
        plan_start = done + dt.timedelta(days=1)
        plan = SupportPlan(
            child=child,
            plan_type=PlanType.CIN,
            team=team,
            created_by=worker,
            episode=episode,
            assessment=assessment,
            status=PlanStatus.OPEN,
            starts_on=plan_start,
            authorised_on=plan_start,
        )
        plans.append(plan)
        if "overlapping_plans" in edge_cases and n == 2:
            # Made behind the services' back (they refuse it): a second CIN plan, closed, overlapping the first.
            plans.append(
                SupportPlan(
                    child=child,
                    plan_type=PlanType.CIN,
                    team=team,
                    created_by=worker,
                    episode=episode,
                    status=PlanStatus.CLOSED,
                    starts_on=plan_start,
                    ends_on=plan_start + dt.timedelta(days=30),
                )
            )
        if n % 7 == 3:
            started = add_working_days(plan_start, 2)
            icpc_on = add_working_days(started, 10)
            enquiries.append(
                Section47Enquiry(
                    child=child,
                    episode=episode,
                    started_on=started,
                    icpc_target=add_working_days(started, ICPC_WORKING_DAYS),
                    icpc_on=icpc_on,
                    started_by=worker,
                )
            )
            cp_ends[episode] = icpc_on - dt.timedelta(days=1)
            cp_plans.append(
                ChildProtectionPlan(
                    child=child,
                    episode=episode,
                    starts_on=icpc_on,
                    initial_category="NEG",
                    latest_category="NEG",
                )
            )
    CINEpisode.objects.bulk_create(episodes, batch_size=2000)
    Assessment.objects.bulk_create(assessments, batch_size=2000)
    for plan in plans:
        if plan.episode in cp_ends:  # a CIN plan ends the day before a child protection plan starts (4001)
            plan.ends_on, plan.status = cp_ends[plan.episode], PlanStatus.CLOSED
    SupportPlan.objects.bulk_create(plans, batch_size=2000)
    Section47Enquiry.objects.bulk_create(enquiries, batch_size=2000)
    ChildProtectionPlan.objects.bulk_create(cp_plans, batch_size=2000)
    return children
