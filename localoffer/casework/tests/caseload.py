"""A generated children-in-need caseload for the census tests and the benchmark: seeded, so each run is the
same, with the edge cases the DfE's rules test switched on by name."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from localoffer.casework.models import (
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
    for n, child in enumerate(children):
        referred = start + dt.timedelta(days=rng.randrange(200))
        episode = CINEpisode.objects.create(
            child=child,
            referral_date=referred,
            referral_source=rng.choice([ReferralSource.S1A, ReferralSource.S2A, ReferralSource.S3A]),
        )
        began = add_working_days(referred, 1)
        late = "late_assessment" in edge_cases and n == 0
        done = add_working_days(began, 60 if late else rng.randrange(10, 44))
        assessment = Assessment(
            child=child,
            team=team,
            worker=worker,
            episode=episode,
            started_on=began,
            status=AssessmentStatus.AUTHORISED,
            child_needs="Needs",
            factors=rng.choice([["6A"], ["5A", "4B"], ["5A"]]),
            outcome="cin_plan",
            completed_on=done,
            authorised_on=done,
        )
        assessment.save()
        if "factors_on_open" in edge_cases and n == 1:
            Assessment.objects.filter(pk=assessment.pk).update(
                status=AssessmentStatus.IN_PROGRESS, authorised_on=None
            )
        plan_start = done + dt.timedelta(days=1)
        SupportPlan.objects.create(
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
        if "overlapping_plans" in edge_cases and n == 2:
            # Made behind the services' back (they refuse it): a second CIN plan, closed, overlapping the first.
            SupportPlan.objects.create(
                child=child,
                plan_type=PlanType.CIN,
                team=team,
                created_by=worker,
                episode=episode,
                status=PlanStatus.CLOSED,
                starts_on=plan_start,
                ends_on=plan_start + dt.timedelta(days=30),
            )
        if n % 7 == 3:
            enquiry = Section47Enquiry(
                child=child, episode=episode, started_on=add_working_days(plan_start, 2), started_by=worker
            )
            enquiry.save()
            enquiry.icpc_on = add_working_days(enquiry.started_on, 10)
            enquiry.save()
            SupportPlan.objects.filter(episode=episode).update(
                ends_on=enquiry.icpc_on - dt.timedelta(days=1), status=PlanStatus.CLOSED
            )
            ChildProtectionPlan.objects.create(
                child=child,
                episode=episode,
                starts_on=enquiry.icpc_on,
                initial_category="NEG",
                latest_category="NEG",
            )
    return children
