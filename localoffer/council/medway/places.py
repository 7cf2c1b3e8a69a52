"""Medway's commissioned short breaks settings, their units and the staffing each unit needs, and the
published priority for allocating places by need. From the Short Breaks Sufficiency Strategy 2024-2027
(seed 003): sections 5.3, 5.5, 6 (Figures 5 and 6) and 7.3. Where the strategy is silent (how many beds
Parklands has, the notice to cancel), the figure is the council's working assumption and says so.
"""

from __future__ import annotations

from typing import Any

WEEKDAYS = [0, 1, 2, 3, 4]
EVERY_DAY = [0, 1, 2, 3, 4, 5, 6]


def _units(noun: str, count: int, *, staff: int, children: int) -> list[dict[str, Any]]:
    return [
        {"name": f"{noun} {number}", "ratio_staff": staff, "ratio_children": children}
        for number in range(1, count + 1)
    ]


SETTINGS: list[dict[str, Any]] = [
    {
        "slug": "parklands",
        "name": "Parklands short breaks home",
        "provider_name": "Medway Council",
        "kind": "overnight",
        "unit_noun": "bed",
        "day_noun": "night",
        "minimum_age": 5,
        "maximum_age": 18,
        "open_weekdays": EVERY_DAY,
        "description": "Overnight short breaks for children aged 5 to 18 with complex needs such as PEG "
        "feeding, personal care and mobility, on referral from the 0 to 25 disability team.",
        "nights_a_year": 24,
        # Working assumption: 5 beds, each needing half a member of staff at night (1 to 2). Two staff on
        # shift open 4 beds; three open all 5. The strategy: only 38 children get regular breaks because of
        # recruitment and retention, and agency staff are not permitted.
        "units": _units("Bed", 5, staff=1, children=2),
        # £600 a child a night with every bed full: 5 beds, so £3,000 to open the home for a night. With two
        # beds empty the same night costs £1,000 a child (s5.5). 2024/25's forecast of £959,916 (Figure 5)
        # is about 320 such nights.
        "day_cost_pence": 300_000,
        "price_pence": 60_000,
        "notice_days": 2,  # working assumption: two days' notice to cancel
        "children_served_strategy": 38,
        "source": "Seed 003 s5.5 (24 nights for up to 70 children aged 5 to 18; 38 children; £600 to £1,000 "
        "a night with two empty beds), Figure 5",
    },
    {
        "slug": "parklands-after-school",
        "name": "Parklands after school club",
        "provider_name": "Medway Council",
        "kind": "day",
        "unit_noun": "place",
        "day_noun": "session",
        "minimum_age": 5,
        "maximum_age": 18,
        "open_weekdays": WEEKDAYS,
        "description": "Small group care after school for children aged 5 to 18 with complex needs, on "
        "referral from the 0 to 25 disability team. Not running at present, for want of staff.",
        "nights_a_year": None,
        "units": _units("Place", 6, staff=1, children=2),
        "day_cost_pence": 6 * 5_110,  # Figure 6: Parklands 1 to 2, from £51.10 a child a session
        "price_pence": 5_110,
        "notice_days": 1,
        "children_served_strategy": None,
        "source": "Seed 003 s4 and s5.5 (not running for staffing reasons), Figure 6",
    },
    {
        "slug": "rocc-holidays",
        "name": "ROCC holiday club",
        "provider_name": "Rivermead Outreach Community Challenge (ROCC)",
        "kind": "day",
        "unit_noun": "place",
        "day_noun": "session",
        "minimum_age": 5,
        "maximum_age": 25,
        "open_weekdays": WEEKDAYS,
        "description": "Specialist holiday clubs for children and young people aged 5 to 25 with SEND, on "
        "and off site, in every school holiday. 150 places, and 100 more from the innovation grant, "
        "allocated by need with Medway children first.",
        "nights_a_year": None,
        # 150 places today and 100 from the innovation grant, at 1 to 3 (Figure 6's ROCC rate).
        "units": _units("Place", 250, staff=1, children=3),
        "day_cost_pence": 250 * 7_200,  # Figure 6: ROCC 1 to 3, £72 a child a 7-hour session
        "price_pence": 7_200,
        "notice_days": 7,  # working assumption: a week's notice to cancel a holiday session
        "children_served_strategy": 156,
        "source": "Seed 003 s5.3 (up to 150 each school holiday; 156 children, Figure 4), s7.3 (100 more), "
        "Figure 6",
    },
    {
        "slug": "rocc-term-time",
        "name": "ROCC after school and Saturdays",
        "provider_name": "Rivermead Outreach Community Challenge (ROCC)",
        "kind": "day",
        "unit_noun": "place",
        "day_noun": "session",
        "minimum_age": 5,
        "maximum_age": 25,
        "open_weekdays": [0, 1, 2, 3, 4, 5],
        "description": "Specialist term-time provision after school and on Saturdays for up to 50 children, "
        "from the innovation grant, allocated by need.",
        "nights_a_year": None,
        "units": _units("Place", 50, staff=1, children=3),
        "day_cost_pence": 50 * 7_200,
        "price_pence": 7_200,
        "notice_days": 2,
        "children_served_strategy": None,
        "source": "Seed 003 s7.3 (term-time provision for up to 50), Figure 6",
    },
    {
        "slug": "rocc-work-experience",
        "name": "ROCC work experience",
        "provider_name": "Rivermead Outreach Community Challenge (ROCC)",
        "kind": "day",
        "unit_noun": "place",
        "day_noun": "session",
        "minimum_age": 16,
        "maximum_age": 25,
        "open_weekdays": WEEKDAYS,
        "description": "An accredited work experience programme for up to 10 young adults with SEND that "
        "doubles as day care.",
        "nights_a_year": None,
        "units": _units("Place", 10, staff=1, children=2),
        "day_cost_pence": 10 * 8_200,  # Figure 6: ROCC 1 to 2, £82
        "price_pence": 8_200,
        "notice_days": 2,
        "children_served_strategy": None,
        "source": "Seed 003 s7.3 (up to 10 young adults)",
    },
]

# The published priority (version 1) and the strategy-led alternative a commissioner can try as a what-if.
_POINTS_V1 = {
    "need_level": {"1": 10, "2": 20, "3": 30},
    "carer_strain": {"low": 0, "moderate": 10, "high": 20},
    "breakdown_risk": {"minimal": 0, "possible": 15, "significant": 30},
    "months_since_last_break": {"per_month": 1, "most": 12, "never": 12},
    "other_support": {"yes": -10, "no": 0},
}
_POINTS_V2 = {
    **_POINTS_V1,
    "breakdown_risk": {"minimal": 0, "possible": 20, "significant": 40},
    "months_since_last_break": {"per_month": 2, "most": 24, "never": 24},
}

PRIORITIES: list[dict[str, Any]] = [
    {
        "number": 1,
        "title": "Need first, Medway children first",
        "points": _POINTS_V1,
        "band_width": 20,
        "medway_first": True,
        "status": "published",
    },
    {
        "number": 2,
        "title": "Draft: more weight on risk of breakdown and time since the last break",
        "points": _POINTS_V2,
        "band_width": 20,
        "medway_first": True,
        "status": "draft",
    },
]
