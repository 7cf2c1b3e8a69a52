"""Writing early help. Every page, receiver and demo goes through these functions.

The episode's status changes only in `_status_change` (ALLOWED_PREVIOUS, under a row lock). An accepted early
help referral opens the episode (receivers.py); a step up is a referral through referrals' own service, sent
with this record; the social care team accepting it closes the episode as stepped up, so the family is never
between services with nobody.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from contextlib import nullcontext
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model, Q
from django.utils import timezone

from localoffer.accounts.models import User
from localoffer.audit.context import audit_context
from localoffer.core.references import free_reference
from localoffer.core.roles import PARTNER_ROLES, Role
from localoffer.core.transitions import StatusChangeNotAllowed, Transitions
from localoffer.earlyhelp.models import (
    Assessment,
    ClosureOutcome,
    Episode,
    EpisodeStatus,
    Family,
    FamilyFeedback,
    FamilyMember,
    Heading,
    KeyPoint,
    PlanAction,
    ProgressEntry,
    Rating,
    StepUp,
    TeamMember,
)
from localoffer.people.models import Child, Relationship
from localoffer.referrals.models import Referral, Route
from localoffer.referrals.routes import DISABILITY_TEAM, DUTY_TEAM
from localoffer.referrals.services import referral_send_from_practitioner
from localoffer.teams.models import Team, TeamKind

ALLOWED_PREVIOUS: dict[str, frozenset[str]] = {
    EpisodeStatus.OPEN: frozenset(),
    EpisodeStatus.STEPPED_UP: frozenset({EpisodeStatus.OPEN}),
    EpisodeStatus.CLOSED: frozenset({EpisodeStatus.OPEN}),
}
STATUSES = Transitions(choices=EpisodeStatus, allowed_previous=ALLOWED_PREVIOUS, noun="an early help episode")

# The plan is reviewed this many weeks after the assessment unless the practitioner sets another date. The
# sources are silent: a default a council would expect, shown as a date the practitioner can change.
FIRST_REVIEW_WEEKS = 6

# Where a step up goes: the Children's Advice and Duty Service, or the 0 to 25 disability team.
STEP_UP_TEAMS = {"duty": DUTY_TEAM, "disability": DISABILITY_TEAM}
STEP_UP_ROUTES = {"duty": Route.SAFETY_CONCERN, "disability": Route.DISABILITY_TEAM}


def _save(record: Model, by: User | None) -> None:
    record._history_user = by  # type: ignore[attr-defined]
    with audit_context(actor=by) if by is not None else nullcontext():
        record.save()


def _free_family_reference() -> str:
    return free_reference(prefix="EH", taken=lambda ref: Family.objects.filter(reference=ref).exists())


def _writable(episode: Episode) -> Episode:
    current = Episode.objects.select_for_update().get(pk=episode.pk)
    if not current.is_open:
        raise StatusChangeNotAllowed(
            f"This family's early help is {current.get_status_display().lower()}: it can no longer be changed.",
            code="not_open",
        )
    return current


# Families and episodes ---------------------------------------------------------------------------------


@transaction.atomic
def family_create(*, name: str, household: str = "", postcode: str = "", by: User | None) -> Family:
    family = Family(
        reference=_free_family_reference(),
        name=name.strip(),
        household=household.strip(),
        postcode=postcode.strip().upper(),
    )
    _save(family, by)
    return family


@transaction.atomic
def family_member_add(
    *,
    family: Family,
    name: str,
    relationship: str,
    child: Child | None = None,
    account: User | None = None,
    by: User | None,
) -> FamilyMember:
    if child is not None and family.members.filter(child=child).exists():
        raise ValidationError({"child": "That child's record is already linked to this family"})
    if account is not None and family.members.filter(account=account).exists():
        raise ValidationError({"account": "That account already belongs to this family"})
    member = FamilyMember(
        family=family, name=name.strip(), relationship=relationship.strip(), child=child, account=account
    )
    member.full_clean()
    _save(member, by)
    return member


def family_of_child(child: Child) -> Family | None:
    member = FamilyMember.objects.filter(child=child).select_related("family").first()
    return member.family if member else None


@transaction.atomic
def episode_open(
    *, family: Family, hub: Team, opened_on: dt.date, by: User | None, referral: Referral | None = None
) -> Episode:
    if hub.kind != TeamKind.HUB:
        raise ValidationError({"hub": "Early help opens in a children and family hub"})
    if family.episodes.filter(status=EpisodeStatus.OPEN).exists():
        raise ValidationError("This family already has early help open: add to that episode.", code="open")
    episode = Episode(family=family, hub=hub, opened_on=opened_on, referral=referral)
    _save(episode, by)
    return episode


@transaction.atomic
def episode_open_for_referral(*, referral: Referral, by: User | None) -> Episode:
    """An accepted early help referral opens the family's early help in its hub: the child's family (made now
    from the referral if the child has none), with the child and the accounts linked to the child as members.
    If the family already has early help open, the referral joins it."""
    child, hub = referral.child, referral.team
    if child is None or hub is None:
        raise ValidationError(
            "Match the referral to the child's record before accepting it.", code="no_child"
        )
    family = family_of_child(child)
    if family is None:
        family = family_create(
            name=f"The {child.last_name} family",
            household=str(referral.answers.get("household", "")),
            postcode=child.postcode,
            by=by,
        )
        family_member_add(family=family, name=str(child), relationship="Child", child=child, by=by)
    for link in child.family_links.select_related("user"):
        if family.members.filter(account=link.user).exists():
            continue
        if link.relationship == Relationship.SELF:
            # The young person's own account: their member row is the child's.
            family.members.filter(child=child, account__isnull=True).update(account=link.user)
            continue
        family_member_add(
            family=family,
            name=str(link.user),
            relationship=link.get_relationship_display(),
            account=link.user,
            by=by,
        )
    existing = family.episodes.filter(status=EpisodeStatus.OPEN).first()
    if existing is not None:
        return existing
    return episode_open(family=family, hub=hub, opened_on=timezone.localdate(), by=by, referral=referral)


def _status_change(episode: Episode, status: str, by: User | None, **fields: Any) -> Episode:
    current = Episode.objects.select_for_update().get(pk=episode.pk)
    STATUSES.check(current=current.status, new=status)
    current.status = status
    for name, value in fields.items():
        setattr(current, name, value)
    _save(current, by)
    episode.refresh_from_db()
    return episode


# The lead practitioner ---------------------------------------------------------------------------------


def lead_candidates(episode: Episode) -> list[User]:
    """Who may lead: the hub's early help practitioners, and partner agencies' practitioners with an account."""
    return list(
        User.objects.filter(is_active=True)
        .filter(Q(role=Role.EARLY_HELP_PRACTITIONER, team_id=episode.hub_id) | Q(role__in=PARTNER_ROLES))
        .order_by("role", "last_name", "first_name")
    )


@transaction.atomic
def lead_choose(*, episode: Episode, lead: User, with_family: str, by: User) -> Episode:
    """The family's one lead person, chosen with them: what the family said is kept with the choice."""
    current = _writable(episode)
    if lead.pk not in {candidate.pk for candidate in lead_candidates(current)}:
        raise ValidationError(
            {"lead": "Choose a practitioner in the hub, or a partner agency's practitioner with an account"}
        )
    if not with_family.strip():
        raise ValidationError({"with_family": "Enter what the family said about who should be their lead"})
    current.lead_practitioner = lead
    current.lead_chosen_on = timezone.localdate()
    current.lead_chosen_with_family = with_family.strip()
    _save(current, by)
    episode.refresh_from_db()
    return episode


