"""Writing referrals. Every page, API call, admin action and task goes through these functions.

The status changes only in `referral_status_change`, which checks the allowed previous states inside a
locked transaction. A submission happens exactly once: a draft moves to "submitted" under a row lock (a
second click finds it already submitted), and a one-go submission (a safety concern, the partner API)
carries an idempotency key held unique by the database.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
import uuid
from collections.abc import Iterable
from contextlib import nullcontext
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from localoffer.accounts.models import User
from localoffer.audit.context import audit_context
from localoffer.audit.models import Action
from localoffer.audit.services import audit_record
from localoffer.core.references import free_reference
from localoffer.core.transitions import StatusChangeNotAllowed, Transitions
from localoffer.directory.models import Service
from localoffer.messaging.services import message_queue
from localoffer.people.models import Child, Involvement
from localoffer.people.selectors import SEARCH_MAX_WORDS
from localoffer.people.services import child_create, involvement_start
from localoffer.referrals.models import (
    OPEN_STATUSES,
    DecisionKind,
    Evidence,
    EvidenceKind,
    OpenedWork,
    PartnerKey,
    PartnerOrganisation,
    Referral,
    ReferralDecision,
    ReferrerKind,
    ReturnLink,
    Route,
    SentWith,
    ShortBreaksDetails,
    Status,
)
from localoffer.referrals.routes import SAFETY_TEAM, SPECS
from localoffer.teams.models import Team

# Which status a referral may move to, from which statuses.
ALLOWED_PREVIOUS: dict[str, frozenset[str]] = {
    Status.DRAFT: frozenset(),
    Status.SUBMITTED: frozenset({Status.DRAFT}),
    Status.IN_TRIAGE: frozenset({Status.SUBMITTED}),
    Status.ACCEPTED: frozenset({Status.SUBMITTED, Status.IN_TRIAGE}),
    Status.SIGNPOSTED: frozenset({Status.SUBMITTED, Status.IN_TRIAGE}),
    Status.NO_FURTHER_ACTION: frozenset({Status.SUBMITTED, Status.IN_TRIAGE}),
}

STATUSES = Transitions(choices=Status, allowed_previous=ALLOWED_PREVIOUS, noun="a referral")


class IncompleteReferral(ValidationError):
    """Some pages still need answers before the referral can be sent."""

    def __init__(self, missing: list[str]) -> None:
        super().__init__("Answer every question before you send this.", code="incomplete")
        self.missing = missing


def _free_reference() -> str:
    return free_reference(
        prefix="MED", taken=lambda candidate: Referral.objects.filter(reference=candidate).exists()
    )


def triage_due(*, route: str, submitted_at: dt.datetime) -> dt.datetime:
    """When triage is due: the route's target in days (0 means the same day, by the end of it)."""
    days = settings.REFERRAL_TRIAGE_TARGET_DAYS[route]
    local = timezone.localtime(submitted_at)
    day_end = local.replace(hour=23, minute=59, second=59, microsecond=0)
    return day_end + dt.timedelta(days=days)


def _decide(referral: Referral, kind: str, by: User | None, reason: str = "") -> ReferralDecision:
    return ReferralDecision.objects.create(referral=referral, kind=kind, by=by, reason=reason)


def _save(referral: Referral, by: User | None, **kwargs: Any) -> None:
    referral._history_user = by  # type: ignore[attr-defined]
    with audit_context(actor=by) if by is not None else nullcontext():
        referral.save(**kwargs)


@transaction.atomic
def referral_status_change(*, referral: Referral, status: str, by: User | None, reason: str = "") -> Referral:
    """Move a referral to a new status, only from a status that allows it (see ALLOWED_PREVIOUS)."""
    current = Referral.objects.select_for_update().get(pk=referral.pk)
    STATUSES.check(current=current.status, new=status)
    current.status = status
    now = timezone.now()
    if status == Status.SUBMITTED:
        current.submitted_at = now
        current.reference = current.reference or _free_reference()
        current.due_at = triage_due(route=current.route, submitted_at=now)
    if status in (Status.ACCEPTED, Status.SIGNPOSTED, Status.NO_FURTHER_ACTION):
        current.decided_at = now
        current.outcome_reason = reason
    _save(current, by)
    referral.refresh_from_db()
    return referral


# Drafts -------------------------------------------------------------------------------------------------


