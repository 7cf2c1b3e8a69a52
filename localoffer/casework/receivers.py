"""What casework does when something happens below it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.dispatch import receiver

from localoffer.referrals.models import Referral, Status
from localoffer.referrals.services import referral_opened_record
from localoffer.referrals.signals import outcome_recorded


@receiver(outcome_recorded, sender=Referral, dispatch_uid="casework-open-assessment-for-accepted-referral")
def open_assessment_for_accepted_referral(
    sender: Any, referral: Referral, outcome: str, by: Any = None, **kwargs: Any
) -> None:
    """Accepting a referral for assessment opens the assessment, and the referral links to it. Inside the
    outcome's transaction: if the assessment cannot be opened, the outcome is not recorded either."""
    if outcome != Status.ACCEPTED or by is None:
        return
    from localoffer.casework.services import assessment_open_for_referral

    assessment = assessment_open_for_referral(referral=referral, by=by)
    if assessment is None:
        return
    referral_opened_record(
        referral=referral,
        title=f"{assessment.get_kind_display()}, due {assessment.due_on:%-d %B %Y}",
        url_name="casework:assessment",
        url_kwargs={"assessment_id": str(assessment.id)},
        by=by,
    )


def offer_drafts_back(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """At sign-in, say what the person was typing when they last left, and where to carry on."""
    from localoffer.casework.models import Draft

    count = Draft.objects.filter(user=user).count()
    if count and request is not None and hasattr(request, "_messages"):
        noun = "something you were typing" if count == 1 else f"{count} things you were typing"
        messages.info(request, f"We kept {noun}: carry on from 'Your casework'.")
