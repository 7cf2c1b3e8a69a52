"""What referrals adds to a child's record (registered in ReferralsConfig.ready(); see people/sections.py)."""

from __future__ import annotations

from typing import Any

from localoffer.people.models import Child
from localoffer.referrals.selectors import referrals_for_child


def child_referrals(child: Child, user: Any) -> dict[str, Any]:
    """The referrals about the child that the person looking may see, each with what accepting it opened."""
    return {"child": child, "referrals": list(referrals_for_child(user=user, child=child))}
