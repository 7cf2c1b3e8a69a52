"""What the service tells people about a referral: the acknowledgement with its reference, each outcome,
and the alert to duty for a worry about a child's safety. Queued in the referral's transaction, sent after
commit by the messaging task."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from localoffer.messaging.services import message_queue
from localoffer.referrals.models import Referral, Route, Status
from localoffer.teams.models import Team
from localoffer.teams.opening import describe_moment
from localoffer.teams.selectors import team_contact

NEXT_STEPS: dict[str, str] = {
    Status.SUBMITTED: "The team will look at it and tell you what happens next.",
    Status.IN_TRIAGE: "A worker in the team is looking at it. They will tell you what happens next.",
    Status.ACCEPTED: "The team will contact you to arrange an assessment.",
    Status.SIGNPOSTED: "The services below can help. You can contact them directly.",
    Status.NO_FURTHER_ACTION: "The team will not be taking this further. The reason is below.",
}


def safety_review_when(*, team: Team | None, now: dt.datetime | None = None) -> str:
    """When a duty worker will look at a worry sent now, from the duty service's opening hours: never
    "today" when the service is closed."""

    if team is None:
        return "as soon as the duty service is open"
    now = now or timezone.now()
    contact = team_contact(team=team, now=now)
    if contact.status.open_now and contact.status.closes_at is not None:
        closes = describe_moment(contact.status.closes_at, now).removeprefix("today at ")
        return f"as soon as they can: the service is open now, until {closes} today"
    if contact.status.next_opens_at is not None:
        return f"when the service opens, {describe_moment(contact.status.next_opens_at, now)}"
    return "as soon as the duty service is open"


def acknowledge(referral: Referral) -> None:
    team = referral.team.name if referral.team else "the council"
    if referral.route == Route.SAFETY_CONCERN:
        body = (
            f"Thank you for telling us. Your reference is {referral.reference}.\n\n"
            f"A duty worker from {team} will look at what you told us "
            f"{safety_review_when(team=referral.team, now=referral.submitted_at)}. If a child is in immediate "
            "danger, call 999 at any time."
        )
    else:
        body = (
            f"We have received your {referral.get_route_display().lower()}. Your reference is "
            f"{referral.reference}.\n\nIt has gone to {team}. {NEXT_STEPS[Status.SUBMITTED]}"
        )
    message_queue(
        to=referral.contact_email,
        subject=f"We have received it: {referral.reference}",
        body=body,
        about=referral,
    )


def outcome(referral: Referral) -> None:
    lines = [
        f"Your {referral.get_route_display().lower()} ({referral.reference}): {referral.get_status_display()}.",
        NEXT_STEPS.get(referral.status, ""),
    ]
    if referral.status == Status.SIGNPOSTED:
        lines += [f"- {service.name}" for service in referral.signposted_services.all()]
    if referral.outcome_reason:
        lines += ["", referral.outcome_reason]
    message_queue(
        to=referral.contact_email,
        subject=f"An update on {referral.reference}",
        body="\n".join(line for line in lines if line is not None),
        about=referral,
    )


def alert_duty(referral: Referral, *, more: bool = False) -> None:
    what = (
        "More information has been sent about a worry about a child's safety"
        if more
        else "A worry about a child's safety has been sent online"
    )
    message_queue(
        to=settings.DUTY_ALERT_EMAIL,
        subject=f"URGENT: {'more about ' if more else ''}a worry about a child's safety, {referral.reference}",
        body=f"{what}. It is at the top of the duty queue. Reference {referral.reference}. Sign in to see it.",
        about=referral,
        for_family=False,
    )