@transaction.atomic
def referral_draft_start(*, user: User | None, route: str) -> Referral:
    """Resume this person's draft for the route, or start an empty one. Nothing is copied silently: which
    child it is for, and whether to use an earlier application's answers, are asked (see below). Someone
    without an account (`user` None) starts a draft their browser holds, and may have a link emailed."""
    if route not in SPECS:
        raise ValidationError("That is not a way to ask for help online.", code="unknown_route")
    if user is not None:
        existing = Referral.objects.filter(submitted_by=user, route=route, status=Status.DRAFT).first()
        if existing is not None:
            return existing
    answers: dict[str, Any] = {}
    if user is not None and user.email:
        answers["contact_email"] = user.email
    referral = Referral(route=route, submitted_by=user, answers=answers, status=Status.DRAFT)
    _save(referral, user)
    return referral


def children_on_record(user: User | None) -> list[Child]:
    """The children a family member is linked to, for "Which child is this for?"."""
    if user is None or user.role != "parent_carer":
        return []
    return list(Child.objects.filter(family_links__user=user).distinct().order_by("first_name", "last_name"))


def _same_child(child: Child) -> Any:
    from django.db.models import Q

    return Q(child=child) | Q(
        subject_first_name__iexact=child.first_name,
        subject_last_name__iexact=child.last_name,
        subject_date_of_birth=child.date_of_birth,
    )


def earlier_application(*, user: User, route: str, child: Child) -> Referral | None:
    """This person's latest sent application on the route for this child: its answers may be offered."""
    return (
        Referral.objects.filter(_same_child(child), submitted_by=user, route=route)
        .exclude(status=Status.DRAFT)
        .order_by("-submitted_at")
        .first()
    )


def open_applications(*, user: User, route: str, child: Child) -> list[Referral]:
    """Applications on the same route for the same child still waiting for an outcome: warned about."""
    return list(
        Referral.objects.filter(
            _same_child(child), submitted_by=user, route=route, status__in=OPEN_STATUSES
        ).order_by("-submitted_at")
    )


@transaction.atomic
def referral_draft_choose_child(*, referral: Referral, child: Child | None, by: User) -> Referral:
    """Who the draft is for: one of the family's children on record (their details filled in, still
    shown to check on the child's page) or someone else (nothing filled in)."""
    current = Referral.objects.select_for_update().get(pk=referral.pk)
    if current.status != Status.DRAFT:
        raise StatusChangeNotAllowed("This has already been sent and can no longer be changed.", code="sent")
    answers = {k: v for k, v in current.answers.items() if k not in ("is_renewal",)}
    if child is not None:
        if child.pk not in {c.pk for c in children_on_record(by)}:
            raise ValidationError("Choose one of your children, or someone else.", code="not_yours")
        answers.update(
            {
                "for_child": str(child.pk),
                "first_name": child.first_name,
                "last_name": child.last_name,
                "date_of_birth": child.date_of_birth.isoformat(),
                "postcode": child.postcode,
            }
        )
        if earlier_application(user=by, route=current.route, child=child) is not None:
            answers["is_renewal"] = True
    else:
        for name in ("first_name", "last_name", "date_of_birth", "postcode"):
            answers.pop(name, None)
        answers["for_child"] = "someone_else"
    current.answers = answers
    current.steps_done = []
    _save(current, by)
    referral.refresh_from_db()
    return referral


@transaction.atomic
def referral_draft_reuse(*, referral: Referral, earlier: Referral, by: User) -> Referral:
    """Fill a draft with an earlier application's answers, because the person chose to. They still go
    through every page before they can send it."""
    current = Referral.objects.select_for_update().get(pk=referral.pk)
    if current.status != Status.DRAFT or earlier.submitted_by_id != by.pk or earlier.route != current.route:
        raise ValidationError("Those answers cannot be used here.", code="not_yours")
    kept = {k: current.answers[k] for k in ("for_child", "is_renewal") if k in current.answers}
    current.answers = {**earlier.answers, **kept}
    current.steps_done = []
    _save(current, by)
    referral.refresh_from_db()
    return referral


def _as_json(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_as_json(item) for item in value]
    return value


@transaction.atomic
def referral_draft_save_step(
    *, referral: Referral, step: str, cleaned_data: dict[str, Any], by: User | None, complete: bool = True
) -> Referral:
    """Keep one page's answers on the server, and remember where the person is. `complete` False: saved
    part way ("Save and come back later"), as typed, so the page is still to answer."""
    current = Referral.objects.select_for_update().get(pk=referral.pk)
    if current.status != Status.DRAFT:
        raise StatusChangeNotAllowed("This has already been sent and can no longer be changed.", code="sent")
    answers = dict(current.answers)
    answers.update({name: _as_json(value) for name, value in cleaned_data.items()})
    current.answers = answers
    current.current_step = step
    done = [slug for slug in current.steps_done if slug != step]
    current.steps_done = [*done, step] if complete else done
    _save(current, by)
    referral.refresh_from_db()
    return referral


