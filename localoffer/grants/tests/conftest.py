from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def policy(db: Any) -> Any:
    """Medway's published policy, with the strategy's £250 proposal as a draft."""
    from localoffer.grants.services import medway_policy_load

    return medway_policy_load()


@pytest.fixture
def proposal(policy: Any) -> Any:
    from localoffer.grants.models import PolicyStatus, PolicyVersion

    return PolicyVersion.objects.get(status=PolicyStatus.DRAFT, title__startswith="Strategy proposal")
