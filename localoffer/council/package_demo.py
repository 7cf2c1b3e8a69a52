"""Packages' demo data: the rate card, the demo manager's approval limit, packages made from the grant
caseload's other support, and Alex's package with a direct payment waiting for the manager to authorise it.
Idempotent: nothing is added when packages exist already."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from localoffer.accounts.models import User
from localoffer.council.package_caseload import PackagesGenerated, packages_caseload_generate
from localoffer.council.services import medway_packages_load
from localoffer.packages.models import Package
from localoffer.packages.services import agreement_create, approval_limit_set, element_add, package_open
from localoffer.people.models import Child

# Not in the sources: a default delegated authority for the demo manager.
DEMO_APPROVAL_LIMIT_PENCE = 5_000_000


def packages_demo_load() -> PackagesGenerated | None:
    if settings.PRODUCTION:
        raise ImproperlyConfigured("Demo data is never loaded in production.")
    medway_packages_load()
    manager = User.objects.filter(username="manager").first()
    if manager is not None:
        approval_limit_set(user=manager, limit_pence=DEMO_APPROVAL_LIMIT_PENCE, by=None)
    if Package.objects.exists():
        return None
    today = timezone.localdate()
    made = packages_caseload_generate(today=today)
    alex = Child.objects.filter(first_name="Alex", last_name="Example").first()
    worker = User.objects.filter(username="social.worker").first()
    if alex is not None:
        package = package_open(child=alex, level_of_need="specialist", by=worker)
        starts = today - dt.timedelta(days=today.weekday())
        element = element_add(
            package=package,
            kind="direct_payment",
            description="A personal assistant for Saturdays, 1:1",
            starts_on=starts,
            ends_on=None,
            cost_period="weekly",
            units_a_year=52,
            ratio="1:1",
            funder="council",
            unit_cost_pence=13_825,
            by=worker,
        )
        agreement_create(
            element=element,
            kind="regular",
            assessed_on=starts - dt.timedelta(days=14),
            first_payment_on=starts,
            route="managed_account",
            fallback_route="own_bank_account",
            card_chosen_by_family=False,
            weekly_pence=13_825,
            by=worker,
        )
    return made
