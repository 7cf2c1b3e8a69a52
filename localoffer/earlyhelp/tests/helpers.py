"""Early help for tests, made through the same services as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from localoffer.core.roles import Role
from localoffer.earlyhelp.models import Episode
from localoffer.referrals import services as referral_services
from localoffer.referrals.models import Route, Status
from localoffer.referrals.tests.helpers import a_submitted_referral


def an_accepted_early_help_referral(users: dict[str, Any], **changes: Any) -> Any:
    """A parent's early help referral to the Chatham hub, with a new child's record, accepted by the hub."""
    worker = users[Role.EARLY_HELP_PRACTITIONER]
    referral = a_submitted_referral(
        user=users[Role.PARENT_CARER], route=Route.EARLY_HELP, area="Chatham", **changes
    )
    referral_services.referral_create_child(referral=referral, by=worker)
    referral.refresh_from_db()
    return referral_services.referral_record_outcome(
        referral=referral, outcome=Status.ACCEPTED, reason="", by=worker
    )


def an_open_episode(users: dict[str, Any], **changes: Any) -> Episode:
    referral = an_accepted_early_help_referral(users, **changes)
    return Episode.objects.get(referral=referral)


def days_ago(days: int) -> dt.date:
    from django.utils import timezone

    return timezone.localdate() - dt.timedelta(days=days)


def earlyhelp_context(users: dict[str, Any]) -> dict[str, Any]:
    """For the access matrix: an open episode in the early help practitioner's hub, led by the partner
    practitioner, with the parent's account in the family, and one action in its plan."""
    from localoffer.earlyhelp import services

    episode = an_open_episode(users)
    services.lead_choose(
        episode=episode,
        lead=users[Role.PARTNER_PRACTITIONER],
        with_family="The family chose the school",
        by=users[Role.EARLY_HELP_PRACTITIONER],
    )
    services.family_member_add(
        family=episode.family, name="Pat", relationship="Mum", account=users[Role.PARENT_CARER], by=None
    )
    action = services.plan_action_add(
        episode=episode,
        action="Walk to school together",
        owner="Mum",
        due_on=episode.opened_on + dt.timedelta(days=14),
        heading="school_attendance",
        by=users[Role.EARLY_HELP_PRACTITIONER],
    )
    return {"episode": episode, "plan_action": action}
