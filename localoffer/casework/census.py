"""The Children in Need census, built from the records: XML to the 2025 schema, streamed child by child (memory
stays flat at any size), and a dry run that lists each problem with a link to the record to put it right."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse

from localoffer.casework.models import (
    Assessment,
    AssessmentStatus,
    ChildProtectionPlan,
    CINEpisode,
    PlanType,
    Section47Enquiry,
    SupportPlan,
)
from localoffer.core.working_days import add_working_days
from localoffer.people.models import Child, Disability

LA_CODE = "887"  # Medway's local authority number
BATCH = 2000


def census_period(year: int) -> tuple[dt.date, dt.date]:
    """The census year ending on 31 March `year`."""
    return dt.date(year - 1, 4, 1), dt.date(year, 3, 31)


def _in_period(start_field: str, end_field: str, start: dt.date, end: dt.date) -> Q:
    return Q(**{f"{start_field}__lte": end}) & (
        Q(**{f"{end_field}__isnull": True}) | Q(**{f"{end_field}__gte": start})
    )


def census_children(year: int) -> QuerySet[Child]:
    start, end = census_period(year)
    episodes = CINEpisode.objects.filter(_in_period("referral_date", "closed_on", start, end)).order_by(
        "referral_date"
    )
    # The later lookups go through census_episodes (the first Prefetch's to_attr), which the stubs cannot see.
    return (
        Child.objects.filter(cin_episodes__in=episodes)  # type: ignore[misc]
        .distinct()
        .order_by("id")
        .prefetch_related(
            Prefetch("cin_episodes", queryset=episodes, to_attr="census_episodes"),
            # Through the episodes in the census (census_episodes), so each episode's work comes with it.
            Prefetch("census_episodes__assessments", queryset=Assessment.objects.order_by("started_on")),
            Prefetch(
                "census_episodes__plans",
                queryset=SupportPlan.objects.filter(plan_type=PlanType.CIN)
                .exclude(starts_on=None)
                .order_by("starts_on"),
            ),
            Prefetch("census_episodes__s47s", queryset=Section47Enquiry.objects.order_by("started_on")),
            Prefetch("census_episodes__cp_plans", queryset=ChildProtectionPlan.objects.order_by("starts_on")),
        )
    )


def la_child_id(child: Child) -> str:
    return child.id.hex[:10].upper()


def _el(name: str, value: object) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, dt.date):
        return f"<{name}>{value.isoformat()}</{name}>"
    return f"<{name}>{escape(str(value))}</{name}>"


def _group(rows: Iterable[tuple[Any, ...]]) -> dict[Any, list[tuple[Any, ...]]]:
    """Rows keyed by their first column (the episode or child they belong to), each list in the rows' order."""
    grouped: dict[Any, list[tuple[Any, ...]]] = defaultdict(list)
    for row in rows:
        grouped[row[0]].append(row)
    return grouped


