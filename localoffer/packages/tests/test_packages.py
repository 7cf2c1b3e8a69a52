"""Packages: elements costed per year from the rate card, authorised within an approval limit and after panel
for floating support, every change kept, suspended, ended or cancelled with reasons."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from localoffer.packages.models import ElementStatus, Rate
from localoffer.packages.services import (
    element_add,
    element_cancel,
    element_end,
    element_suspend,
    package_authorise,
    package_open,
    package_to_panel,
    rate_change,
    rate_for,
)
from localoffer.packages.tests.helpers import START, a_direct_payment, a_manager
from localoffer.people.tests.factories import ChildFactory


def _child() -> Any:
    return ChildFactory()


pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("rate_card")]


def _sessions(
    package: Any, *, kind: str = "floating_support", ratio: str = "2:1", cost: int | None = None
) -> Any:
    return element_add(
        package=package,
        kind=kind,
        starts_on=START,
        ends_on=None,
        cost_period="session",
        units_a_year=40,
        ratio=ratio,
        funder="council",
        unit_cost_pence=cost,
        by=None,
    )


def test_the_rate_card_holds_figure_6() -> None:
    rocc = rate_for(service="rocc", ratio="2:1", day=START)
    pa = rate_for(service="pa_floating", ratio="1:1", day=START)
    assert rocc is not None
    assert (rocc.low_pence, rocc.high_pence) == (20000, 20000)
    assert pa is not None
    assert (pa.low_pence, pa.high_pence) == (13825, 24500)
    assert rate_for(service="pa_floating", ratio="1:3", day=START) is None  # "-" in the figure
    assert Rate.objects.count() == 12


def test_an_element_is_costed_per_year_from_the_rate_card() -> None:
    package = package_open(child=_child(), level_of_need="specialist", by=None)
    element = _sessions(package, kind="commissioned_place", ratio="1:2")
    assert element.unit_cost_pence == 8200
    assert element.yearly_pence == 40 * 8200


def test_refuses_a_cost_outside_the_rate_cards_range() -> None:
    package = package_open(child=_child(), level_of_need="specialist", by=None)
    with pytest.raises(ValidationError, match=re.escape("138.25 to 245.00")):
        _sessions(package, ratio="1:1", cost=30000)
    assert _sessions(package, ratio="1:1", cost=15000).yearly_pence == 600000


def test_a_commissioner_changes_a_rate_from_a_date_and_earlier_costs_stay() -> None:
    package = package_open(child=_child(), level_of_need="specialist", by=None)
    before = _sessions(package, kind="commissioned_place", ratio="1:1")
    rate = rate_for(service="rocc", ratio="1:1", day=START)
    assert rate is not None
    rate_change(
        rate=rate,
        low_pence=12000,
        high_pence=12000,
        standard_pence=12000,
        effective_from=dt.date(2027, 4, 1),
        by=None,
    )
    assert rate_for(service="rocc", ratio="1:1", day=dt.date(2027, 4, 1)).standard_pence == 12000  # type: ignore[union-attr]
    assert rate_for(service="rocc", ratio="1:1", day=dt.date(2027, 3, 31)).standard_pence == 11200  # type: ignore[union-attr]
    before.refresh_from_db()
    assert before.unit_cost_pence == 11200


def test_refuses_authorisation_above_the_managers_limit() -> None:
    package = package_open(child=_child(), level_of_need="specialist", by=None)
    a_direct_payment(package, weekly_pence=20000)  # £10,400 a year
    with pytest.raises(ValidationError, match=re.escape("above your approval limit of £5,000.00")):
        package_authorise(package=package, by=a_manager(limit_pence=500_000))
    authorised = package_authorise(package=package, by=a_manager(limit_pence=1_100_000))
    assert authorised.is_authorised
    assert authorised.authorised_yearly_pence == 1_040_000


def _team() -> Any:
    import uuid

    from localoffer.teams.models import Team

    return Team.objects.create(
        slug=f"panel-{uuid.uuid4().hex[:8]}", name="A disability team", summary="Panels"
    )


def _a_panel_for(child: Any, manager: Any) -> Any:
    from localoffer.casework.services import panel_create
    from localoffer.people.services import involvement_start

    involvement_start(child=child, team=manager.team, started_on=START)
    return panel_create(team=manager.team, meets_on=START, by=manager)


def test_floating_support_is_authorised_only_after_panel_agrees() -> None:
    from localoffer.casework.services import panel_decide

    child = _child()
    package = package_open(child=child, level_of_need="specialist", by=None)
    _sessions(package)
    manager = a_manager(team=_team())
    with pytest.raises(ValidationError, match="agreed at panel"):
        package_authorise(package=package, by=manager)
    package = package_to_panel(package=package, asking_for="Floating support at 2:1", by=manager)
    with pytest.raises(ValidationError, match="agreed at panel"):
        package_authorise(package=package, by=manager)
    panel = _a_panel_for(child, manager)
    case = panel.cases.get()
    assert case == package.panel_case
    panel_decide(case=case, by=manager, outcome="declined", reasons="Try ROCC first.")
    with pytest.raises(ValidationError, match="not approved"):
        package_authorise(package=package, by=manager)
    package = package_to_panel(package=package, asking_for="Floating support at 2:1, again", by=manager)
    panel = _a_panel_for(child, manager)
    panel_decide(case=panel.cases.get(), by=manager, outcome="approved", reasons="Needs 2:1 at home.")
    assert package_authorise(package=package, by=manager).is_authorised


def test_taking_a_package_to_panel_puts_it_on_caseworks_agenda_and_chronology() -> None:
    from localoffer.casework.chronology import panel_entries
    from localoffer.people.record import record_read

    child = _child()
    package = package_open(child=child, level_of_need="specialist", by=None)
    _sessions(package)
    manager = a_manager(team=_team())
    package_to_panel(package=package, asking_for="Floating support at 2:1", by=manager)
    panel = _a_panel_for(child, manager)
    assert [case.asking_for for case in panel.cases.all()] == ["Floating support at 2:1"]
    titles = [entry.title for entry in panel_entries(record_read(user=manager, child=child))]
    assert titles == ["Put to panel"]


def test_a_deferred_panel_decision_waits_for_the_next_panels() -> None:
    from localoffer.casework.services import panel_decide

    child = _child()
    package = package_open(child=child, level_of_need="specialist", by=None)
    _sessions(package)
    manager = a_manager(team=_team())
    package = package_to_panel(package=package, asking_for="Floating support", by=manager)
    panel_decide(
        case=_a_panel_for(child, manager).cases.get(), by=manager, outcome="deferred", reasons="More"
    )
    with pytest.raises(ValidationError, match="wait for its approval"):
        package_authorise(package=package, by=manager)
    with pytest.raises(ValidationError, match="already on the panel's agenda"):
        package_to_panel(package=package, asking_for="Floating support", by=manager)
    later = _a_panel_for(child, manager)
    panel_decide(case=later.cases.get(), by=manager, outcome="approved", reasons="Agreed.")
    assert package_authorise(package=package, by=manager).is_authorised


def test_refuses_to_take_a_package_to_panel_when_nothing_needs_it() -> None:
    package = package_open(child=_child(), level_of_need="specialist", by=None)
    a_direct_payment(package)
    with pytest.raises(ValidationError, match="Nothing in this package needs panel"):
        package_to_panel(package=package, asking_for="A direct payment", by=a_manager())


def test_a_change_after_authorising_needs_authorising_again_and_history_keeps_who() -> None:
    package = package_open(child=_child(), level_of_need="specialist", by=None)
    a_direct_payment(package)
    manager = a_manager()
    package_authorise(package=package, by=manager)
    _sessions(package, kind="parklands_nights", ratio="1:1")
    package.refresh_from_db()
    assert not package.is_authorised
    versions = list(package.history.order_by("history_date"))
    assert [version.status for version in versions][-2:] == ["authorised", "draft"]
    assert any(version.authorised_by_id == manager.pk for version in versions)


def test_suspend_end_and_cancel_each_need_their_reason() -> None:
    package = package_open(child=_child(), level_of_need="specialist", by=None)
    element, _ = a_direct_payment(package)
    with pytest.raises(ValidationError):
        element_suspend(element=element, reason="", on=START, detail="", by=None)
    suspended = element_suspend(element=element, reason="hospital", on=START, detail="Surgery", by=None)
    assert suspended.status == ElementStatus.SUSPENDED
    with pytest.raises(ValidationError, match="why the support is ending"):
        element_end(element=element, ends_on=dt.date(2026, 9, 1), notice_given_on=START, reason=" ", by=None)
    ended = element_end(
        element=element, ends_on=dt.date(2026, 9, 1), notice_given_on=START, reason="Moved away", by=None
    )
    assert ended.status == ElementStatus.ENDED
    assert ended.ends_on == dt.date(2026, 9, 1)
    with pytest.raises(ValidationError, match="ended cannot be changed to cancelled"):
        element_cancel(element=ended, reason="Mistake", by=None)
