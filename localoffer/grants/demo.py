"""The grant's demo data: Medway's caseload, and a case for the demo family, so every screen shows
something true to life. Idempotent: nothing is added when grant cases exist already."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from localoffer.grants.caseload import Generated, caseload_generate
from localoffer.grants.models import BudgetYear, GrantCase, Statement, budget_year_of
from localoffer.grants.services import case_create, current_policy, medway_policy_load
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
    return made
