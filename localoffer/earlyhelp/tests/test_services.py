"""Early help's services: the family as the unit, opened by an accepted referral, one lead chosen with the
family, the assessment, plan, progress, step up and down, closure and the outcome evidence."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from localoffer.accounts.tests.factories import UserFactory
from localoffer.core.roles import Role
from localoffer.core.transitions import StatusChangeNotAllowed
from localoffer.earlyhelp import selectors, services
from localoffer.earlyhelp.access import episode_access, episodes_visible_to
from localoffer.earlyhelp.models import (
    ClosureOutcome,
    Episode,
    EpisodeStatus,
    Heading,
    KeyPoint,
    Rating,
    Sustained,
)
from localoffer.earlyhelp.tests.helpers import an_open_episode, days_ago
from localoffer.referrals import services as referral_services
from localoffer.referrals.models import Route, Status
from localoffer.teams.models import Team

pytestmark = pytest.mark.django_db

NONE: dict[str, tuple[str, str]] = {heading.value: (Rating.NOT_A_CONCERN, "") for heading in Heading}


def _ratings(**given: tuple[str, str]) -> dict[str, tuple[str, str]]:
    return {**NONE, **given}


def test_an_accepted_early_help_referral_opens_the_familys_early_help_in_its_hub(
    users: dict[str, Any],
) -> None:
    episode: Any = an_open_episode(users)
    assert episode.hub.slug == "chatham-all-saints-hub"
    assert episode.status == EpisodeStatus.OPEN
    members = {member.relationship: member for member in episode.family.members.all()}
    assert members["Child"].child == episode.referral.child
    assert episode.family.name == "The Okafor family"
    assert episode.family.household == "Me and two children."
    # The referral links to what accepting opened.
    titles = [opened.title for opened in episode.referral.opened.all()]
    assert "Early help for The Okafor family" in titles


def test_a_second_accepted_referral_for_the_same_child_joins_the_open_episode(users: dict[str, Any]) -> None:
    episode: Any = an_open_episode(users)
    child = episode.referral.child
    second = referral_services.referral_send_from_practitioner(
        route=Route.EARLY_HELP,
        team=episode.hub,
        child=child,
        by=users[Role.SOCIAL_WORKER],
        answers={"Step down from social care": "Keep going with school."},
        consent_given=True,
        sent_with_title="record",
        sent_with_url_name="people:child-detail",
        sent_with_url_kwargs={"child_id": str(child.id)},
    )
    referral_services.referral_record_outcome(
        referral=second, outcome=Status.ACCEPTED, reason="", by=users[Role.EARLY_HELP_PRACTITIONER]
    )
    assert Episode.objects.filter(family=episode.family).count() == 1


def test_the_lead_is_chosen_with_the_family_from_the_hub_or_a_partner(users: dict[str, Any]) -> None:
    episode: Any = an_open_episode(users)
    worker = users[Role.EARLY_HELP_PRACTITIONER]
    elsewhere: Any = UserFactory(role=Role.EARLY_HELP_PRACTITIONER, team=Team.objects.get(slug="strood-hub"))
    with pytest.raises(ValidationError) as refused:
        services.lead_choose(episode=episode, lead=elsewhere, with_family="They know her", by=worker)
    assert "Choose a practitioner in the hub" in str(refused.value)
    partner = users[Role.PARTNER_PRACTITIONER]
    with pytest.raises(ValidationError) as no_say:
        services.lead_choose(episode=episode, lead=partner, with_family="  ", by=worker)
    assert "what the family said" in str(no_say.value)
    services.lead_choose(
        episode=episode, lead=partner, with_family="Mum chose the school: Amara trusts her teacher", by=worker
    )
    episode.refresh_from_db()
    assert episode.lead_practitioner == partner
    assert episode.lead_chosen_on == timezone.localdate()


def test_a_partner_sees_only_the_families_they_lead(users: dict[str, Any]) -> None:
    led: Any = an_open_episode(users)
    other: Any = an_open_episode(users, first_name="Ben", last_name="Other")
    partner = users[Role.PARTNER_PRACTITIONER]
    assert not episode_access(partner, led).allowed
    services.lead_choose(
        episode=led, lead=partner, with_family="Chosen by dad", by=users[Role.EARLY_HELP_PRACTITIONER]
    )
    led.refresh_from_db()
    assert episode_access(partner, led).may_work
    assert not episode_access(partner, other).allowed
    assert list(episodes_visible_to(partner)) == [led]
    # The hub sees both; a social worker with no step up to their team, neither.
    assert set(episodes_visible_to(users[Role.EARLY_HELP_PRACTITIONER])) == {led, other}
    assert not episode_access(users[Role.SOCIAL_WORKER], led).allowed


def test_the_assessment_sets_the_first_review_and_an_overdue_plan_is_listed(users: dict[str, Any]) -> None:
    episode: Any = an_open_episode(users)
    worker = users[Role.EARLY_HELP_PRACTITIONER]
    Episode.objects.filter(pk=episode.pk).update(opened_on=days_ago(60))
    episode.refresh_from_db()
    services.assessment_record(
        episode=episode,
        going_well_family="We laugh together.",
        going_well_practitioner="Warm relationships.",
        worries_family="Amara will not go to school.",
        worries_practitioner="Attendance is 60%.",
        family_aims="Amara back at school every day.",
        completed_on=days_ago(50),
        by=worker,
    )
    episode.refresh_from_db()
    assert episode.review_due_on == days_ago(50) + dt.timedelta(weeks=services.FIRST_REVIEW_WEEKS)
    result = selectors.caseload(user=worker, hub=episode.hub)
    assert result.overdue == [episode]
    assert result.groups[0].lead is None  # no lead yet: listed first


def test_progress_needs_evidence_for_an_achieved_outcome_and_a_next_review(users: dict[str, Any]) -> None:
    episode: Any = an_open_episode(users)
    worker = users[Role.EARLY_HELP_PRACTITIONER]
    with pytest.raises(ValidationError) as refused:
        services.progress_record(
            episode=episode,
            key_point=KeyPoint.REVIEW,
            recorded_on=timezone.localdate(),
            ratings=_ratings(school_attendance=(Rating.ACHIEVED, "")),
            next_review_on=None,
            by=worker,
        )
    errors = refused.value.message_dict
    assert "evidence_school_attendance" in errors
    assert errors["next_review_on"] == ["Enter the date of the plan's next review"]
    with pytest.raises(ValidationError) as nothing:
        services.progress_record(
            episode=episode,
            key_point=KeyPoint.START,
            recorded_on=timezone.localdate(),
            ratings=NONE,
            next_review_on=timezone.localdate() + dt.timedelta(days=30),
            by=worker,
        )
    assert "Rate at least one heading" in str(nothing.value)


def test_a_step_up_sends_the_early_help_record_and_acceptance_closes_the_episode(
    users: dict[str, Any],
) -> None:
    episode: Any = an_open_episode(users)
    worker = users[Role.EARLY_HELP_PRACTITIONER]
    services.assessment_record(
        episode=episode,
        going_well_family="We laugh together.",
        going_well_practitioner="Warm relationships.",
        worries_family="Amara is hurting herself.",
        worries_practitioner="Self-harm is increasing.",
        family_aims="Amara safe and happy.",
        completed_on=timezone.localdate(),
        by=worker,
    )
    services.plan_action_add(
        episode=episode,
        action="Ask the GP for a CAMHS referral",
        owner="Mum",
        due_on=timezone.localdate() + dt.timedelta(days=7),
        heading=Heading.HEALTH,
        by=worker,
    )
    child = episode.referral.child
    record = services.step_up(
        episode=episode,
        to="disability",
        child=child,
        reason="Needs a social work assessment of her disability.",
        consent_given=True,
        by=worker,
    )
    referral: Any = record.referral
    assert referral.team.slug == "0-to-25-disability-team"
    assert referral.status == Status.SUBMITTED
    assert referral.child == child
    assert referral.answers["The worries (the family's words)"] == "Amara is hurting herself."
    assert "Ask the GP for a CAMHS referral (owner: Mum" in referral.answers["The family plan"]
    assert [sent.get_absolute_url() for sent in referral.sent_with.all()] == [f"/early-help/{episode.id}/"]
    # The receiving team reads the record; the lead stays until the team accepts.
    social_worker = users[Role.SOCIAL_WORKER]
    assert episode_access(social_worker, episode).allowed
    assert not episode_access(social_worker, episode).may_work
    episode.refresh_from_db()
    assert episode.is_open
    referral_services.referral_record_outcome(
        referral=referral, outcome=Status.ACCEPTED, reason="", by=social_worker
    )
    episode.refresh_from_db()
    assert episode.status == EpisodeStatus.STEPPED_UP
    assert episode.closure_outcome == ClosureOutcome.STEPPED_UP
    with pytest.raises(StatusChangeNotAllowed):
        services.team_member_add(episode=episode, name="A", agency="B", role="C", by=worker)


def test_a_step_up_without_consent_needs_the_reason(users: dict[str, Any]) -> None:
    episode: Any = an_open_episode(users)
    with pytest.raises(ValidationError) as refused:
        services.step_up(
            episode=episode,
            to="duty",
            child=episode.referral.child,
            reason="Bruises seen at school.",
            consent_given=False,
            by=users[Role.EARLY_HELP_PRACTITIONER],
        )
    assert "without the family's consent" in str(refused.value)


def test_a_step_down_is_a_referral_to_the_hub_that_opens_early_help_when_accepted(
    users: dict[str, Any], child: Any
) -> None:
    hub = Team.objects.get(slug="chatham-all-saints-hub")
    referral = services.step_down(
        child=child,
        hub=hub,
        reason="Assessment done; the family wants help with routines.",
        consent_given=True,
        by=users[Role.SOCIAL_WORKER],
    )
    assert referral.route == Route.EARLY_HELP
    assert referral.team == hub
    assert referral.sent_with.get().url_name == "people:child-detail"
    referral_services.referral_record_outcome(
        referral=referral, outcome=Status.ACCEPTED, reason="", by=users[Role.EARLY_HELP_PRACTITIONER]
    )
    episode = Episode.objects.get(referral=referral)
    # The child's family accounts become members, so the parent sees their family's early help.
    assert episode.family.members.filter(account=users[Role.PARENT_CARER]).exists()
    assert selectors.family_episodes(user=users[Role.PARENT_CARER]) == [episode]


def test_only_the_family_says_how_it_is_going(users: dict[str, Any], child: Any) -> None:
    episode: Any = an_open_episode(users)
    with pytest.raises(ValidationError):
        services.feedback_give(episode=episode, by=users[Role.YOUNG_PERSON], how_it_is_going="well")
    parent = users[Role.PARENT_CARER]
    services.family_member_add(family=episode.family, name="Pat", relationship="Mum", account=parent, by=None)
    services.feedback_give(episode=episode, by=parent, how_it_is_going="ok", comments="The school helps.")
    assert episode.feedback.get().comments == "The school helps."


def test_closure_and_the_outcome_evidence_for_a_period(users: dict[str, Any]) -> None:
    worker = users[Role.EARLY_HELP_PRACTITIONER]
    sustained: Any = an_open_episode(users)
    other: Any = an_open_episode(users, first_name="Ben", last_name="Other")
    for episode in (sustained, other):
        Episode.objects.filter(pk=episode.pk).update(opened_on=days_ago(200))
        episode.refresh_from_db()
    services.progress_record(
        episode=sustained,
        key_point=KeyPoint.START,
        recorded_on=days_ago(190),
        ratings=_ratings(school_attendance=(Rating.NO_CHANGE, ""), work=(Rating.NO_CHANGE, "")),
        next_review_on=days_ago(100),
        by=worker,
    )
    services.progress_record(
        episode=sustained,
        key_point=KeyPoint.CLOSURE,
        recorded_on=days_ago(10),
        ratings=_ratings(
            school_attendance=(Rating.SUSTAINED, "Attendance 96% for two terms"),
            work=(Rating.IMPROVING, ""),
        ),
        next_review_on=None,
        by=worker,
    )
    services.progress_record(
        episode=other,
        key_point=KeyPoint.START,
        recorded_on=days_ago(190),
        ratings=_ratings(school_attendance=(Rating.WORSE, "")),
        next_review_on=days_ago(100),
        by=worker,
    )
    services.episode_close(
        episode=sustained,
        outcome=ClosureOutcome.ACHIEVED,
        sustained=Sustained.YES,
        summary="Back at school.",
        closed_on=days_ago(5),
        by=worker,
    )
    report = selectors.outcome_return(user=worker, start=days_ago(30), end=timezone.localdate())
    assert report.families_supported == 2
    school = next(row for row in report.rows if row.heading == Heading.SCHOOL_ATTENDANCE)
    assert school.families_with_need == 2
    assert [item.evidence for item in school.sustained] == ["Attendance 96% for two terms"]
    work = next(row for row in report.rows if row.heading == Heading.WORK)
    assert (work.families_with_need, work.sustained) == (1, [])
    # A period before the sustained rating was recorded counts no sustained outcome.
    earlier = selectors.outcome_return(user=worker, start=days_ago(199), end=days_ago(150))
    assert all(not row.sustained for row in earlier.rows)
    csv_text = selectors.outcome_return_csv(report)
    assert f"{sustained.family.reference},Chatham All Saints Children and Family Hub" in csv_text
    assert "Attendance 96% for two terms" in csv_text


def test_closure_refuses_a_date_before_it_opened_and_a_second_closure(users: dict[str, Any]) -> None:
    episode: Any = an_open_episode(users)
    worker = users[Role.EARLY_HELP_PRACTITIONER]
    with pytest.raises(ValidationError) as refused:
        services.episode_close(
            episode=episode,
            outcome=ClosureOutcome.ACHIEVED,
            sustained=Sustained.TOO_EARLY,
            summary="Done.",
            closed_on=episode.opened_on - dt.timedelta(days=1),
            by=worker,
        )
    assert "between the day early help opened and today" in str(refused.value)
    services.episode_close(
        episode=episode,
        outcome=ClosureOutcome.ACHIEVED,
        sustained=Sustained.TOO_EARLY,
        summary="Done.",
        closed_on=timezone.localdate(),
        by=worker,
    )
    with pytest.raises(StatusChangeNotAllowed):
        services.episode_close(
            episode=episode,
            outcome=ClosureOutcome.ACHIEVED,
            sustained=Sustained.YES,
            summary="Again.",
            closed_on=timezone.localdate(),
            by=worker,
        )
