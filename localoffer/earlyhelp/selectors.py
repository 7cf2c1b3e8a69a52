"""Reading early help. Every read of a family's early help goes through a function here, which asks the access
decision (access.py) and writes the audit event, whether access is given or refused."""

from __future__ import annotations

import csv
import datetime as dt
import io
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from localoffer.audit.models import Action
from localoffer.audit.services import audit_record
from localoffer.earlyhelp.access import EpisodeAccess, episode_access, episodes_visible_to, family_may_see
from localoffer.earlyhelp.models import Episode, EpisodeStatus, Heading, ProgressEntry, Rating
from localoffer.people.models import Child
from localoffer.teams.models import Team, TeamKind


def _episode(episode_id: uuid.UUID) -> Episode:
    episode = (
        Episode.objects.select_related("family", "hub", "lead_practitioner", "referral")
        .filter(pk=episode_id)
        .first()
    )
    if episode is None:
        raise Http404("No early help episode with that identifier")
    return episode


def episode_get_for_user(*, user: Any, episode_id: uuid.UUID) -> tuple[Episode, EpisodeAccess]:
    episode = _episode(episode_id)
    access = episode_access(user, episode)
    if not access.allowed:
        audit_record(action=Action.VIEW_DENIED, obj=episode, detail=access.reason, actor=user)
        raise PermissionDenied("You cannot see this family's early help")
    audit_record(action=Action.VIEW, obj=episode, detail=access.reason, actor=user)
    return episode, access


def episode_get_for_work(*, user: Any, episode_id: uuid.UUID) -> Episode:
    """An episode the person may record work on (the lead, the hub, a manager)."""
    episode, access = episode_get_for_user(user=user, episode_id=episode_id)
    if not access.may_work:
        raise PermissionDenied("You can read this family's early help, not change it")
    return episode


def episode_get_for_family(*, user: Any, episode_id: uuid.UUID) -> Episode:
    episode = _episode(episode_id)
    if not family_may_see(user, episode):
        audit_record(action=Action.VIEW_DENIED, obj=episode, detail="not this family", actor=user)
        raise PermissionDenied("This is not your family's early help")
    audit_record(action=Action.VIEW, obj=episode, detail="their own family", actor=user)
    return episode


def family_episodes(*, user: Any) -> list[Episode]:
    """A family member's own family's early help, newest first. Audited as a view of each."""
    episodes = list(
        Episode.objects.filter(family__members__account=user)
        .select_related("family", "hub", "lead_practitioner")
        .distinct()
        .order_by("-opened_on")
    )
    for episode in episodes:
        audit_record(action=Action.VIEW, obj=episode, detail="their own family", actor=user)
    return episodes


def hubs() -> QuerySet[Team]:
    return Team.objects.filter(kind=TeamKind.HUB).order_by("display_order", "name")


@dataclass
class LeadGroup:
    lead: Any
    episodes: list[Episode] = field(default_factory=list)


@dataclass
class Caseload:
    hub: Team | None
    groups: list[LeadGroup]
    overdue: list[Episode]
    total: int


def caseload(*, user: Any, hub: Team | None, today: dt.date | None = None) -> Caseload:
    """The open early help the person may see (in one hub when chosen), grouped by lead practitioner (those
    with none first), and the plans overdue for review. Audited as a search of early help."""
    today = today or timezone.localdate()
    episodes = episodes_visible_to(user).filter(status=EpisodeStatus.OPEN)
    if hub is not None:
        episodes = episodes.filter(hub=hub)
    rows = list(
        episodes.select_related("family", "hub", "lead_practitioner").order_by(
            "lead_practitioner__last_name", "opened_on"
        )
    )
    audit_record(
        action=Action.SEARCH,
        actor=user,
        object_type="earlyhelp.episode",
        detail=f"caseload hub={hub.slug if hub else 'all'}",
    )
    groups: dict[Any, LeadGroup] = {}
    for episode in sorted(rows, key=lambda e: e.lead_practitioner_id is not None):
        group = groups.setdefault(episode.lead_practitioner_id, LeadGroup(lead=episode.lead_practitioner))
        group.episodes.append(episode)
    overdue = sorted(
        (episode for episode in rows if episode.review_overdue_on(today)),
        key=lambda e: e.review_due_on or today,
    )
    return Caseload(hub=hub, groups=list(groups.values()), overdue=overdue, total=len(rows))