def referral_missing_steps(referral: Referral) -> list[str]:
    """The pages not yet answered in this draft, or whose answers are missing or no longer valid (say
    after a rule changed). Until none is left, the draft cannot be sent."""
    spec = SPECS[referral.route]
    missing = []
    for step in spec.applicable_steps(referral.answers):
        if step.slug not in referral.steps_done:
            missing.append(step.slug)
            continue
        if step.upload:
            continue
        form = step.form(data=_form_data(step.form, referral.answers))
        if not form.is_valid():
            missing.append(step.slug)
    return missing


def referral_still_needed(referral: Referral) -> list[tuple[str, str, list[str]]]:
    """What is still needed before a draft can be sent, page by page: (slug, title, the questions)."""
    spec = SPECS[referral.route]
    needed: list[tuple[str, str, list[str]]] = []
    for slug in referral_missing_steps(referral):
        step = spec.step(slug)
        if step is None:
            continue
        if step.upload:
            needed.append((slug, step.title, []))
            continue
        form = step.form(data=_form_data(step.form, referral.answers))
        form.is_valid()
        questions = [str(form.fields[name].label) for name in form.errors if name in form.fields]
        needed.append((slug, step.title, questions))
    return needed


def _form_data(form_class: Any, answers: dict[str, Any]) -> Any:
    from django.utils.datastructures import MultiValueDict

    data: MultiValueDict[str, Any] = MultiValueDict()
    for name in form_class.base_fields:
        if name not in answers:
            continue
        value = answers[name]
        if isinstance(value, dict):  # a date saved part way: its boxes as typed
            for part, text in value.items():
                data[f"{name}_{part}"] = "" if text is None else str(text)
        elif isinstance(value, list):
            data.setlist(name, [str(item) for item in value])
        else:
            data[name] = "" if value is None else str(value)
    return data


@transaction.atomic
def referral_submit(*, referral: Referral, by: User | None, link_for: Any = None) -> Referral:
    """Send a draft: once, whatever the double clicks. A second call returns the referral as it is."""
    current = Referral.objects.select_for_update().get(pk=referral.pk)
    if current.status != Status.DRAFT:
        referral.refresh_from_db()
        return referral
    missing = referral_missing_steps(current)
    if missing:
        raise IncompleteReferral(missing)
    spec = SPECS[current.route]
    answers = current.answers
    current.team = Team.objects.get(slug=spec.team_slug(answers))
    current.referrer_kind = answers.get("referrer_kind") or (
        ReferrerKind.YOUNG_PERSON
        if by is not None and by.role == "young_person"
        else ReferrerKind.PARENT_CARER
    )
    current.consent_given = True if current.referrer_kind == ReferrerKind.PROFESSIONAL else None
    current.contact_email = answers.get("contact_email", "")
    current.subject_first_name = answers.get("first_name", "")
    current.subject_last_name = answers.get("last_name", "")
    current.subject_date_of_birth = dt.date.fromisoformat(answers["date_of_birth"])
    current.subject_postcode = answers.get("postcode", "")
    _save(current, by)
    if current.route == Route.SHORT_BREAKS_GRANT:
        ShortBreaksDetails.objects.create(
            referral=current,
            diagnosis=answers["diagnosis"],
            dla_care_rate=answers["dla_care_rate"],
            dla_mobility_rate=answers["dla_mobility_rate"],
            impact_on_family=answers["impact_on_family"],
            risk_of_breakdown=answers["risk_of_breakdown"],
            carers_needs=answers["carers_needs"],
            breaks_wanted=answers["breaks_wanted"],
            payment_method=answers["payment_method"],
            is_renewal=bool(answers.get("is_renewal")),
        )
    referral_status_change(referral=current, status=Status.SUBMITTED, by=by)
    _decide(current, DecisionKind.SUBMITTED, by)
    _after_submit(current)
    if current.submitted_by_id is None and link_for is not None and current.contact_email:
        current.refresh_from_db()
        return_link_send(referral=current, email=current.contact_email, link_for=link_for)
    referral.refresh_from_db()
    return referral


def _after_submit(referral: Referral) -> None:
    from localoffer.referrals import notifications

    notifications.acknowledge(referral)


# Safety concerns ----------------------------------------------------------------------------------------


class SubmissionConflict(ValidationError):
    """A form that sends in one go was sent again with its key but different words: refused, as the partner
    API refuses an Idempotency-Key used with a different request. `existing` is what the key sent first."""

    def __init__(self, message: str, *, existing: Referral) -> None:
        super().__init__(message, code="conflict")
        self.existing = existing


