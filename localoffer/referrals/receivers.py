"""Listening to the apps below: when a family proves an email address is theirs, what they sent with it joins
their account."""

from __future__ import annotations

from typing import Any

from localoffer.core.roles import FAMILY_ROLES
from localoffer.referrals.models import Referral, ReferrerKind, Route, Status


def link_sent_referrals_to_verified_account(sender: Any, *, user: Any, email: str, **kwargs: Any) -> None:
    """Applications and referrals sent without an account, with this email address as the sender's, become
    the new account's own, so the family sees where each one is and the messages sent about it.

    Never a worry about a child's safety (a family is never shown one, even their own, once it has gone to
    duty); never one a partner organisation or a professional sent; never a draft (it carries on by its own
    link). The children's records are not touched: a worker confirms who a child is."""
    if getattr(user, "role", "") not in FAMILY_ROLES or not email:
        return
    sent_with_this_email = (
        Referral.objects.select_for_update()
        .filter(submitted_by__isnull=True, partner__isnull=True, contact_email__iexact=email)
        .exclude(route=Route.SAFETY_CONCERN)
        .exclude(status=Status.DRAFT)
        .exclude(referrer_kind=ReferrerKind.PROFESSIONAL)
    )
    for referral in sent_with_this_email:
        referral.submitted_by = user
        referral.save(update_fields=["submitted_by", "updated_at"])
