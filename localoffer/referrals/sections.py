"""What referrals adds to a child's record (registered in ReferralsConfig.ready(); see people/sections.py)."""

from __future__ import annotations

from typing import Any

from localoffer.people.models import Child
from localoffer.referrals.selectors import referrals_for_child


def child_referrals(child: Child, user: Any) -> dict[str, Any]:
    """The referrals about the child that the person looking may see, each with what accepting it opened."""
    return {"child": child, "referrals": list(referrals_for_child(user=user, child=child))}


def referral_chronology(child: Child, user: Any) -> list[Any]:
    """Each referral about the child the person may see, in the child's chronology (people/chronology.py)."""
    from django.urls import reverse
    from django.utils import timezone

    from localoffer.people.chronology import ChronologyEntry

    return [
        ChronologyEntry(
            on=timezone.localtime(referral.submitted_at).date(),
            kind="referral",
            title=f"{referral.get_route_display()} received ({referral.reference}): {referral.get_status_display()}",
            url=reverse("referrals:detail", kwargs={"referral_id": referral.id}),
        )
        for referral in referrals_for_child(user=user, child=child)
        if referral.submitted_at
    ]