def safety_concern_submit(
    *, idempotency_key: str, by: User | None, answers: dict[str, Any], acknowledge: bool = True
) -> Referral:
    """Put a worry about a child in front of duty now: submitted in one go, urgent, with an alert, and an
    acknowledgement to the address given (unless `acknowledge` is False: too many went there lately).

    The same `idempotency_key` with the same words (a double click, a refresh, a retry) gives the one
    referral; with different words it raises SubmissionConflict and sends nothing, so that the view can
    show the new words again to be sent as a concern of their own."""
    key = f"safety:{idempotency_key}"[:100]
    stored = {name: _as_json(value) for name, value in answers.items()}
    fingerprint = _fingerprint(stored)
    existing = Referral.objects.filter(idempotency_key=key).first()
    if existing is not None:
        return _safety_concern_again(existing, fingerprint)
    born = answers.get("child_date_of_birth")
    try:
        with transaction.atomic():
            referral = Referral(
                route=Route.SAFETY_CONCERN,
                submission_fingerprint=fingerprint,
                subject_date_of_birth=born if isinstance(born, dt.date) else None,
                status=Status.SUBMITTED,
                urgent=True,
                idempotency_key=key,
                team=Team.objects.get(slug=SAFETY_TEAM),
                submitted_by=by if by is not None and by.is_authenticated else None,
                referrer_kind=answers["referrer_kind"],
                contact_email=answers.get("contact_email", ""),
                consent_given=answers.get("family_knows") == "yes",
                no_consent_reason=answers.get("no_consent_reason", ""),
                answers=stored,
                reference=_free_reference(),
            )
            referral.submitted_at = timezone.now()
            referral.due_at = triage_due(route=Route.SAFETY_CONCERN, submitted_at=referral.submitted_at)
            referral.full_clean(exclude=["reference", "idempotency_key"])
            _save(referral, referral.submitted_by)
            _decide(referral, DecisionKind.SUBMITTED, referral.submitted_by)
            from localoffer.referrals import notifications

            notifications.alert_duty(referral)
            if acknowledge:
                notifications.acknowledge(referral)
    except IntegrityError:
        existing = Referral.objects.filter(idempotency_key=key).first()
        if existing is None:
            raise
        return _safety_concern_again(existing, fingerprint)
    return referral


def _fingerprint(answers: dict[str, Any]) -> str:
    import json

    return hashlib.sha256(json.dumps(answers, sort_keys=True, default=str).encode()).hexdigest()


def _safety_concern_again(existing: Referral, fingerprint: str) -> Referral:
    """The same form sent again. The same words: the one referral (a double click, a refresh). Different
    words (changed after pressing back): refused, never dropped in silence, nothing sent."""
    if existing.submission_fingerprint and fingerprint != existing.submission_fingerprint:
        raise SubmissionConflict(
            f"This form was sent before, as {existing.reference}, with different words.", existing=existing
        )
    return existing


# Triage -------------------------------------------------------------------------------------------------


@transaction.atomic
def referral_assign(*, referral: Referral, worker: User, by: User) -> Referral:
    current = Referral.objects.select_for_update().get(pk=referral.pk)
    if not current.is_open:
        raise StatusChangeNotAllowed("A referral with an outcome cannot be reassigned.", code="closed")
    if worker.team_id != current.team_id:
        raise ValidationError({"worker": "Choose someone in the team this referral is for."})
    current.assigned_to = worker
    _save(current, by)
    if current.status == Status.SUBMITTED:
        referral_status_change(referral=current, status=Status.IN_TRIAGE, by=by)
    _decide(current, DecisionKind.ASSIGNED, by, reason=f"Assigned to {worker}")
    referral.refresh_from_db()
    return referral


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _words(name: str) -> list[str]:

    return re.findall(r"[^\W\d_][\w'-]*", name)[:SEARCH_MAX_WORDS]


def referral_match_candidates(referral: Referral, *, name: str = "", by: User | None = None) -> list[Child]:
    """Children already known who may be the one this referral is about, from the name as told (a worry's one
    free-text name too) or as the worker typed it: any child whose first or last name is one of its words, best
    first (the same date of birth or age, the same postcode, more of the words). A worker confirms; nothing is
    matched silently. The look-up is audited, like any search of children's records."""
    words = [word.lower() for word in _words(name or referral.told_name)]
    if not words:
        return []
    condition = Q()
    for word in words:
        condition |= Q(first_name__iexact=word) | Q(last_name__iexact=word)
    found = list(Child.objects.filter(condition).order_by("last_name", "first_name")[:200])
    if by is not None:
        audit_record(
            action=Action.SEARCH,
            actor=by,
            object_type="people.child",
            detail=f"matching {referral.reference}: name={' '.join(words)!r}"[:500],
        )
    born, age = referral.told_date_of_birth, referral.told_age
    postcode = referral.subject_postcode.replace(" ", "").upper()
    today = timezone.localdate()

    def closeness(child: Child) -> int:
        names = {child.first_name.lower(), child.last_name.lower()}
        score = sum(2 for word in set(words) if word in names)
        if born is not None and child.date_of_birth == born:
            score += 4
        elif age is not None and child.age_on(today) == age:
            score += 2
        if postcode and child.postcode.replace(" ", "").upper() == postcode:
            score += 2
        return score

    return sorted(found, key=lambda child: -closeness(child))[:10]