def _batch_xml(children: list[tuple[Any, ...]], start: dt.date, end: dt.date) -> Iterator[str]:
    """Each of a batch of children's <Child> elements in turn, from five queries of plain rows for the whole batch (no model
    instances: at national size building them, and prefetching through them, was most of the export's time)."""
    # The batch is a run of children in id order: its episodes, and their work, are fetched by the range of
    # ids (two parameters; a list of thousands of ids cost more to send than the rows cost to read).
    first, last = children[0][0], children[-1][0]
    episodes = _group(
        CINEpisode.objects.filter(
            _in_period("referral_date", "closed_on", start, end), child_id__gte=first, child_id__lte=last
        )
        .order_by("referral_date")
        .values_list(
            "child_id",
            "id",
            "referral_date",
            "referral_source",
            "primary_need",
            "closed_on",
            "closure_reason",
            "referral_nfa",
        )
    )
    in_batch = _in_period("episode__referral_date", "episode__closed_on", start, end) & Q(
        episode__child_id__gte=first, episode__child_id__lte=last
    )
    assessments = _group(
        Assessment.objects.filter(in_batch, started_on__lte=end)
        .order_by("started_on")
        .values_list("episode_id", "started_on", "status", "authorised_on", "factors")
    )
    plans = _group(
        SupportPlan.objects.filter(
            in_batch, plan_type=PlanType.CIN, starts_on__isnull=False, starts_on__lte=end
        )
        .order_by("starts_on")
        .values_list("episode_id", "starts_on", "ends_on")
    )
    s47s = _group(
        Section47Enquiry.objects.filter(in_batch)
        .order_by("started_on")
        .values_list("episode_id", "started_on", "icpc_target", "icpc_on", "icpc_not_required")
    )
    cp_plans = _group(
        ChildProtectionPlan.objects.filter(in_batch)
        .order_by("starts_on")
        .values_list(
            "episode_id", "starts_on", "ends_on", "initial_category", "latest_category", "review_dates"
        )
    )
    no_rows: list[tuple[Any, ...]] = []
    for child_id, upn, born, sex, ethnicity, disabilities in children:
        parts: list[str] = []
        add = parts.append
        add("<Child><ChildIdentifiers>")
        add(_el("LAchildID", child_id.hex[:10].upper()))
        if upn:
            add(_el("UPN", upn))
        else:
            age = end.year - born.year - ((end.month, end.day) < (born.month, born.day))
            add(_el("UPNunknown", "UN1" if age < 5 else "UN5"))
        add(_el("PersonBirthDate", born))
        add(_el("Sex", sex))
        add("</ChildIdentifiers><ChildCharacteristics>")
        add(_el("Ethnicity", ethnicity))
        if disabilities:
            add(
                "<Disabilities>"
                + "".join(_el("Disability", code) for code in disabilities)
                + "</Disabilities>"
            )
        add("</ChildCharacteristics>")
        for _child, episode_id, referred, source, need, closed_on, closure_reason, nfa in episodes.get(
            child_id, no_rows
        ):
            add("<CINdetails>")
            add(_el("CINreferralDate", referred))
            add(_el("ReferralSource", source))
            add(_el("PrimaryNeedCode", need))
            if closed_on and closed_on <= end:
                add(_el("CINclosureDate", closed_on))
                add(_el("ReasonForClosure", closure_reason))
            # The conference's date is recorded with its section 47 enquiry, never at both levels (rule 2884).
            for _episode, started_on, status, authorised_on, factors in assessments.get(episode_id, no_rows):
                add("<Assessments>")
                add(_el("AssessmentActualStartDate", started_on))
                if status == AssessmentStatus.AUTHORISED and authorised_on and authorised_on <= end:
                    add(_el("AssessmentAuthorisationDate", authorised_on))
                    # Factors only on a completed assessment (CIN rule 8614), and a completed one has them (8897Q).
                    if factors:
                        add(
                            "<FactorsIdentifiedAtAssessment>"
                            + "".join(_el("AssessmentFactors", code) for code in factors)
                            + "</FactorsIdentifiedAtAssessment>"
                        )
                add("</Assessments>")
            for _episode, starts_on, ends_on in plans.get(episode_id, no_rows):
                add("<CINPlanDates>")
                add(_el("CINPlanStartDate", starts_on))
                add(_el("CINPlanEndDate", ends_on if ends_on and ends_on <= end else None))
                add("</CINPlanDates>")
            for _episode, started_on, icpc_target, icpc_on, icpc_not_required in s47s.get(
                episode_id, no_rows
            ):
                add("<Section47>")
                add(_el("S47ActualStartDate", started_on))
                add(_el("InitialCPCtarget", icpc_target))
                add(_el("DateOfInitialCPC", icpc_on))
                add(
                    "<ICPCnotRequired>1</ICPCnotRequired>"
                    if icpc_not_required
                    else "<ICPCnotRequired>0</ICPCnotRequired>"
                )
                add("</Section47>")
            add("<ReferralNFA>1</ReferralNFA>" if nfa else "<ReferralNFA>0</ReferralNFA>")
            for number, (_episode, starts_on, ends_on, initial, latest, reviews) in enumerate(
                cp_plans.get(episode_id, no_rows)
            ):
                add("<ChildProtectionPlans>")
                add(_el("CPPstartDate", starts_on))
                add(_el("CPPendDate", ends_on if ends_on and ends_on <= end else None))
                add(_el("InitialCategoryOfAbuse", initial))
                add(_el("LatestCategoryOfAbuse", latest))
                add(f"<NumberOfPreviousCPP>{number}</NumberOfPreviousCPP>")
                if reviews:
                    add("<Reviews>" + "".join(_el("CPPreviewDate", day) for day in reviews) + "</Reviews>")
                add("</ChildProtectionPlans>")
            add("</CINdetails>")
        add("</Child>")
        yield "".join(parts)


