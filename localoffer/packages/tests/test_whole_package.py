"""The whole package: every route on one page per child and per family, the caseload's totals and double
funding with the rule, the strategy's finding computed from generated data, and Figure 5 from the ledgers."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db.models import Sum

from localoffer.core.roles import Role
from localoffer.grants.models import Award, OtherSupport, PaymentInstruction, SupportKind
from localoffer.grants.tests.helpers import an_approved_case
from localoffer.packages.models import Instalment
from localoffer.packages.selectors import (
    DOUBLE_FUNDING_RULE,
    caseload_summary,
    expenditure,
    family_get_for_user,
    grant_and_direct_payment_finding,
    package_get_for_user,
)
from localoffer.packages.services import (
    element_add,
    instalment_correct,
    package_authorise,
    package_open,
    schedule_generate,
)
from localoffer.packages.tests.helpers import START, a_direct_payment, a_manager, an_authorised_package
from localoffer.people.models import Relationship
from localoffer.people.services import family_link_create
from localoffer.people.tests.factories import ChildFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("medway", "rate_card", "policy")]
TODAY = dt.date(2026, 11, 23)


def _grant_and_direct_payment(child: Any) -> Any:
    award = an_approved_case(child).award
    Award.objects.filter(pk=award.pk).update(starts_on=dt.date(2026, 4, 1), ends_on=dt.date(2027, 3, 31))
    an_authorised_package(child)
    return award


def test_the_childs_page_lists_every_route_with_cost_funder_status_and_review(
    users: dict[str, Any], child: Any
) -> None:
    child.date_of_birth = dt.date(2015, 3, 27)
    child.save()
    award = _grant_and_direct_payment(child)
    whole = package_get_for_user(user=users[Role.PARENT_CARER], child_id=child.pk, today=TODAY)
    kinds = {line.kind: line for line in whole.lines}
    assert kinds[f"Short breaks grant, level {award.level}"].yearly_pence == award.amount_pence
    direct = kinds["Direct payment"]
    assert (direct.yearly_pence, direct.funder, direct.status) == (
        52 * 12_000,
        "Medway Council: short breaks budget",
        "Active",
    )
    assert direct.next_review_on is not None
    assert whole.yearly_pence == award.amount_pence + 52 * 12_000


def test_the_familys_page_shows_each_child_the_person_may_see(users: dict[str, Any], child: Any) -> None:
    sibling: Any = ChildFactory(first_name="Sibling")
    family_link_create(child=sibling, user=users[Role.PARENT_CARER], relationship=Relationship.PARENT)
    package = package_open(child=sibling, level_of_need="targeted", by=None)
    element_add(
        package=package,
        kind="parklands_nights",
        starts_on=START,
        ends_on=None,
        cost_period="night",
        units_a_year=24,
        ratio="1:1",
        funder="icb",
        by=None,
    )
    an_authorised_package(child)
    as_parent = family_get_for_user(user=users[Role.PARENT_CARER], child_id=child.pk, today=TODAY)
    assert [whole.child for whole in as_parent] == [child, sibling]
    # The social worker's team works with the child only: the sibling is not shown to them.
    as_worker = family_get_for_user(user=users[Role.SOCIAL_WORKER], child_id=child.pk, today=TODAY)
    assert [whole.child for whole in as_worker] == [child]


def test_the_caseload_names_the_double_funding_and_the_element_that_breaks_the_rule() -> None:
    both: Any = ChildFactory(first_name="Both", postcode="ME4 1AA", date_of_birth=dt.date(2015, 3, 27))
    _grant_and_direct_payment(both)
    only_grant: Any = ChildFactory(first_name="Grant", postcode="ME7 2BB", date_of_birth=dt.date(2015, 3, 27))
    _grant_and_direct_payment_award_only = an_approved_case(only_grant).award
    Award.objects.filter(pk=_grant_and_direct_payment_award_only.pk).update(
        starts_on=dt.date(2026, 4, 1), ends_on=dt.date(2027, 3, 31)
    )
    summary = caseload_summary(today=TODAY)
    assert summary.breaches_count == 1
    breach = summary.breaches[0]
    assert (breach.child_id, breach.element, breach.rule) == (both.pk, "Direct payment", DOUBLE_FUNDING_RULE)
    assert summary.multiple_routes_count == 1
    assert summary.by_route["Direct payments"] == (1, 52 * 12_000)
    assert summary.by_area["ME4"] > summary.by_area["ME7"] > 0


def test_the_caseload_counts_every_double_funded_child_and_lists_the_first_by_name() -> None:
    for first_name, postcode in [("Cara", "me4 1aa"), ("Abel", "ME4 2BB"), ("Bea", "ME5 3CC")]:
        _grant_and_direct_payment(
            ChildFactory(first_name=first_name, postcode=postcode, date_of_birth=dt.date(2015, 3, 27))
        )
    summary = caseload_summary(today=TODAY, limit=2)
    assert (summary.multiple_routes_count, summary.breaches_count) == (3, 3)
    assert [breach.child_name.split(" ")[0] for breach in summary.breaches] == ["Abel", "Bea"]
    assert [name.split(" ")[0] for _, name, _, _ in summary.multiple_routes] == ["Abel", "Bea"]
    assert summary.multiple_routes[0][2] == ["Direct payments", "Short breaks grant"]
    # Areas are postcode districts whatever case the postcode was typed in.
    assert set(summary.by_area) == {"ME4", "ME5"}
    assert summary.by_area["ME4"] == 2 * summary.by_area["ME5"]


def test_a_child_with_a_direct_payment_and_a_personal_assistant_is_one_child_on_the_route() -> None:
    child: Any = ChildFactory(postcode="ME4 1AA")
    package = package_open(child=child, level_of_need="specialist", by=None)
    a_direct_payment(package)
    element_add(
        package=package,
        kind="personal_assistant",
        starts_on=START,
        ends_on=None,
        cost_period="hourly",
        units_a_year=520,
        ratio="",
        funder="council",
        unit_cost_pence=1_500,
        by=None,
    )
    package_authorise(package=package, by=a_manager())
    summary = caseload_summary(today=TODAY)
    # Both elements are paid as direct payments: the route counts the child once and costs both.
    assert summary.by_route["Direct payments"] == (1, 52 * 12_000 + 520 * 1_500)
    assert summary.by_area == {"ME4": 52 * 12_000 + 520 * 1_500}
    assert summary.multiple_routes_count == 0


def test_the_strategys_finding_comes_from_generated_data(grant_caseload: Any, package_caseload: Any) -> None:
    grant_caseload(
        policy=__import__("localoffer.grants.services", fromlist=["x"]).current_policy(),
        size=600,
        today=TODAY,
    )
    package_caseload(today=TODAY)
    finding = grant_and_direct_payment_finding(today=TODAY)
    # Worked out here another way: from the grant's own records of other support.
    current = Award.objects.filter(status="active", starts_on__lte=TODAY, ends_on__gte=TODAY)
    with_dp = {
        row
        for row in OtherSupport.objects.filter(kind=SupportKind.DIRECT_PAYMENT).values_list(
            "child_id", flat=True
        )
    }
    expected = [award for award in current if award.child_id in with_dp]
    assert finding.grant_families == current.values("child_id").distinct().count()
    assert finding.with_direct_payment == len({award.child_id for award in expected})
    assert finding.grant_pence_to_them == sum(award.amount_pence for award in expected)
    # The strategy's kind of finding: about 9% of grant families also have a direct payment.
    assert 0.04 < finding.share < 0.15


def test_figure_5_comes_from_the_ledgers_and_the_packages(child: Any) -> None:
    _, agreement = an_authorised_package(child)
    schedule_generate(agreement=agreement, through=dt.date(2027, 3, 31), by=None)
    first = agreement.instalments.order_by("due_on").first()
    assert first is not None
    instalment_correct(instalment=first, amount_pence=-1_234, reason="Overpaid", by=None)
    package = agreement.element.package
    element_add(
        package=package,
        kind="parklands_nights",
        starts_on=dt.date(2026, 10, 1),
        ends_on=None,
        cost_period="night",
        units_a_year=24,
        ratio="1:1",
        funder="council",
        by=None,
    )
    spend = dict(expenditure(start_year=2026).rows)
    in_year = Instalment.objects.filter(due_on__gte=dt.date(2026, 4, 1), due_on__lte=dt.date(2027, 3, 31))
    assert spend["Direct payments"] == in_year.aggregate(total=Sum("amount_pence"))["total"]
    assert spend["Direct payments"] == 13 * 48_000 - 1_234
    # Parklands from 1 October: 182 of the year's 365 days of 24 nights at £154.14.
    assert spend["Parklands short break home"] == 24 * 15_414 * 182 // 365
    grant = (
        PaymentInstruction.objects.filter(budget_year=2026).aggregate(total=Sum("amount_pence"))["total"] or 0
    )
    assert spend["Short breaks grant payments"] == grant