def told_name_parts(referral: Referral) -> tuple[str, str]:
    """First and last name as told; a free-text name's last word is taken as the last name (the worker checks)."""
    if referral.subject_first_name or referral.subject_last_name:
        return referral.subject_first_name, referral.subject_last_name
    words = referral.told_name.split()
    if len(words) < 2:
        return (words[0] if words else ""), ""
    return " ".join(words[:-1]), words[-1]


@transaction.atomic
def referral_match_child(*, referral: Referral, child: Child, by: User, name: str = "") -> Referral:
    """Link the referral to the child's record the worker chose, from the candidates for the told name (or the
    name the worker searched for)."""
    current = Referral.objects.select_for_update().get(pk=referral.pk)
    if current.child_id is not None:
        raise ValidationError("This referral is already linked to a child's record.", code="already_matched")
    if child.pk not in {candidate.pk for candidate in referral_match_candidates(current, name=name)}:
        raise ValidationError(
            {
                "child": "That record does not match the child in this referral: choose one of the records shown"
            },
            code="not_a_candidate",
        )
    current.child = child
    _save(current, by)
    _decide(
        current,
        DecisionKind.MATCHED,
        by,
        reason=f"Matched to the record of {child} ({_day(child.date_of_birth)})",
    )
    referral.refresh_from_db()
    return referral


@transaction.atomic
def referral_create_child(
    *,
    referral: Referral,
    by: User,
    first_name: str = "",
    last_name: str = "",
    date_of_birth: dt.date | None = None,
) -> Referral:
    """A new child's record when none matches: from what was told, or what the worker corrected it to."""
    current = Referral.objects.select_for_update().get(pk=referral.pk)
    if current.child_id is not None:
        raise ValidationError("This referral is already linked to a child's record.", code="already_matched")
    told_first, told_last = told_name_parts(current)
    first_name = first_name.strip() or told_first
    last_name = last_name.strip() or told_last
    date_of_birth = date_of_birth or current.told_date_of_birth
    missing = {}
    if not first_name:
        missing["first_name"] = "Enter the child's first name for the new record"
    if not last_name:
        missing["last_name"] = "Enter the child's last name for the new record"
    if date_of_birth is None:
        missing["date_of_birth"] = "Enter the child's date of birth for the new record"
    if missing:
        raise ValidationError(missing, code="not_enough")
    assert date_of_birth is not None
    with audit_context(actor=by):
        child = child_create(
            first_name=first_name,
            last_name=last_name,
            date_of_birth=date_of_birth,
            postcode=current.subject_postcode,
        )
    current.child = child
    _save(current, by)
    _decide(current, DecisionKind.CHILD_CREATED, by, reason="No existing record matched")
    referral.refresh_from_db()
    return referral


@transaction.atomic
def referral_opened_record(
    *,
    referral: Referral,
    title: str,
    url_name: str,
    url_kwargs: dict[str, Any] | None = None,
    reference: str = "",
    fragment: str = "",
    by: User | None = None,
) -> OpenedWork:
    """Record what accepting the referral opened, so the referral links to it. Called by the app that opened it
    (inside the outcome's transaction, from its `outcome_recorded` receiver)."""
    opened = OpenedWork(
        referral=referral,
        title=title,
        reference=reference,
        url_name=url_name,
        url_kwargs=url_kwargs or {},
        fragment=fragment,
        opened_by=by,
    )
    opened.get_absolute_url()  # refuse a page that does not exist, now rather than when someone follows it
    with audit_context(actor=by) if by is not None else nullcontext():
        opened.save()
    return opened


def _team_involved(referral: Referral, by: User) -> None:
    """Accepting opens the team's work with the child: its practitioners may now see the child's record. The
    referral links to it (the team's involvement, on the child's record)."""

    child, team = referral.child, referral.team
    if child is None or team is None:
        return
    involvement = Involvement.objects.filter(child=child, team=team, ended_on__isnull=True).first()
    if involvement is None:
        with audit_context(actor=by):
            involvement = involvement_start(
                child=child,
                team=team,
                started_on=timezone.localdate(),
                lead_worker=referral.assigned_to or by,
            )
    referral_opened_record(
        referral=referral,
        title=f"{team.name}'s work with {child.first_name}, from {_day(involvement.started_on)}",
        url_name="people:child-detail",
        url_kwargs={"child_id": str(child.id)},
        fragment="teams",
        by=by,
    )