# Assessment, plan and the team around the family --------------------------------------------------------


@transaction.atomic
def assessment_record(
    *,
    episode: Episode,
    going_well_family: str,
    going_well_practitioner: str,
    worries_family: str,
    worries_practitioner: str,
    family_aims: str,
    completed_on: dt.date,
    by: User,
) -> Assessment:
    current = _writable(episode)
    if completed_on < current.opened_on or completed_on > timezone.localdate():
        raise ValidationError(
            {"completed_on": "The date of the assessment must be between the day early help opened and today"}
        )
    assessment = Assessment.objects.filter(episode=current).first() or Assessment(episode=current)
    assessment.going_well_family = going_well_family.strip()
    assessment.going_well_practitioner = going_well_practitioner.strip()
    assessment.worries_family = worries_family.strip()
    assessment.worries_practitioner = worries_practitioner.strip()
    assessment.family_aims = family_aims.strip()
    assessment.completed_on = completed_on
    assessment.by = by
    _save(assessment, by)
    if current.review_due_on is None:
        current.review_due_on = completed_on + dt.timedelta(weeks=FIRST_REVIEW_WEEKS)
        _save(current, by)
    return assessment


@transaction.atomic
def plan_action_add(
    *, episode: Episode, action: str, owner: str, due_on: dt.date, heading: str, by: User
) -> PlanAction:
    current = _writable(episode)
    if due_on < current.opened_on:
        raise ValidationError({"due_on": "The date must be after early help opened"})
    item = PlanAction(
        episode=current, action=action.strip(), owner=owner.strip(), due_on=due_on, heading=heading
    )
    item.full_clean()
    _save(item, by)
    return item


