"""Allocation by a published priority: Medway first, then need, ties by a lottery anyone can re-run; offers
with a 5-working-day deadline, the waiting list, reallocation, a reason for every child, and the what-if."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from localoffer.places import priority
from localoffer.places.models import (
    BookingStatus,
    NeedSource,
    OfferStatus,
    PriorityVersion,
    RequestStatus,
    RequestWindow,
    Setting,
)
from localoffer.places.services import (
    allocation_publish,
    allocation_run,
    entitlement_grant,
    offer_answer,
    offers_expire,
    place_request_create,
    window_create,
)
from localoffer.places.tests.helpers import a_child, staffed

pytestmark = pytest.mark.django_db
TODAY = dt.date(2027, 6, 1)  # a Tuesday
FIRST = dt.date(2027, 7, 26)


def _window(setting: Setting) -> RequestWindow:
    staffed(setting, first=FIRST, last=FIRST + dt.timedelta(days=13), staff=1)  # two beds a night
    return window_create(
        setting=setting,
        title="Summer 2027",
        opens_on=dt.date(2027, 5, 1),
        closes_on=dt.date(2027, 6, 30),
        first_day=FIRST,
        last_day=FIRST + dt.timedelta(days=13),
    )


def _ask(window: RequestWindow, by: Any, *, nights: int = 2, first: dt.date = FIRST, **need: Any) -> Any:
    child = need.pop("child", None) or a_child()
    entitlement_grant(child=child, setting=window.setting, year=2027, by=None)
    fields = {
        "need_level": 2,
        "carer_strain": "moderate",
        "breakdown_risk": "possible",
        "lives_in_medway": True,
        "need_source": NeedSource.WORKER,
        **need,
    }
    return place_request_create(
        window=window, child=child, by=by, first_day=first, days=nights, today=TODAY, **fields
    )


def test_need_then_lottery_decides_and_the_same_seed_gives_the_same_run(
    parklands: Setting, users: dict[str, Any]
) -> None:
    window = _window(parklands)
    worker = users["social_worker"]
    urgent = _ask(window, worker, need_level=3, carer_strain="high", breakdown_risk="significant")
    kent = _ask(
        window, worker, need_level=3, carer_strain="high", breakdown_risk="significant", lives_in_medway=False
    )
    same = [_ask(window, worker) for _ in range(4)]
    published = PriorityVersion.objects.get(number=1)
    run = allocation_run(
        window=window, priority=published, by=users["commissioner"], today=TODAY, seed="20270601"
    )
    decisions = {decision.request_id: decision for decision in run.decisions.all()}
    # Two beds on the first nights: the child in most need first, then one of the four alike by lottery.
    assert decisions[urgent.id].position == 1
    assert decisions[urgent.id].reason.startswith("Offered the 2 nights from 26 July 2027 asked for.")
    assert decisions[kent.id].position == 6  # Medway children first, whatever the need
    assert "Medway children are considered first" in decisions[kent.id].reason
    alike = sorted(same, key=lambda request: priority.lottery("20270601", request.reference))
    assert decisions[alike[0].id].offered_days == 2
    assert all(decisions[request.id].offered_days == 0 for request in alike[1:])
    assert "drawn 2 of 4 by the lottery with seed 20270601" in decisions[alike[1].id].reason
    assert "Number 1 on the waiting list" in decisions[alike[1].id].reason
    again = allocation_run(
        window=window, priority=published, by=users["commissioner"], today=TODAY, seed="20270601"
    )
    assert again.fingerprint == run.fingerprint
    other = allocation_run(window=window, priority=published, by=users["commissioner"], today=TODAY, seed="1")
    assert {d.request_id: d.position for d in other.decisions.all()}[urgent.id] == 1


def test_a_flexible_request_is_offered_the_nearest_stay_that_fits(
    parklands: Setting, users: dict[str, Any]
) -> None:
    window = _window(parklands)
    worker = users["social_worker"]
    for _ in range(2):
        _ask(window, worker, need_level=3)
    flexible = _ask(window, worker, need_level=1, flexible=True)
    run = allocation_run(
        window=window,
        priority=PriorityVersion.objects.get(number=1),
        by=users["commissioner"],
        today=TODAY,
        seed="7",
    )
    decision = run.decisions.get(request=flexible)
    assert decision.offered_first_day == FIRST + dt.timedelta(
        days=1
    ) or decision.offered_first_day == FIRST + dt.timedelta(days=2)
    assert "offered 2 nights from" in decision.reason


def test_children_who_must_not_stay_together_are_given_different_nights(
    parklands: Setting, users: dict[str, Any]
) -> None:
    window = _window(parklands)
    worker = users["social_worker"]
    first = _ask(window, worker, need_level=3, nights=1)
    second = _ask(window, worker, need_level=2, nights=1, flexible=True)
    second.not_with.set([first.child])
    run = allocation_run(
        window=window,
        priority=PriorityVersion.objects.get(number=1),
        by=users["commissioner"],
        today=TODAY,
        seed="3",
    )
    assert run.decisions.get(request=first).offered_first_day == FIRST
    assert run.decisions.get(request=second).offered_first_day == FIRST + dt.timedelta(days=1)


def test_publishing_holds_offers_for_5_working_days_and_a_decline_goes_to_the_waiting_list(
    parklands: Setting, users: dict[str, Any]
) -> None:
    window = _window(parklands)
    worker = users["social_worker"]
    top = [_ask(window, worker, need_level=3, carer_strain="high") for _ in range(2)]
    waiting = _ask(window, worker, need_level=1)
    run = allocation_run(
        window=window,
        priority=PriorityVersion.objects.get(number=1),
        by=users["commissioner"],
        today=TODAY,
        seed="9",
    )
    assert allocation_publish(run=run, by=users["commissioner"], today=TODAY) == 2
    offer = top[0].offers.get()
    assert offer.respond_by == dt.date(2027, 6, 8)  # 5 working days after Tuesday 1 June
    assert offer.stay.status == BookingStatus.HELD
    waiting.refresh_from_db()
    assert waiting.status == RequestStatus.WAITING
    offer_answer(offer=offer, accept=False, by=users["parent_carer"], today=TODAY)
    waiting.refresh_from_db()
    assert waiting.status == RequestStatus.OFFERED  # the declined nights went to the waiting list
    assert waiting.offers.get().stay.first_day == FIRST
    second = top[1].offers.get()
    offer_answer(offer=second, accept=True, by=users["parent_carer"], today=TODAY)
    second.refresh_from_db()
    assert second.status == OfferStatus.ACCEPTED
    assert second.stay.bookings.filter(status=BookingStatus.BOOKED).count() == 2
    # An offer left unanswered past its deadline lapses.
    assert offers_expire(today=dt.date(2027, 6, 9)) == 1
    waiting.refresh_from_db()
    assert waiting.status == RequestStatus.EXPIRED


def test_the_whatif_shows_who_would_change_under_another_priority(
    parklands: Setting, users: dict[str, Any]
) -> None:
    window = _window(parklands)
    worker = users["social_worker"]
    needy = _ask(
        window, worker, need_level=3, carer_strain="high", breakdown_risk="possible", last_break_on=TODAY
    )
    at_risk = _ask(
        window,
        worker,
        need_level=2,
        carer_strain="moderate",
        breakdown_risk="significant",
        last_break_on=None,
    )
    third = _ask(window, worker, need_level=1, carer_strain="low", breakdown_risk="minimal")
    published = PriorityVersion.objects.get(number=1)
    draft = PriorityVersion.objects.get(number=2)
    run = allocation_run(window=window, priority=published, by=users["commissioner"], today=TODAY, seed="5")
    whatif = allocation_run(
        window=window, priority=draft, by=users["commissioner"], today=TODAY, seed="5", whatif=True
    )
    # v1: needy 30+20+15+0 = 65, at risk 20+10+30+12 = 72; v2 (risk 40, 2 a month to 24): 70 and 94.
    assert run.decisions.get(request=needy).points == 65
    assert whatif.decisions.get(request=at_risk).points == 94
    assert run.decisions.get(request=third).offered_days == 0
    with pytest.raises(Exception, match="never published"):
        allocation_publish(run=whatif, by=users["commissioner"], today=TODAY)