@transaction.atomic
def referral_send_from_practitioner(
    *,
    route: str,
    team: Team,
    child: Child,
    by: User,
    answers: dict[str, str],
    consent_given: bool,
    no_consent_reason: str = "",
    sent_with_title: str,
    sent_with_url_name: str,
    sent_with_url_kwargs: dict[str, Any],
    sent_with_reference: str = "",
) -> Referral:
    """A practitioner refers a child already on record to another team (a step up from early help to duty
    or the 0 to 25 team, a step down to a hub), sent with the record they hold: the referral is submitted at
    once, linked to the child's record, with `answers` (the record's words, as plain rows) and a link to the
    record itself. Nothing the family told the practitioner is typed again."""
    if not consent_given and not no_consent_reason.strip():
        raise ValidationError(
            {"no_consent_reason": "Say why the referral goes ahead without the family's consent"}
        )
    now = timezone.now()
    referral = Referral(
        route=route,
        status=Status.SUBMITTED,
        urgent=route == Route.SAFETY_CONCERN,
        team=team,
        submitted_by=by,
        referrer_kind=ReferrerKind.PROFESSIONAL,
        contact_email=by.email,
        subject_first_name=child.first_name,
        subject_last_name=child.last_name,
        subject_date_of_birth=child.date_of_birth,
        subject_postcode=child.postcode,
        child=child,
        consent_given=consent_given,
        no_consent_reason=no_consent_reason.strip(),
        answers=dict(answers),
        reference=_free_reference(),
        submitted_at=now,
        due_at=triage_due(route=route, submitted_at=now),
    )
    _save(referral, by)
    _decide(referral, DecisionKind.SUBMITTED, by, reason=f"Sent with {sent_with_title}")
    sent = SentWith(
        referral=referral,
        title=sent_with_title,
        reference=sent_with_reference,
        url_name=sent_with_url_name,
        url_kwargs=sent_with_url_kwargs,
    )
    sent.get_absolute_url()  # refuse a page that does not exist, now rather than when someone follows it
    with audit_context(actor=by):
        sent.save()
    return referral


@transaction.atomic
def referral_record_outcome(
    *, referral: Referral, outcome: str, reason: str, by: User, services: Iterable[Service] = ()
) -> Referral:
    """Accepted (an assessment is opened), signposted to named services, or no further action with why."""
    services = list(services)
    reason = reason.strip()
    if outcome == Status.SIGNPOSTED and not services:
        raise ValidationError({"services": "Choose the services in the Local Offer you are signposting to."})
    if outcome == Status.NO_FURTHER_ACTION and not reason:
        raise ValidationError({"reason": "Enter why no further action is being taken."})
    if outcome not in (Status.ACCEPTED, Status.SIGNPOSTED, Status.NO_FURTHER_ACTION):
        raise StatusChangeNotAllowed("Choose an outcome.", code="unknown_outcome")
    if outcome == Status.ACCEPTED and referral.child_id is None:
        noun = "application" if referral.route == Route.SHORT_BREAKS_GRANT else "referral"
        raise ValidationError(
            {
                "outcome": f"Match the {noun} to the child's record, or create a new record, before you "
                "accept it: accepting opens the team's work with that child"
            },
            code="no_child",
        )
    referral_status_change(referral=referral, status=outcome, by=by, reason=reason)
    if services:
        referral.signposted_services.set(services)
    if outcome == Status.ACCEPTED:
        _team_involved(referral, by)
    kind = {
        Status.ACCEPTED: DecisionKind.ACCEPTED,
        Status.SIGNPOSTED: DecisionKind.SIGNPOSTED,
        Status.NO_FURTHER_ACTION: DecisionKind.NO_FURTHER_ACTION,
    }[Status(outcome)]
    detail = reason
    if services:
        detail = (reason + "\n" if reason else "") + "Signposted to: " + ", ".join(s.name for s in services)
    _decide(referral, kind, by, reason=detail)
    from localoffer.referrals import notifications
    from localoffer.referrals.signals import outcome_recorded

    outcome_recorded.send(sender=Referral, referral=referral, outcome=outcome, by=by)
    notifications.outcome(referral)
    return referral


# Evidence -----------------------------------------------------------------------------------------------

# What a document's first bytes must be, by the extension it is sent with: a renamed file is refused.
_SIGNATURES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
}
EVIDENCE_TYPES = "a PDF, JPG or PNG"


