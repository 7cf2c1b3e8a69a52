"""Medway's rate card and its rules for packages and direct payments.

The rate card is Figure 6 of the Short Breaks Sufficiency Strategy 2024-2027 (draft): the staff cost of a
7-hour session by ratio and provider. Where the strategy gives a range, the element is costed at the top of
it (`standard`) until a commissioner sets another figure; a ratio the figure marks "-" is not offered.
The rules are defaults from published direct payment guidance (see DOMAIN.md), each a setting a council can
change: payments stop after 4 weeks in hospital or abroad; a surplus above 8 weeks' funding is recovered,
repaid within 2 weeks or by reduced instalments; floating support is agreed at panel (strategy s5).
"""

from __future__ import annotations

SOURCE = "Short Breaks Sufficiency Strategy 2024-2027 (draft), Figure 6: comparison of short breaks costs"
EFFECTIVE_FROM = "2024-04-01"

# (service, ratio, low pence, high pence)
RATES: list[tuple[str, str, int, int]] = [
    ("medway_go", "1:3", 9600, 9600),
    ("medway_go", "1:1", 10700, 10700),
    ("rocc", "1:3", 7200, 7200),
    ("rocc", "1:2", 8200, 8200),
    ("rocc", "1:1", 11200, 11200),
    ("rocc", "2:1", 20000, 20000),
    ("pa_floating", "1:1", 13825, 24500),
    ("pa_floating", "2:1", 27650, 49000),
    ("parklands", "1:3", 3400, 5138),
    ("parklands", "1:2", 5110, 7707),
    ("parklands", "1:1", 10220, 15414),
    ("parklands", "2:1", 20400, 30828),
]

POLICY = {
    "effective_from": "2024-04-01",
    "suspension_stops_payments_after_weeks": 4,
    "surplus_threshold_weeks": 8,
    "repay_within_days": 14,
    "first_review_weeks": 12,
    "floating_support_needs_panel": True,
    "grant_stops_with_other_short_breaks": True,
    "source": (
        "Floating support is agreed at panel (strategy s5). The grant stops when short breaks come through "
        "another route (strategy s7.2). Payments stop after 4 weeks in hospital or abroad, and a surplus above "
        "8 weeks' funding is recovered (published direct payment guidance; defaults a council sets)."
    ),
}
