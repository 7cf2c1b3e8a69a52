"""Referrals for tests, made through the same services as the pages."""

from __future__ import annotations

from typing import Any

from localoffer.referrals import services
from localoffer.referrals.models import Referral, Route

CHILD = {"first_name": "Amara", "last_name": "Okafor", "date_of_birth": "2015-03-27", "postcode": "ME4 4TR"}

ANSWERS: dict[str, dict[str, Any]] = {
    Route.SHORT_BREAKS_GRANT: {
        **CHILD,
        "diagnosis": "Autism spectrum condition",
        "dla_care_rate": "middle",
        "dla_mobility_rate": "lower",
        "impact_on_family": "We cannot go out as a family.",
        "risk_of_breakdown": "I am exhausted.",
        "carers_needs": "Some sleep.",
        "breaks_wanted": "Swimming lessons.",
        "payment_method": "prepaid_card",
        "contact_email": "parent@example.com",
    },
    Route.DISABILITY_TEAM: {
        "referrer_kind": "parent_carer",
        **CHILD,
        "diagnosis": "Cerebral palsy",
        "long_term": "yes",
        "lives_in_medway": "yes",
        "needs": "Help with moving and handling at home.",
        "contact_email": "parent@example.com",
    },
    Route.EARLY_HELP: {
        "referrer_kind": "parent_carer",
        **CHILD,
        "household": "Me and two children.",
        "area": "Strood",
        "topics": ["housing", "money"],
        "details": "We are behind on rent.",
        "help_wanted": "Advice on money.",
        "contact_email": "parent@example.com",
    },
    Route.CARERS_ASSESSMENT: {
        **CHILD,
        "caring": "Night care most nights.",
        "carers_needs": "A break.",
        "contact_email": "parent@example.com",
    },
    Route.SUPPORTED_LIVING: {
        "referrer_kind": "young_person",
        "first_name": "Sam",
        "last_name": "Reed",
        "date_of_birth": "2005-01-02",
        "postcode": "ME7 1AA",
        "looking_for": "A flat with support nearby.",
        "contact_email": "sam@example.com",
    },
}


def a_draft(
    *, user: Any, route: str = Route.SHORT_BREAKS_GRANT, answers: dict[str, Any] | None = None
) -> Referral:
    """A draft whose person has been through every page (with these answers)."""
    from localoffer.referrals.routes import SPECS

    draft = services.referral_draft_start(user=user, route=route)
    draft.answers = {**draft.answers, **(ANSWERS[route] if answers is None else answers)}
    draft.steps_done = [step.slug for step in SPECS[route].applicable_steps(draft.answers)]
    draft.save()
    return draft


def a_submitted_referral(*, user: Any, route: str = Route.SHORT_BREAKS_GRANT, **changes: Any) -> Referral:
    draft = a_draft(user=user, route=route, answers={**ANSWERS[route], **changes})
    return services.referral_submit(referral=draft, by=user)


def a_safety_concern(*, key: str = "key-1", by: Any = None, **changes: Any) -> Referral:
    answers = {
        "referrer_kind": "professional",
        "child_name": "Amara Okafor",
        "child_age": "9",
        "where": "ME4 4TR",
        "concern": "Bruises on the arm, twice this week.",
        "family_knows": "no",
        "no_consent_reason": "Telling them could put the child at more risk.",
        "contact_name": "A teacher",
        "contact_phone": "01634 000 000",
        "contact_email": "teacher@school.example",
        **changes,
    }
    return services.safety_concern_submit(idempotency_key=key, by=by, answers=answers)


PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def a_submitted_referral_with_evidence(*, user: Any) -> tuple[Referral, Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    draft = a_draft(user=user, route=Route.SHORT_BREAKS_GRANT)
    evidence = services.evidence_add(
        referral=draft,
        kind="dla_award",
        upload=SimpleUploadedFile("award letter.pdf", PDF, content_type="application/pdf"),
        by=user,
    )
    return services.referral_submit(referral=draft, by=user), evidence