def evidence_check(*, name: str, head: bytes, size: int) -> str:
    """The content type of an acceptable document, or a ValidationError saying how to fix it."""
    extension = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    if extension not in _SIGNATURES:
        raise ValidationError(f"The selected file must be {EVIDENCE_TYPES}", code="type")
    if size == 0:
        raise ValidationError("The selected file is empty", code="empty")
    if size > settings.EVIDENCE_MAX_BYTES:
        limit = settings.EVIDENCE_MAX_BYTES // (1024 * 1024)
        raise ValidationError(f"The selected file must be smaller than {limit}MB", code="size")
    content_type, signatures = _SIGNATURES[extension]
    if not any(head.startswith(signature) for signature in signatures):
        raise ValidationError(
            f"The selected file is not really {EVIDENCE_TYPES}: save it again as one and upload it",
            code="content",
        )
    return content_type


def evidence_kinds(route: str) -> list[str]:
    """The documents a route asks for (its upload pages), in order."""
    spec = SPECS.get(route)
    return [step.upload for step in spec.steps if step.upload] if spec else []


# Once an outcome says the team is not taking it further, a document would reach nobody.
_CLOSED_TO_DOCUMENTS = (Status.SIGNPOSTED, Status.NO_FURTHER_ACTION)


@transaction.atomic
def evidence_add(*, referral: Referral, kind: str, upload: Any, by: User | None) -> Evidence:
    """Keep a document with a draft, or with an application already sent (its team is told, in the
    decisions), outside the web root, under a name of our own."""
    current = Referral.objects.select_for_update().get(pk=referral.pk)
    if current.status in _CLOSED_TO_DOCUMENTS:
        team = current.team
        closed = (
            f"This was closed on {timezone.localtime(current.decided_at):%-d %B %Y}"
            if current.decided_at
            else "This has been closed"
        )
        call = f". To send something more, call {team.name} on {team.phone}" if team and team.phone else ""
        raise StatusChangeNotAllowed(closed + call, code="closed")
    if kind not in EvidenceKind.values or (
        current.status != Status.DRAFT and kind not in evidence_kinds(current.route)
    ):
        raise ValidationError("Choose what the document is.", code="kind")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    original = str(upload.name or "document")[-200:]
    content_type = evidence_check(name=original, head=head, size=upload.size or 0)
    extension = "." + original.rsplit(".", 1)[-1].lower()
    evidence = Evidence(
        referral=referral,
        kind=kind,
        original_name=original,
        content_type=content_type,
        size=upload.size,
        uploaded_by=by,
    )
    evidence.file.save(f"{uuid.uuid4().hex}{extension}", upload, save=False)
    with audit_context(actor=by) if by is not None else nullcontext():
        evidence.save()
    if current.status != Status.DRAFT:
        _decide(current, DecisionKind.DOCUMENT_ADDED, by, reason=f"{evidence.get_kind_display()}: {original}")
    return evidence


# Save and come back without an account: a link by email ----------------------------------------------------

RETURN_LINK_DAYS = 28
RETURN_LINKS_PER_HOUR = 5  # so the form cannot be used to fill someone's inbox


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def return_link_expiry_text(link: ReturnLink) -> str:
    return f"{timezone.localtime(link.expires_at):%-d %B %Y}"


@transaction.atomic
def return_link_send(*, referral: Referral, email: str, link_for: Any) -> ReturnLink:
    """Email a link that opens this one draft (or, once sent, its page) to someone without an account.
    The token is unguessable and kept only as a hash; the link works for RETURN_LINK_DAYS days.
    `link_for(token)` gives the full address. The message is recorded now and sent after commit."""

    recent = referral.return_links.filter(created_at__gte=timezone.now() - dt.timedelta(hours=1)).count()
    if recent >= RETURN_LINKS_PER_HOUR:
        raise ValidationError(
            f"We have sent {recent} links for this application in the last hour. Use the latest email, or "
            "try again later",
            code="too_many",
        )
    token = secrets.token_urlsafe(32)
    link = ReturnLink.objects.create(
        referral=referral,
        token_hash=_hash_token(token),
        email=email,
        expires_at=timezone.now() + dt.timedelta(days=RETURN_LINK_DAYS),
    )
    title = referral.get_route_display().lower()
    if referral.status == Status.DRAFT:
        subject = f"Your {title}: come back to it"
        body = (
            f"Your answers to your {title} are saved.\n\nTo come back to it, open this link:\n{link_for(token)}"
            f"\n\nThe link works until {return_link_expiry_text(link)}. It opens this application only. "
            "Do not share it: anyone with the link can see your answers.\n\n"
            "If you did not ask for this, you can ignore this email."
        )
    else:
        subject = f"Send a document for {referral.reference}"
        body = (
            f"To see where your {title} ({referral.reference}) is, or send a document with it, open this link:"
            f"\n{link_for(token)}\n\nThe link works until {return_link_expiry_text(link)}. Do not share it."
        )
    # Not shown again on any page (for_family False): the link is a key to the application.
    message_queue(to=email, subject=subject, body=body, about=referral, for_family=False)
    return link


