"""Packages for tests here and elsewhere (the access matrix): a manager with a limit, a package with a direct
payment and a personal assistant, authorised, with its instalments on the ledger."""

from __future__ import annotations

import datetime as dt
from typing import Any

from localoffer.accounts.tests.factories import UserFactory
from localoffer.core.roles import Role
from localoffer.packages.models import Agreement, Element, Package
from localoffer.packages.services import (
    agreement_create,
    approval_limit_set,
    element_add,
    package_authorise,
    package_open,
    schedule_generate,
)

START = dt.date(2026, 4, 6)


def a_manager(limit_pence: int = 5_000_000, **fields: Any) -> Any:
    manager = UserFactory(role=Role.MANAGER, **fields)
    approval_limit_set(user=manager, limit_pence=limit_pence, by=None)
    return manager


def a_direct_payment(
    package: Package, *, weekly_pence: int = 12_000, by: Any = None
) -> tuple[Element, Agreement]:
    element = element_add(
        package=package,
        kind="direct_payment",
        starts_on=START,
        ends_on=None,
        cost_period="weekly",
        units_a_year=52,
        ratio="",
        funder="council",
        unit_cost_pence=weekly_pence,
        by=by,
    )
    agreement = agreement_create(
        element=element,
        kind="regular",
        assessed_on=START - dt.timedelta(days=14),
        first_payment_on=START,
        route="managed_account",
        fallback_route="own_bank_account",
        card_chosen_by_family=False,
        weekly_pence=weekly_pence,
        by=by,
    )
    return element, agreement


def an_authorised_package(child: Any, *, manager: Any = None, by: Any = None) -> tuple[Package, Agreement]:
    package = package_open(child=child, level_of_need="specialist", by=by)
    _, agreement = a_direct_payment(package, by=by)
    package = package_authorise(package=package, by=manager or a_manager())
    return package, agreement


def a_paid_schedule(child: Any, *, through: dt.date = dt.date(2026, 7, 1)) -> Agreement:
    _, agreement = an_authorised_package(child)
    schedule_generate(agreement=agreement, through=through, by=None)
    return agreement


def packages_context(users: dict[str, Any]) -> dict[str, Any]:
    """Everything the access matrix needs for the packages' pages: the parent's child worked with by the
    0 to 25 disability team and the self-directed support team, with an authorised package, a direct
    payment on the ledger in a draft run, a monitoring return with a surplus, and a second direct payment
    waiting for its agreement."""
    from localoffer.packages.models import Rate
    from localoffer.packages.services import return_record, run_prepare
    from localoffer.people.models import Relationship
    from localoffer.people.services import family_link_create, involvement_start
    from localoffer.people.tests.factories import ChildFactory
    from localoffer.teams.models import Team

    child: Any = ChildFactory()
    family_link_create(child=child, user=users[Role.PARENT_CARER], relationship=Relationship.PARENT)
    for slug in ("0-to-25-disability-team", "short-breaks-and-self-directed-support"):
        involvement_start(child=child, team=Team.objects.get(slug=slug), started_on=dt.date(2024, 1, 8))
    approval_limit_set(user=users[Role.MANAGER], limit_pence=5_000_000, by=None)
    package, agreement = an_authorised_package(child, manager=users[Role.MANAGER])
    schedule_generate(agreement=agreement, through=START, by=None)
    run = run_prepare(due_by=START, by=users[Role.SDS_COORDINATOR])
    surplus = return_record(
        agreement=agreement,
        period_ends_on=dt.date(2026, 5, 3),
        balance_pence=200_000,
        spent_pence=10_000,
        spending="Saturday sessions with the personal assistant.",
        provider="",
        provider_gives_personal_care=False,
        provider_cqc_registered=None,
        by=None,
    )
    waiting = element_add(
        package=package,
        kind="direct_payment",
        starts_on=START,
        ends_on=None,
        cost_period="one_off",
        units_a_year=1,
        ratio="",
        funder="council",
        unit_cost_pence=50_000,
        by=None,
    )
    return {
        "package_child": child,
        "package_element": agreement.element,
        "waiting_element": waiting,
        "agreement": agreement,
        "instalment": agreement.instalments.get(),
        "surplus_return": surplus,
        "dp_run": run,
        "run_line": run.lines.first(),
        "rate": Rate.objects.first(),
    }