def episodes_for_child(*, user: Any, child: Child) -> list[Episode]:
    """The early help of the families this child belongs to, that the person looking may see."""
    episodes = Episode.objects.filter(family__members__child=child).select_related(
        "family", "hub", "lead_practitioner"
    )
    return [episode for episode in episodes.distinct() if episode_access(user, episode).allowed]


# Outcome evidence ------------------------------------------------------------------------------------


@dataclass
class EvidenceItem:
    episode: Episode
    rating: str
    recorded_on: dt.date
    evidence: str


@dataclass
class HeadingRow:
    heading: str
    label: str
    families_with_need: int
    sustained: list[EvidenceItem]


@dataclass
class OutcomeReturn:
    start: dt.date
    end: dt.date
    families_supported: int
    rows: list[HeadingRow]


def outcome_return(*, user: Any, start: dt.date, end: dt.date) -> OutcomeReturn:
    """For a period: the families supported (early help open on any day of it), and per Supporting Families
    heading the families with a need there and those whose latest rating by the period's end, recorded in the
    period, says the outcome was achieved and sustained, each with its evidence. Audited."""
    supported = (
        episodes_visible_to(user)
        .filter(opened_on__lte=end)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=start))
        .select_related("family", "hub")
    )
    episodes = {episode.pk: episode for episode in supported}
    entries = ProgressEntry.objects.filter(episode_id__in=episodes, recorded_on__lte=end).order_by(
        "recorded_on", "created_at"
    )
    latest: dict[tuple[Any, str], ProgressEntry] = {}
    needs: dict[str, set[Any]] = {heading: set() for heading in Heading.values}
    for entry in entries:
        latest[(entry.episode_id, entry.heading)] = entry
        if entry.rating != Rating.NOT_A_CONCERN:
            needs[entry.heading].add(entry.episode_id)
    rows = []
    for heading in Heading:
        sustained = [
            EvidenceItem(
                episode=episodes[entry.episode_id],
                rating=entry.get_rating_display(),
                recorded_on=entry.recorded_on,
                evidence=entry.evidence,
            )
            for (episode_id, entry_heading), entry in latest.items()
            if entry_heading == heading and entry.rating == Rating.SUSTAINED and entry.recorded_on >= start
        ]
        rows.append(
            HeadingRow(
                heading=heading.value,
                label=heading.label,
                families_with_need=len(needs[heading.value]),
                sustained=sorted(sustained, key=lambda item: item.episode.family.reference),
            )
        )
    audit_record(
        action=Action.SEARCH,
        actor=user,
        object_type="earlyhelp.episode",
        detail=f"outcome evidence {start.isoformat()} to {end.isoformat()}",
    )
    return OutcomeReturn(start=start, end=end, families_supported=len(episodes), rows=rows)


def outcome_return_csv(report: OutcomeReturn) -> str:
    """One row per heading and family with a sustained outcome, and a total row per heading."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "Period start",
            "Period end",
            "Heading",
            "Families supported",
            "Families with a need under this heading",
            "Families with a sustained outcome",
            "Family reference",
            "Hub",
            "Recorded on",
            "Evidence",
        ]
    )
    for row in report.rows:
        base = [
            report.start.isoformat(),
            report.end.isoformat(),
            row.label,
            report.families_supported,
            row.families_with_need,
            len(row.sustained),
        ]
        writer.writerow([*base, "", "", "", ""])
        for item in row.sustained:
            writer.writerow(
                [
                    *base,
                    item.episode.family.reference,
                    item.episode.hub.name,
                    item.recorded_on.isoformat(),
                    _safe_cell(item.evidence),
                ]
            )
    return out.getvalue()


def _safe_cell(text: str) -> str:
    """A cell a spreadsheet never runs as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def plan_action_get(*, episode: Episode, action_id: uuid.UUID) -> Any:
    """An action of this family's plan (the episode already fetched for the person's work); refused if it is
    another family's."""
    from localoffer.earlyhelp.models import PlanAction

    item = PlanAction.objects.filter(pk=action_id, episode=episode).first()
    if item is None:
        raise PermissionDenied("That action is not in this family's plan")
    return item
