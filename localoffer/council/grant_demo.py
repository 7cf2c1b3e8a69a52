"""The grant's demo data: Medway's caseload, and a case for the demo family, so every screen shows
something true to life. Idempotent: nothing is added when grant cases exist already."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from localoffer.council.grant_caseload import Generated, caseload_generate
from localoffer.council.services import medway_policy_load
from localoffer.grants.models import Award, BudgetYear, GrantCase, Statement, budget_year_of
from localoffer.grants.renewals import renewals_run, spending_return_create
from localoffer.grants.services import case_create, current_policy
from localoffer.grants.statement import statement_draft_create, statement_publish
from localoffer.people.models import Child

# No figure for later years is in the sources: the demo carries the 2022/23 budget forward.
DEMO_BUDGET_PENCE = 49_120_200


def grants_demo_load() -> Generated | None:
    if settings.PRODUCTION:
        raise ImproperlyConfigured("Demo data is never loaded in production.")
    medway_policy_load()
    today = timezone.localdate()
    for year in (budget_year_of(today) - 1, budget_year_of(today)):
        BudgetYear.objects.get_or_create(start_year=year, defaults={"amount_pence": DEMO_BUDGET_PENCE})
    if not Statement.objects.exists():
        statement_publish(statement=statement_draft_create(by=None), by=None)
    if GrantCase.objects.exists():
        return None
    policy = current_policy()
    assert policy is not None
    made = caseload_generate(policy=policy, today=today)
    alex = Child.objects.filter(first_name="Alex", last_name="Example").first()
    if alex is not None:
        case_create(child=alex)
    _demo_spending(today)
    renewals_run(today=today)
    return made


# s8.1.2: what families told the consultation they spent the grant on; s7.2: the misuse the strategy found.
DEMO_SPENDING = [
    ("Lessons and courses for the child", "Swimming lessons, ten weeks", 6_000),
    ("Leisure activities for the child and their carer", "Soft play and bowling", 4_250),
    ("Clubs and play schemes", "ROCC holiday club, three days", 21_600),
    ("A personal assistant or an extra carer", "An extra carer on a family break", 30_000),
    ("Lessons and courses for the child", "Horse riding", 12_000),
    ("Household goods and appliances", "A washing machine", 39_900),
    ("Leisure passes or tickets for the whole family", "Leisure centre passes for the whole family", 45_000),
]


def _demo_spending(today: dt.date) -> None:
    awards = Award.objects.select_related("policy").order_by("case__reference")[: len(DEMO_SPENDING) * 6]
    for index, award in enumerate(awards):
        category, description, pence = DEMO_SPENDING[index % len(DEMO_SPENDING)]
        spent_on = min(award.starts_on + dt.timedelta(days=20 + index), today)
        spending_return_create(
            award=award,
            category=category,
            description=description,
            amount_pence=min(pence, award.amount_pence),
            spent_on=spent_on,
            by=None,
        )
