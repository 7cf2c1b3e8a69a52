"""Demo referrals, a few in each queue, so `make run` shows the queues, triage and a family's view.
Made through the same services as the pages. Every name is made up."""

from __future__ import annotations

from typing import Any

from localoffer.accounts.models import User
from localoffer.referrals import services
from localoffer.referrals.models import Referral, Route
from localoffer.referrals.routes import SPECS

ALEX = {"first_name": "Alex", "last_name": "Example", "date_of_birth": "2015-03-27", "postcode": "ME4 1AA"}
RILEY = {
    "first_name": "Riley",
    "last_name": "Placeholder",
    "date_of_birth": "2012-01-20",
    "postcode": "ME2 1AA",
}


def _send(user: User, route: str, answers: dict[str, Any]) -> Referral:
    draft = services.referral_draft_start(user=user, route=route)
    draft.answers = {**draft.answers, **answers}
    draft.steps_done = [step.slug for step in SPECS[route].applicable_steps(draft.answers)]
    draft.save()
    return services.referral_submit(referral=draft, by=user)


def referrals_demo_load(users: dict[str, User]) -> None:
    """Load once: nothing happens if any referral exists."""
    if Referral.objects.exists():
        return
    _send(
        users["parent"],
        Route.SHORT_BREAKS_GRANT,
        {
            **ALEX,
            "diagnosis": "Autism spectrum condition and a learning disability",
            "dla_care_rate": "middle",
            "dla_mobility_rate": "lower",
            "impact_on_family": "Alex needs someone with him at all times, day and night.",
            "risk_of_breakdown": "We have had no break for a year and are very tired.",
            "carers_needs": "Time to rest and to spend with Alex's sister.",
            "breaks_wanted": "Swimming lessons and a holiday club.",
            "payment_method": "prepaid_card",
            "contact_email": "parent@example.com",
        },
    )
    _send(
        users["referrer"],
        Route.DISABILITY_TEAM,
        {
            "referrer_kind": "professional",
            "consent": "yes",
            **RILEY,
            "diagnosis": "Cerebral palsy",
            "long_term": "yes",
            "lives_in_medway": "yes",
            "needs": "Help with moving and handling at home and at school.",
            "contact_email": "referrer@example.com",
        },
    )
    _send(
        users["referrer"],
        Route.EARLY_HELP,
        {
            "referrer_kind": "professional",
            "consent": "yes",
            **RILEY,
            "household": "Mother and two children.",
            "area": "Chatham",
            "topics": ["housing", "money"],
            "details": "The family are behind with their rent.",
            "help_wanted": "Advice on money and housing.",
            "contact_email": "referrer@example.com",
        },
    )
    _send(
        users["young.person"],
        Route.SUPPORTED_LIVING,
        {
            "referrer_kind": "young_person",
            "first_name": "Sam",
            "last_name": "Sample",
            "date_of_birth": "2006-07-14",
            "postcode": "ME7 1AA",
            "looking_for": "A flat of my own with support near my college.",
            "contact_email": "young.person@example.com",
        },
    )
    services.safety_concern_submit(
        idempotency_key="demo-safety-concern",
        by=None,
        answers={
            "referrer_kind": "other",
            "child_name": "",
            "child_age": "about 6",
            "where": "A flat near the station",
            "concern": "A young child is often left alone in the evening and cries for a long time.",
            "family_knows": "no",
            "no_consent_reason": "I am a neighbour and worried about asking them.",
            "contact_name": "",
            "contact_phone": "",
            "contact_email": "",
        },
    )
    # A draft the parent saved to come back to.
    draft = services.referral_draft_start(user=users["parent"], route=Route.CARERS_ASSESSMENT)
    draft.answers = {**draft.answers, **ALEX}
    draft.current_step = "child"
    draft.save()