@transaction.atomic
def plan_action_done(*, action: PlanAction, done_on: dt.date, by: User) -> PlanAction:
    _writable(action.episode)
    action.done_on = done_on
    _save(action, by)
    return action


@transaction.atomic
def team_member_add(
    *, episode: Episode, name: str, agency: str, role: str, contact: str = "", by: User
) -> TeamMember:
    current = _writable(episode)
    member = TeamMember(
        episode=current, name=name.strip(), agency=agency.strip(), role=role.strip(), contact=contact.strip()
    )
    member.full_clean()
    _save(member, by)
    return member


# Progress at key points ------------------------------------------------------------------------------


@transaction.atomic
def progress_record(
    *,
    episode: Episode,
    key_point: str,
    recorded_on: dt.date,
    ratings: Mapping[str, tuple[str, str]],
    next_review_on: dt.date | None,
    by: User,
) -> list[ProgressEntry]:
    """Where the family is under each heading at a key point (rating, evidence), and the plan's next review.
    After closure only the "after closure" point is recorded (was the change sustained?)."""
    current = Episode.objects.select_for_update().get(pk=episode.pk)
    if current.is_open == (key_point == KeyPoint.AFTER_CLOSURE):
        raise ValidationError(
            {
                "key_point": "After closure, record only whether the change was sustained"
                if not current.is_open
                else "The family's early help is still open: choose the start, a review or closure"
            }
        )
    errors: dict[str, str] = {}
    for heading, (rating, evidence) in ratings.items():
        if rating in (Rating.ACHIEVED, Rating.SUSTAINED) and not evidence.strip():
            errors[f"evidence_{heading}"] = (
                f"Enter the evidence for {Heading(heading).label.lower()}: what shows the outcome"
            )
    if not any(rating != Rating.NOT_A_CONCERN for rating, _ in ratings.values()):
        errors["__all__"] = "Rate at least one heading the family needs help with"
    if current.is_open and key_point != KeyPoint.CLOSURE and next_review_on is None:
        errors["next_review_on"] = "Enter the date of the plan's next review"
    if next_review_on is not None and next_review_on <= recorded_on:
        errors["next_review_on"] = "The next review must be after the date of this one"
    if errors:
        raise ValidationError(errors)
    entries = []
    for heading, (rating, evidence) in ratings.items():
        entry = ProgressEntry(
            episode=current,
            key_point=key_point,
            heading=heading,
            rating=rating,
            evidence=evidence.strip(),
            recorded_on=recorded_on,
            by=by,
        )
        _save(entry, by)
        entries.append(entry)
    if current.is_open and next_review_on is not None:
        current.review_due_on = next_review_on
        _save(current, by)
    return entries


# The family's say ----------------------------------------------------------------------------------------


@transaction.atomic
def feedback_give(*, episode: Episode, by: User, how_it_is_going: str, comments: str = "") -> FamilyFeedback:
    if not episode.family.members.filter(account=by).exists():
        raise ValidationError("Only the family can say how its early help is going.", code="not_family")
    feedback = FamilyFeedback(
        episode=episode, by=by, how_it_is_going=how_it_is_going, comments=comments.strip()
    )
    feedback.full_clean()
    _save(feedback, by)
    return feedback


# Step up, step down and closure --------------------------------------------------------------------------


def step_up_summary(episode: Episode) -> dict[str, str]:
    """What the early help record says, as the rows of the referral: the receiving team reads them there."""
    rows: dict[str, str] = {
        "Early help family": f"{episode.family.name} ({episode.family.reference})",
        "Hub": episode.hub.name,
        "Lead practitioner": str(episode.lead_practitioner or "Not chosen yet"),
        "Household": episode.family.household,
    }
    assessment = Assessment.objects.filter(episode=episode).first()
    if assessment is not None:
        rows.update(
            {
                "What is going well (the family's words)": assessment.going_well_family,
                "What is going well (the practitioner's words)": assessment.going_well_practitioner,
                "The worries (the family's words)": assessment.worries_family,
                "The worries (the practitioner's words)": assessment.worries_practitioner,
                "What the family wants to change": assessment.family_aims,
            }
        )
    actions = [
        f"{item.action} (owner: {item.owner}; by {item.due_on:%-d %B %Y}"
        + (f"; done {item.done_on:%-d %B %Y})" if item.done_on else ")")
        for item in episode.actions.all()
    ]
    if actions:
        rows["The family plan"] = "\n".join(actions)
    team = [f"{member.name}, {member.agency}: {member.role}" for member in episode.team_around.all()]
    if team:
        rows["The team around the family"] = "\n".join(team)
    return {label: value for label, value in rows.items() if value}


