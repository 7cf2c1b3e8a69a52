"""What the grants app does when something happens elsewhere."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from localoffer.referrals.models import Referral, Route, Status
from localoffer.referrals.services import referral_opened_record
from localoffer.referrals.signals import outcome_recorded


@receiver(outcome_recorded, sender=Referral, dispatch_uid="grants-open-case-for-accepted-application")
def open_case_for_accepted_application(
    sender: Any, referral: Referral, outcome: str, by: Any = None, **kwargs: Any
) -> None:
    """An accepted short breaks grant application opens its evaluation, and the referral links to it. Sent
    inside the outcome's transaction, so if the case cannot be opened the outcome is not recorded either."""
    if outcome == Status.ACCEPTED and referral.route == Route.SHORT_BREAKS_GRANT:
        from localoffer.grants.services import case_open_for_referral

        case = case_open_for_referral(referral=referral)
        referral_opened_record(
            referral=referral,
            title="Short breaks grant evaluation",
            reference=case.reference,
            url_name="grants:case",
            url_kwargs={"case_id": str(case.id)},
            by=by,
        )
