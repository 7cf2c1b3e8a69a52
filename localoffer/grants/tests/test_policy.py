from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from localoffer.grants.models import BreakdownRisk, Impact
from localoffer.grants.policy import Circumstances, assess, recommended_level_number

ELIGIBLE = Circumstances(
    age=9,
    has_diagnosis=True,
    dla_rate="middle",
    lives_in_medway=True,
    impact="moderate",
    breakdown_risk="minimal",
)


def _with(**changes: Any) -> Circumstances:
    return Circumstances(**{**ELIGIBLE.__dict__, **changes})


def test_the_higher_of_impact_and_risk_decides_the_level(policy: Any) -> None:
    outcome = assess(policy, policy.ordered_levels(), _with(impact="little", breakdown_risk="significant"))
    assert outcome.eligible
    assert outcome.level is not None
    assert (outcome.level.number, outcome.amount_pence) == (3, 100_000)
    assert outcome.reasons[-1] == "The higher of the two applies: Level 3."


@given(impact=st.sampled_from(Impact.values), risk=st.sampled_from(BreakdownRisk.values))
def test_recommendation_is_never_below_either_answer(impact: str, risk: str) -> None:
    level, reasons = recommended_level_number(impact, risk)
    assert level == max(Impact.values.index(impact), BreakdownRisk.values.index(risk)) + 1
    assert len(reasons) == 3


def test_today_either_diagnosis_or_dla_is_enough(policy: Any) -> None:
    levels = policy.ordered_levels()
    assert assess(policy, levels, _with(dla_rate="none")).eligible
    assert assess(policy, levels, _with(has_diagnosis=False)).eligible
    refused = assess(policy, levels, _with(has_diagnosis=False, dla_rate="none"))
    assert not refused.eligible
    assert refused.reasons == ["The grant needs a diagnosed disability or Disability Living Allowance."]


def test_refuses_grant_outside_medway_or_over_17(policy: Any) -> None:
    levels = policy.ordered_levels()
    assert (
        "The grant is for children who live in Medway."
        in assess(policy, levels, _with(lives_in_medway=False)).reasons
    )
    assert not assess(policy, levels, _with(age=18)).eligible


def test_a_policy_needing_both_and_middle_rate_refuses_lowest_rate(policy: Any) -> None:
    policy.criteria_rule, policy.minimum_dla_rate = "both", "middle"
    refused = assess(policy, policy.ordered_levels(), _with(dla_rate="lowest"))
    assert refused.reasons == ["The grant needs Disability Living Allowance at the middle rate or higher."]


def test_grant_stops_with_other_short_breaks_only_when_the_policy_says(policy: Any) -> None:
    levels = policy.ordered_levels()
    assert assess(policy, levels, _with(other_short_breaks=True)).eligible
    policy.stops_with_other_short_breaks = True
    assert not assess(policy, levels, _with(other_short_breaks=True)).eligible


def test_proposal_level_1_gives_priority_access_and_no_money(proposal: Any) -> None:
    outcome = assess(proposal, proposal.ordered_levels(), _with(impact="little"))
    assert outcome.eligible
    assert outcome.level is not None
    assert outcome.level.universal_offer_priority
    assert outcome.amount_pence == 0