@transaction.atomic
def step_up(
    *,
    episode: Episode,
    to: str,
    child: Child,
    reason: str,
    consent_given: bool,
    no_consent_reason: str = "",
    by: User,
) -> StepUp:
    """Step up to social care: a referral to duty or the 0 to 25 team, sent with this early help record. The
    episode stays open (the lead stays with the family) until the team accepts the referral."""
    current = _writable(episode)
    errors: dict[str, str] = {}
    if to not in STEP_UP_TEAMS:
        errors["to"] = "Choose the Children's Advice and Duty Service or the 0 to 25 disability team"
    if not current.family.members.filter(child=child).exists():
        errors["child"] = "Choose a child in this family"
    if not reason.strip():
        errors["reason"] = "Enter why the family needs social care now"
    if not consent_given and not no_consent_reason.strip():
        errors["no_consent_reason"] = "Say why the referral goes ahead without the family's consent"
    if errors:
        raise ValidationError(errors)
    answers = {"Why early help is stepping up": reason.strip(), **step_up_summary(current)}
    referral = referral_send_from_practitioner(
        route=STEP_UP_ROUTES[to],
        team=Team.objects.get(slug=STEP_UP_TEAMS[to]),
        child=child,
        by=by,
        answers=answers,
        consent_given=consent_given,
        no_consent_reason=no_consent_reason,
        sent_with_title=f"Early help record of {current.family.name}",
        sent_with_reference=current.family.reference,
        sent_with_url_name="earlyhelp:episode",
        sent_with_url_kwargs={"episode_id": str(current.id)},
    )
    record = StepUp(episode=current, referral=referral, reason=reason.strip(), by=by)
    _save(record, by)
    return record


def step_up_accepted(*, referral: Referral, by: User | None) -> Episode | None:
    """Social care accepted a step up: the early help episode closes as stepped up, on the same day."""
    record = StepUp.objects.filter(referral=referral).select_related("episode").first()
    if record is None or not record.episode.is_open:
        return None
    return _status_change(
        record.episode,
        EpisodeStatus.STEPPED_UP,
        by,
        closed_on=timezone.localdate(),
        closure_outcome=ClosureOutcome.STEPPED_UP,
        closure_summary=f"Stepped up to {referral.team} ({referral.reference}), accepted.",
    )


@transaction.atomic
def step_down(
    *, child: Child, hub: Team, reason: str, consent_given: bool, no_consent_reason: str = "", by: User
) -> Referral:
    """Step down from social care to early help: a referral to the hub, sent with the child's record; the
    hub accepting it opens the family's early help."""
    errors: dict[str, str] = {}
    if hub.kind != TeamKind.HUB:
        errors["hub"] = "Choose a children and family hub"
    if not reason.strip():
        errors["reason"] = "Enter what early help should carry on with"
    if not consent_given and not no_consent_reason.strip():
        errors["no_consent_reason"] = "Say why the referral goes ahead without the family's consent"
    if errors:
        raise ValidationError(errors)
    return referral_send_from_practitioner(
        route=Route.EARLY_HELP,
        team=hub,
        child=child,
        by=by,
        answers={"Step down from social care": reason.strip(), "From": str(by.team or by)},
        consent_given=consent_given,
        no_consent_reason=no_consent_reason,
        sent_with_title=f"{child}'s record",
        sent_with_url_name="people:child-detail",
        sent_with_url_kwargs={"child_id": str(child.id)},
    )


@transaction.atomic
def episode_close(
    *, episode: Episode, outcome: str, sustained: str, summary: str, closed_on: dt.date, by: User
) -> Episode:
    current = Episode.objects.select_for_update().get(pk=episode.pk)
    errors: dict[str, str] = {}
    if outcome not in ClosureOutcome.values or outcome == ClosureOutcome.STEPPED_UP:
        errors["outcome"] = "Choose the outcome"
    if not sustained:
        errors["sustained"] = "Choose whether the change has lasted"
    if not summary.strip():
        errors["summary"] = "Enter a summary for the family's record"
    if closed_on < current.opened_on or closed_on > timezone.localdate():
        errors["closed_on"] = "The date of closure must be between the day early help opened and today"
    if errors:
        raise ValidationError(errors)
    return _status_change(
        current,
        EpisodeStatus.CLOSED,
        by,
        closed_on=closed_on,
        closure_outcome=outcome,
        sustained=sustained,
        closure_summary=summary.strip(),
    )
