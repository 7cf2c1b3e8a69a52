"""What referrals adds to a child's record (registered in ReferralsConfig.ready(); see people/sections.py): the
section and the chronology source share one read of the child's referrals for each reading of the record."""

from __future__ import annotations

from typing import Any

from localoffer.people.record import RecordRead
from localoffer.referrals.models import Referral
from localoffer.referrals.selectors import referrals_for_child


def _read(record: RecordRead) -> list[Referral]:
    return list(referrals_for_child(user=record.user, child=record.child))


def _referrals(record: RecordRead) -> list[Referral]:
    """The referrals about the child that the person looking may see, newest first, read once a reading."""
    return record.shared("referrals", _read)


def child_referrals(record: RecordRead) -> dict[str, Any]:
    """The referrals about the child that the person looking may see, each with what accepting it opened."""
    return {"child": record.child, "referrals": _referrals(record)}


def referral_chronology(record: RecordRead) -> list[Any]:
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
        for referral in _referrals(record)
        if referral.submitted_at
    ]
