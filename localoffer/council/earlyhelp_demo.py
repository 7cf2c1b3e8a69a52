"""Demo early help, so `make run` shows a hub's caseload: Jordan Test's family, led by a partner agency's
practitioner (a school), assessed, with a plan overdue for review. Riley Placeholder's early help referral
waits in the Chatham hub's queue to be accepted. Made through the same services as the pages; every name is
made up."""

from __future__ import annotations

import datetime as dt

from localoffer.accounts.models import User
from localoffer.council.referral_demo import _send
from localoffer.earlyhelp import services
from localoffer.earlyhelp.models import Episode, Heading, KeyPoint, Rating
from localoffer.people.models import Child
from localoffer.referrals import services as referral_services
from localoffer.referrals.models import Route, Status

OPENED = dt.date(2026, 6, 1)


def earlyhelp_demo_load(users: dict[str, User]) -> None:
    """Load once: nothing happens if any early help exists, or Jordan's record is not there."""
    jordan = Child.objects.filter(first_name="Jordan", last_name="Test").first()
    if Episode.objects.exists() or jordan is None:
        return
    worker, partner = users["early.help"], users["partner"]
    referral = _send(
        users["referrer"],
        Route.EARLY_HELP,
        {
            "referrer_kind": "professional",
            "consent": "yes",
            "first_name": "Jordan",
            "last_name": "Test",
            "date_of_birth": "2018-11-02",
            "postcode": "ME5 1AA",
            "household": "Dad, Jordan and a baby sister.",
            "area": "Chatham",
            "topics": ["education", "health"],
            "details": "Jordan is often late or missing from school since the baby was born.",
            "help_wanted": "Help with mornings and someone to talk to.",
            "contact_email": "referrer@example.com",
        },
    )
    referral_services.referral_match_child(referral=referral, child=jordan, by=worker)
    referral.refresh_from_db()
    referral_services.referral_record_outcome(
        referral=referral, outcome=Status.ACCEPTED, reason="", by=worker
    )
    episode = Episode.objects.get(referral=referral)
    Episode.objects.filter(pk=episode.pk).update(opened_on=OPENED)  # as if accepted in June
    episode.refresh_from_db()
    services.lead_choose(
        episode=episode,
        lead=partner,
        with_family="Dad asked for Jordan's class teacher: they see each other every day.",
        by=worker,
    )
    services.assessment_record(
        episode=episode,
        going_well_family="Jordan loves his baby sister and helps with her.",
        going_well_practitioner="A warm, loving home; dad asks for help.",
        worries_family="Mornings are chaos and Jordan is late most days.",
        worries_practitioner="Attendance is 81% this year; dad is not sleeping.",
        family_aims="Jordan at school on time, and dad getting some sleep.",
        completed_on=OPENED + dt.timedelta(days=14),
        by=partner,
    )
    services.plan_action_add(
        episode=episode,
        action="Breakfast club place for Jordan",
        owner="Class teacher",
        due_on=OPENED + dt.timedelta(days=28),
        heading=Heading.SCHOOL_ATTENDANCE,
        by=partner,
    )
    services.plan_action_add(
        episode=episode,
        action="Ask the health visitor about the baby's sleep",
        owner="Dad",
        due_on=OPENED + dt.timedelta(days=21),
        heading=Heading.HEALTH,
        by=partner,
    )
    services.team_member_add(
        episode=episode,
        name="Jo Nurse",
        agency="Health visiting",
        role="Sleep routines for the baby",
        by=partner,
    )
    ratings: dict[str, tuple[str, str]] = {heading.value: (Rating.NOT_A_CONCERN, "") for heading in Heading}
    ratings[Heading.SCHOOL_ATTENDANCE] = (Rating.NO_CHANGE, "Attendance 81%")
    ratings[Heading.HEALTH] = (Rating.IMPROVING, "")
    services.progress_record(
        episode=episode,
        key_point=KeyPoint.START,
        recorded_on=OPENED + dt.timedelta(days=14),
        ratings=ratings,
        next_review_on=OPENED + dt.timedelta(days=70),
        by=partner,
    )
