"""Medway's short breaks grant as the Short Breaks Sufficiency Strategy 2024-2027 (draft) describes it, and
the strategy's own proposal, written as policy data. Sections of the strategy are named beside each fact.
Where the strategy is silent the value is a default a council would expect, marked as such."""

from __future__ import annotations

from typing import Any

DISABILITY_DEFINITION = (
    "A person has a disability if they have a physical or mental impairment which has a substantial and "
    "long-term adverse effect on their ability to perform normal day to day activities (Equality Act 2010)."
)

# s3.2: the three levels, by impact on the family and risk of family breakdown.
LEVELS: list[dict[str, Any]] = [
    {
        "number": 1,
        "name": "Level 1",
        "description": "Little or no impact on the family and/or minimal risk of family breakdown.",
        "amount_pence": 50_000,
        "universal_offer_priority": False,
    },
    {
        "number": 2,
        "name": "Level 2",
        "description": "Moderate impact on the family and/or possible risk of family breakdown.",
        "amount_pence": 75_000,
        "universal_offer_priority": False,
    },
    {
        "number": 3,
        "name": "Level 3",
        "description": "Significant or major impact on the family and/or significant risk of breakdown.",
        "amount_pence": 100_000,
        "universal_offer_priority": False,
    },
]

# s3.2 and s8.1.2: what families use the grant for, as short breaks for the child.
INCLUSIONS: list[dict[str, str]] = [
    {
        "label": "Leisure activities for the child and their carer",
        "examples": "Soft play, bowling, theatre, cinema, days out",
    },
    {
        "label": "Lessons and courses for the child",
        "examples": "Swimming lessons, horse riding, a photography course",
    },
    {
        "label": "Clubs and play schemes",
        "examples": "ROCC holiday clubs, after-school clubs, Scouts or Guides trips",
    },
    {
        "label": "A personal assistant or an extra carer",
        "examples": "A personal assistant for activities, an extra carer on a family break",
    },
]

# s7.2: the spending the strategy names as inappropriate (recommendation 4).
EXCLUSIONS: list[dict[str, str]] = [
    {"label": "Household goods and appliances", "examples": "A washing machine"},
    {
        "label": "Leisure passes or tickets for the whole family",
        "examples": "Passes for everyone in the family, rather than the child and their carer",
    },
]

TODAY: dict[str, Any] = {
    "number": 1,
    "title": "The short breaks grant as applied since 2016",
    "summary": (
        "The criteria Cabinet agreed in 2016, as the strategy finds them applied: a diagnosed disability "
        "and/or Disability Living Allowance, three levels by impact on the family and risk of breakdown, "
        "paid once a year and reviewed annually."
    ),
    "effective_from": "2016-04-01",
    "criteria_rule": "either",  # recommendation 4: applied as "and/or"
    "minimum_dla_rate": "lowest",
    "minimum_age": 0,
    "maximum_age": 17,  # a default: the strategy gives no age range for the grant
    "requires_medway_residence": True,
    "renewal_mode": "review",  # s3.2: reviewed annually
    "stops_with_other_short_breaks": False,
}

# s7.2 and recommendation 4: each band £250 less, Level 1 replaced by priority access to the universal offer.
PROPOSAL_250: dict[str, Any] = {
    "title": "Strategy proposal: each level £250 less, Level 1 becomes priority access to the universal offer",
    "summary": (
        "Recommendation 4 of the strategy: reduce each banding by £250 and substitute the Level 1 payment "
        "with priority access to the universal offer. The strategy estimates about £200,000 a year saved."
    ),
    "levels": {1: (0, True), 2: (50_000, False), 3: (75_000, False)},
}

# s5.2: 2022/23 spend £624,881 against a budget of £491,202.
BUDGETS_PENCE: dict[int, int] = {2022: 49_120_200}
SPEND_2022_23_PENCE = 62_488_100