def return_link_open(*, token: str) -> Referral | None:
    """The referral a link opens, or None when it does not exist or has expired."""
    link = (
        ReturnLink.objects.select_related("referral")
        .filter(token_hash=_hash_token(token), expires_at__gt=timezone.now())
        .first()
    )
    if link is None:
        return None
    ReturnLink.objects.filter(pk=link.pk).update(last_used_at=timezone.now())
    return link.referral


# Partner systems ----------------------------------------------------------------------------------------

KEY_START = "lo"


def _hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def partner_key_issue(*, organisation: PartnerOrganisation, by: User | None = None) -> tuple[PartnerKey, str]:
    """Issue a key: `lo_<prefix>_<secret>`. Returns the key in full, once; only the secret's hash is kept."""
    prefix = secrets.token_hex(5)
    secret = secrets.token_urlsafe(32)
    key = PartnerKey(
        organisation=organisation, prefix=prefix, secret_hash=_hash_secret(secret), created_by=by
    )
    with audit_context(actor=by) if by is not None else nullcontext():
        key.save()
    return key, f"{KEY_START}_{prefix}_{secret}"


@transaction.atomic
def partner_key_revoke(*, key: PartnerKey, by: User | None = None) -> PartnerKey:
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        with audit_context(actor=by) if by is not None else nullcontext():
            key.save()
    return key


def partner_key_check(presented: str) -> PartnerKey | None:
    """The live key this is, or None. Compared in constant time."""
    parts = presented.strip().split("_", 2)
    if len(parts) != 3 or parts[0] != KEY_START:
        return None
    key = (
        PartnerKey.objects.select_related("organisation")
        .filter(prefix=parts[1], revoked_at__isnull=True)
        .first()
    )
    if key is None or not hmac.compare_digest(key.secret_hash, _hash_secret(parts[2])):
        return None
    PartnerKey.objects.filter(pk=key.pk).update(last_used_at=timezone.now())
    return key


class IdempotencyConflict(ValidationError):
    """The same Idempotency-Key was used before with a different request."""


def partner_referral_submit(
    *, partner: PartnerOrganisation, idempotency_key: str, data: dict[str, Any], fingerprint: str
) -> tuple[Referral, bool]:
    """Create a referral sent by a partner system, exactly once per Idempotency-Key. `data` is the request
    as JSON. Returns the referral and whether it was created now (False: the same request again)."""
    key = f"api:{partner.pk}:{idempotency_key}"[:100]
    existing = Referral.objects.filter(idempotency_key=key).first()
    if existing is not None:
        if existing.submission_fingerprint != fingerprint:
            raise IdempotencyConflict("This Idempotency-Key was used before with a different request.")
        return existing, False
    route = data["route"]
    answers = {name: _as_json(value) for name, value in data.items() if value not in (None, "")}
    team_slug = SAFETY_TEAM if route == Route.SAFETY_CONCERN else SPECS[route].team_slug(answers)
    child = data["child"]
    try:
        with transaction.atomic():
            now = timezone.now()
            referral = Referral(
                route=route,
                status=Status.SUBMITTED,
                urgent=route == Route.SAFETY_CONCERN,
                team=Team.objects.get(slug=team_slug),
                partner=partner,
                referrer_kind=ReferrerKind.PROFESSIONAL,
                contact_email=data["referrer"]["email"],
                subject_first_name=child["first_name"].strip(),
                subject_last_name=child["last_name"].strip(),
                subject_date_of_birth=dt.date.fromisoformat(str(child["date_of_birth"])),
                subject_postcode=child["postcode"],
                consent_given=data["consent_given"],
                no_consent_reason=data.get("no_consent_reason") or "",
                answers=answers,
                idempotency_key=key,
                submission_fingerprint=fingerprint,
                reference=_free_reference(),
                submitted_at=now,
                due_at=triage_due(route=route, submitted_at=now),
            )
            with audit_context(via=f"partner API: {partner.name}"):
                referral.save()
                _decide(
                    referral,
                    DecisionKind.SUBMITTED,
                    None,
                    reason=f"Sent through the partner API by {partner}",
                )
            from localoffer.referrals import notifications

            if referral.urgent:
                notifications.alert_duty(referral)
            notifications.acknowledge(referral)
    except IntegrityError:
        existing = Referral.objects.filter(idempotency_key=key).first()
        if existing is None:
            raise
        if existing.submission_fingerprint != fingerprint:
            raise IdempotencyConflict(
                "This Idempotency-Key was used before with a different request."
            ) from None
        return existing, False
    return referral, True
