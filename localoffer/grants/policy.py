"""The grant's rules, read from a policy version: who qualifies, and at which level.

One function answers for the public checker, the coordinator's recommendation and the what-if model, so
the three can never disagree. Pure: it reads the policy and the circumstances it is given, nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from localoffer.grants.models import (
    DLA_ORDER,
    BreakdownRisk,
    CriteriaRule,
    DlaRate,
    Impact,
    PolicyLevel,
    PolicyVersion,
)

IMPACT_SCORE = {Impact.LITTLE: 1, Impact.MODERATE: 2, Impact.SIGNIFICANT: 3}
RISK_SCORE = {BreakdownRisk.MINIMAL: 1, BreakdownRisk.POSSIBLE: 2, BreakdownRisk.SIGNIFICANT: 3}


@dataclass(frozen=True)
class Circumstances:
    age: int
    has_diagnosis: bool
    dla_rate: str
    lives_in_medway: bool
    impact: str
    breakdown_risk: str
    other_short_breaks: bool = False


@dataclass
class Outcome:
    eligible: bool
    reasons: list[str] = field(default_factory=list)
    level: PolicyLevel | None = None

    @property
    def amount_pence(self) -> int:
        return self.level.amount_pence if self.eligible and self.level else 0

    @property
    def gets_money(self) -> bool:
        return self.amount_pence > 0


def dla_counts(policy: PolicyVersion, rate: str) -> bool:
    return rate != DlaRate.NONE and DLA_ORDER[DlaRate(rate)] >= DLA_ORDER[DlaRate(policy.minimum_dla_rate)]


def recommended_level_number(impact: str, breakdown_risk: str) -> tuple[int, list[str]]:
    """The level the conversation points to. The levels are worded "impact and/or risk", so the higher of
    the two decides: each answer points to a level, and the recommendation is the higher one."""
    by_impact = IMPACT_SCORE[Impact(impact)]
    by_risk = RISK_SCORE[BreakdownRisk(breakdown_risk)]
    level = max(by_impact, by_risk)
    reasons = [
        f"{Impact(impact).label} points to Level {by_impact}.",
        f"{BreakdownRisk(breakdown_risk).label} points to Level {by_risk}.",
        f"The higher of the two applies: Level {level}.",
    ]
    return level, reasons


def assess(policy: PolicyVersion, levels: list[PolicyLevel], c: Circumstances) -> Outcome:
    """Whether a child qualifies under `policy` and at which level, with the reasons in plain words."""
    refusals: list[str] = []
    if not policy.minimum_age <= c.age <= policy.maximum_age:
        refusals.append(
            f"The grant is for children aged {policy.minimum_age} to {policy.maximum_age}; this child is {c.age}."
        )
    if policy.requires_medway_residence and not c.lives_in_medway:
        refusals.append("The grant is for children who live in Medway.")
    dla = dla_counts(policy, c.dla_rate)
    if policy.criteria_rule == CriteriaRule.BOTH:
        if not c.has_diagnosis:
            refusals.append("The grant needs a diagnosed disability (Equality Act definition).")
        if not dla:
            refusals.append(_dla_refusal(policy))
    elif not (c.has_diagnosis or dla):
        refusals.append("The grant needs a diagnosed disability or Disability Living Allowance.")
    if policy.stops_with_other_short_breaks and c.other_short_breaks:
        refusals.append(
            "The family already gets short breaks through another route, and under this policy the grant "
            "stops when that happens."
        )
    if refusals:
        return Outcome(eligible=False, reasons=refusals)
    number, reasons = recommended_level_number(c.impact, c.breakdown_risk)
    level = next((item for item in levels if item.number == number), None)
    if level is None:  # a policy with fewer levels: the nearest one below
        lower = [item for item in levels if item.number < number]
        level = max(lower, key=lambda item: item.number) if lower else None
    if level is None:
        return Outcome(eligible=False, reasons=["This policy has no level for these needs."])
    return Outcome(eligible=True, reasons=reasons, level=level)


def _dla_refusal(policy: PolicyVersion) -> str:
    if policy.minimum_dla_rate in (DlaRate.LOWEST, DlaRate.NONE):
        return "The grant needs Disability Living Allowance."
    return (
        "The grant needs Disability Living Allowance at the "
        f"{DlaRate(policy.minimum_dla_rate).label.lower()} or higher."
    )
