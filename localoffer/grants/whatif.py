"""What if a draft policy applied to today's caseload? Every child with an active award is assessed again
under the draft, from the answers recorded at their last evaluation, by the same rules the coordinator and
the public checker use (`policy.assess`). Rows carry the case reference and age, never a name."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Q

from localoffer.grants.models import BudgetYear, OtherSupport, PolicyVersion, budget_year_of
from localoffer.grants.policy import Circumstances, assess
from localoffer.grants.selectors import active_awards


class Change:
    SAME = "No change"
    UP = "Higher level"
    DOWN = "Lower level"
    AMOUNT = "Same level, different amount"
    UNIVERSAL = "Priority access to the universal offer instead of money"
    NOT_ELIGIBLE = "No longer qualifies"


@dataclass
class Row:
    reference: str
    age: int
    current_level: int
    current_pence: int
    draft_level: int | None
    draft_pence: int
    change: str
    reasons: list[str]


@dataclass
class WhatIf:
    draft: PolicyVersion
    children: int
    current_pence: int
    draft_pence: int
    budget_pence: int | None
    budget_label: str
    counts: Counter[str] = field(default_factory=Counter)
    rows: list[Row] = field(default_factory=list)

    @property
    def saving_pence(self) -> int:
        return self.current_pence - self.draft_pence

    @property
    def count_rows(self) -> list[tuple[str, int]]:
        return self.counts.most_common()

    @property
    def changed_rows(self) -> list[Row]:
        return [row for row in self.rows if row.change != Change.SAME]


def whatif_run(*, draft: PolicyVersion, today: dt.date) -> WhatIf:
    levels = draft.ordered_levels()
    # One query for the children with other short breaks, rather than a subquery for every award.
    with_other = set(
        OtherSupport.objects.filter(started_on__lte=today)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
        .values_list("child_id", flat=True)
    )
    awards = (
        active_awards(today=today)
        .values_list(
            "case__reference",
            "child__date_of_birth",
            "level",
            "amount_pence",
            "case__has_diagnosis",
            "case__dla_rate",
            "case__lives_in_medway",
            "case__impact",
            "case__breakdown_risk",
            "child_id",
        )
        .order_by("case__reference")
    )
    year = budget_year_of(today)
    budget = BudgetYear.objects.filter(start_year=year).first()
    result = WhatIf(
        draft=draft,
        children=0,
        current_pence=0,
        draft_pence=0,
        budget_pence=budget.amount_pence if budget else None,
        budget_label=f"{year}/{str(year + 1)[-2:]}",
    )
    for reference, born, level, amount, diagnosis, dla, medway, impact, risk, child_id in awards.iterator(
        chunk_size=5000
    ):
        age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
        outcome = assess(
            draft,
            levels,
            Circumstances(
                age=age,
                has_diagnosis=bool(diagnosis),
                dla_rate=dla or "none",
                lives_in_medway=bool(medway),
                impact=impact,
                breakdown_risk=risk,
                other_short_breaks=child_id in with_other,
            ),
        )
        new_level = outcome.level.number if outcome.eligible and outcome.level else None
        new_amount = outcome.amount_pence
        if not outcome.eligible:
            change = Change.NOT_ELIGIBLE
        elif outcome.level and outcome.level.universal_offer_priority:
            change = Change.UNIVERSAL
        elif new_level is not None and new_level > level:
            change = Change.UP
        elif new_level is not None and new_level < level:
            change = Change.DOWN
        elif new_amount != amount:
            change = Change.AMOUNT
        else:
            change = Change.SAME
        result.children += 1
        result.current_pence += amount
        result.draft_pence += new_amount
        result.counts[change] += 1
        result.rows.append(
            Row(
                reference=reference,
                age=age,
                current_level=level,
                current_pence=amount,
                draft_level=new_level,
                draft_pence=new_amount,
                change=change,
                reasons=outcome.reasons if not outcome.eligible else [],
            )
        )
    return result


def whatif_csv(result: WhatIf) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        [
            "case_reference",
            "age",
            "current_level",
            "current_pence",
            "draft_level",
            "draft_pence",
            "change",
            "why",
        ]
    )
    for row in result.rows:
        writer.writerow(
            [
                row.reference,
                row.age,
                row.current_level,
                row.current_pence,
                row.draft_level or "",
                row.draft_pence,
                row.change,
                " ".join(row.reasons),
            ]
        )
    writer.writerow(["TOTAL", result.children, "", result.current_pence, "", result.draft_pence, "", ""])
    return out.getvalue()
