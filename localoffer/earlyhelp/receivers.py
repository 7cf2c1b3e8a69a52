"""What early help does when something happens in referrals (below it)."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from localoffer.earlyhelp.services import episode_open_for_referral, step_up_accepted
from localoffer.referrals.models import Referral, Route, Status
from localoffer.referrals.services import referral_opened_record
from localoffer.referrals.signals import outcome_recorded


@receiver(outcome_recorded, sender=Referral, dispatch_uid="earlyhelp-open-for-accepted-referral")
def open_early_help_for_accepted_referral(
    sender: Any, referral: Referral, outcome: str, by: Any = None, **kwargs: Any
) -> None:
    """An accepted early help referral opens the family's early help in its hub, and the referral links to it.
    A step up accepted by social care closes the early help episode it came from, as stepped up. Sent inside
    the outcome's transaction: if either fails, the outcome is not recorded either."""
    if outcome != Status.ACCEPTED:
        return
    if referral.route == Route.EARLY_HELP:
        episode = episode_open_for_referral(referral=referral, by=by)
        referral_opened_record(
            referral=referral,
            title=f"Early help for {episode.family.name}",
            reference=episode.family.reference,
            url_name="earlyhelp:episode",
            url_kwargs={"episode_id": str(episode.id)},
            by=by,
        )
    step_up_accepted(referral=referral, by=by)