def census_xml(year: int, *, now: dt.datetime | None = None) -> Iterator[str]:
    """The census as XML, in pieces (a streaming response writes each as it comes): a batch of children at a
    time, so memory stays flat at any size."""
    start, end = census_period(year)
    stamp = (now or dt.datetime.now()).replace(microsecond=0).isoformat()
    yield (
        '<?xml version="1.0" encoding="UTF-8"?>\n<Message><Header><CollectionDetails><Collection>CIN</Collection>'
        f"<Year>{year}</Year><ReferenceDate>{end.isoformat()}</ReferenceDate></CollectionDetails>"
        f"<Source><SourceLevel>L</SourceLevel><LEA>{LA_CODE}</LEA><SoftwareCode>localoffer</SoftwareCode>"
        f"<Release>1</Release><SerialNo>001</SerialNo><DateTime>{stamp}</DateTime></Source></Header><Children>"
    )
    in_census = CINEpisode.objects.filter(_in_period("referral_date", "closed_on", start, end)).values(
        "child_id"
    )
    children = (
        Child.objects.filter(id__in=in_census)
        .order_by("id")
        .values_list("id", "upn", "date_of_birth", "sex", "ethnicity", "disabilities")
    )
    batch: list[tuple[Any, ...]] = []
    for child in children.iterator(chunk_size=BATCH):
        batch.append(child)
        if len(batch) == BATCH:
            yield from _batch_xml(batch, start, end)
            batch = []
    if batch:
        yield from _batch_xml(batch, start, end)
    yield "</Children></Message>\n"


@dataclass(frozen=True)
class CensusProblem:
    child: Child
    message: str
    url: str
    rule: str = ""


def census_dry_run(year: int) -> list[CensusProblem]:
    """What the DfE's rules would refuse, found before the return is sent, each with the record to fix."""
    _start, end = census_period(year)
    problems: list[CensusProblem] = []
    for child in census_children(year).iterator(chunk_size=BATCH):
        record = reverse("people:child-detail", kwargs={"child_id": child.id})

        def add(message: str, rule: str, url: str = record, child: Child = child) -> None:
            problems.append(CensusProblem(child=child, message=message, url=url, rule=rule))

        if child.sex == "U":
            add("Sex is not recorded", "8500")
        if Disability.NONE in child.disabilities and len(child.disabilities) > 1:
            add("'No disability' is recorded with other disabilities", "8790")
        cin_plans: list[SupportPlan] = []
        cps: list[ChildProtectionPlan] = []
        for episode in child.census_episodes:  # type: ignore[attr-defined]
            open_assessments = [
                a for a in episode.assessments.all() if a.status != AssessmentStatus.AUTHORISED
            ]
            if len(open_assessments) > 1:
                add("More than one assessment is open at once", "8863Q")
            for a in episode.assessments.all():
                url = reverse("casework:assessment", kwargs={"assessment_id": a.id})
                finished = a.authorised_on if a.status == AssessmentStatus.AUTHORISED else None
                if a.started_on <= end and (finished or end) > add_working_days(a.started_on, 45):
                    if finished:
                        # Not refused by the DfE's rules (8670Q asks only about open ones), but counted
                        # in the census's timeliness figures: worth knowing before the return goes.
                        add(
                            f"The assessment started {a.started_on:%-d %B %Y} took more than 45 working days"
                            " (shown in the timeliness figures)",
                            "",
                            url,
                        )
                    else:
                        add(
                            f"The assessment started {a.started_on:%-d %B %Y} has been open more than 45"
                            " working days: authorise it, or give the reason",
                            "8670Q",
                            url,
                        )
                if a.status == AssessmentStatus.AUTHORISED and not a.factors:
                    add("The authorised assessment has no factors", "8897Q", url)
            cin_plans += list(episode.plans.all())
            cps += list(episode.cp_plans.all())
        for index, plan in enumerate(cin_plans):
            for other in cin_plans[index + 1 :]:
                if (
                    plan.starts_on
                    and other.starts_on
                    and other.starts_on <= (plan.ends_on or end)
                    and plan.starts_on <= (other.ends_on or end)
                ):
                    add(
                        "Two CIN plans overlap",
                        "4014",  # the DfE's rule: CIN plan dates must not overlap
                        reverse("casework:plan", kwargs={"plan_id": other.id}),
                    )
            for cp in cps:
                if (
                    plan.starts_on
                    and plan.starts_on <= (cp.ends_on or end)
                    and cp.starts_on <= (plan.ends_on or end)
                ):
                    add(
                        "A CIN plan overlaps a child protection plan",
                        "4001",
                        reverse("casework:plan", kwargs={"plan_id": plan.id}),
                    )
    return problems
