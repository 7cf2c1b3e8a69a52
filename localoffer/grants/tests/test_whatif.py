from __future__ import annotations

from typing import Any

from localoffer.grants.models import Award
from localoffer.grants.services import policy_draft_create, policy_update
from localoffer.grants.tests.conftest import TODAY
from localoffer.grants.whatif import Change, whatif_csv, whatif_run


def test_the_250_proposal_saving_is_computed_from_the_caseload(
    users: Any, policy: Any, grant_caseload: Any, proposal: Any
) -> None:
    grant_caseload(policy=policy, today=TODAY)
    result = whatif_run(draft=proposal, today=TODAY)
    active = Award.objects.filter(starts_on__lte=TODAY, ends_on__gte=TODAY)
    by_level = {level: active.filter(level=level).count() for level in (1, 2, 3)}
    # Level 1 (£500) becomes priority access to the universal offer; Levels 2 and 3 pay £250 less.
    assert result.saving_pence == by_level[1] * 50_000 + (by_level[2] + by_level[3]) * 25_000
    assert result.counts[Change.UNIVERSAL] == by_level[1]
    assert result.counts[Change.AMOUNT] == by_level[2] + by_level[3]


def test_stricter_criteria_show_who_no_longer_qualifies(users: Any, policy: Any, grant_caseload: Any) -> None:
    grant_caseload(policy=policy, today=TODAY, size=300)
    draft = policy_draft_create(from_policy=policy, by=None)
    draft = policy_update(
        policy=draft, fields={"criteria_rule": "both", "minimum_dla_rate": "middle"}, levels={}, by=None
    )
    result = whatif_run(draft=draft, today=TODAY)
    lost = [row for row in result.rows if row.change == Change.NOT_ELIGIBLE]
    assert lost
    assert all(row.draft_pence == 0 and row.reasons for row in lost)
    assert result.saving_pence == sum(row.current_pence for row in lost)
    text = whatif_csv(result)
    assert text.splitlines()[0].startswith("case_reference,age,current_level")
    assert text.splitlines()[-1] == f"TOTAL,{result.children},,{result.current_pence},,{result.draft_pence},,"


def test_stopping_the_grant_with_other_short_breaks_counts_those_families(
    users: Any, policy: Any, grant_caseload: Any
) -> None:
    from localoffer.grants.models import OtherSupport

    grant_caseload(policy=policy, today=TODAY, size=400)
    draft = policy_draft_create(from_policy=policy, by=None)
    draft = policy_update(policy=draft, fields={"stops_with_other_short_breaks": True}, levels={}, by=None)
    result = whatif_run(draft=draft, today=TODAY)
    with_other = (
        Award.objects.filter(starts_on__lte=TODAY, ends_on__gte=TODAY)
        .filter(child__in=OtherSupport.objects.filter(started_on__lte=TODAY).values("child_id"))
        .count()
    )
    assert with_other > 0
    assert result.counts[Change.NOT_ELIGIBLE] == with_other
