from __future__ import annotations

from typing import Any

import pytest

from localoffer.grants.models import StatementStatus
from localoffer.grants.services import policy_draft_create, policy_publish, policy_update
from localoffer.grants.statement import statement_draft_create, statement_publish

pytestmark = pytest.mark.sqlite


@pytest.fixture
def published(offer: None, policy: Any) -> Any:
    return statement_publish(statement=statement_draft_create(by=None), by=None)


def test_statement_lists_the_offer_by_level_and_the_policy(published: Any) -> None:
    content = published.content
    assert [section["level"] for section in content["sections"]] == ["universal", "targeted", "specialist"]
    names = {item["name"] for section in content["sections"] for item in section["services"]}
    assert any("Parklands" in name for name in names)
    assert [level["amount_pence"] for level in content["grant"]["levels"]] == [50_000, 75_000, 100_000]
    assert published.changes == ["The first published statement."]


def test_new_draft_shows_what_changed_and_publishing_keeps_the_old_version(
    published: Any, policy: Any
) -> None:
    import datetime as dt

    draft_policy = policy_draft_create(from_policy=policy, by=None)
    draft_policy = policy_update(
        policy=draft_policy,
        fields={"effective_from": dt.date(2027, 4, 1)},
        levels={3: {"amount_pence": 90_000}},
        by=None,
    )
    policy_publish(policy=draft_policy, by=None)
    draft = statement_draft_create(by=None)
    assert "Level 3: £1,000 becomes £900." in draft.changes
    statement_publish(statement=draft, by=None)
    published.refresh_from_db()
    assert published.status == StatementStatus.SUPERSEDED
    assert published.content["grant"]["levels"][2]["amount_pence"] == 100_000  # as it was published
