"""The Children in Need census, built from the records: XML to the 2025 schema, streamed child by child (memory
stays flat at any size), and a dry run that lists each problem with a link to the record to put it right."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from django.db.models import Q, QuerySet
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
    children = _in_census(year).values_list("id", "upn", "date_of_birth", "sex", "ethnicity", "disabilities")
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
class CensusChild:
    """The child a problem is about: what the list shows and links by (read as values, not a model)."""

    id: uuid.UUID
    first_name: str
    last_name: str

    @property
    def pk(self) -> uuid.UUID:
        return self.id


@dataclass(frozen=True)
class CensusProblem:
    child: CensusChild
    message: str
    url: str
    rule: str = ""


def _in_census(year: int) -> QuerySet[Child]:
    start, end = census_period(year)
    in_census = CINEpisode.objects.filter(_in_period("referral_date", "closed_on", start, end)).values(
        "child_id"
    )
    return Child.objects.filter(id__in=in_census).order_by("id")


def census_dry_run(year: int) -> list[CensusProblem]:
    """What the DfE's rules would refuse, found before the return is sent, each with the record to fix. Read
    as plain rows a batch of children at a time, as the export is (no model instances)."""
    problems: list[CensusProblem] = []
    # Each start date's 45th working day, worked out once (a few hundred dates, not one per assessment).
    deadlines: dict[dt.date, dt.date] = {}
    children = _in_census(year).values_list("id", "first_name", "last_name", "sex", "disabilities")
    batch: list[tuple[Any, ...]] = []
    for child in children.iterator(chunk_size=BATCH):
        batch.append(child)
        if len(batch) == BATCH:
            problems += _batch_problems(batch, year, deadlines)
            batch = []
    if batch:
        problems += _batch_problems(batch, year, deadlines)
    return problems


def _batch_problems(
    children: list[tuple[Any, ...]], year: int, deadlines: dict[dt.date, dt.date]
) -> list[CensusProblem]:
    start, end = census_period(year)
    first, last = children[0][0], children[-1][0]
    episodes = _group(
        CINEpisode.objects.filter(
            _in_period("referral_date", "closed_on", start, end), child_id__gte=first, child_id__lte=last
        )
        .order_by("referral_date")
        .values_list("child_id", "id")
    )
    in_batch = _in_period("episode__referral_date", "episode__closed_on", start, end) & Q(
        episode__child_id__gte=first, episode__child_id__lte=last
    )
    assessments = _group(
        Assessment.objects.filter(in_batch)
        .order_by("started_on")
        .values_list("episode_id", "id", "started_on", "status", "authorised_on", "factors")
    )
    plans = _group(
        SupportPlan.objects.filter(in_batch, plan_type=PlanType.CIN, starts_on__isnull=False)
        .order_by("starts_on")
        .values_list("episode_id", "id", "starts_on", "ends_on")
    )
    cp_plans = _group(
        ChildProtectionPlan.objects.filter(in_batch)
        .order_by("starts_on")
        .values_list("episode_id", "starts_on", "ends_on")
    )
    no_rows: list[tuple[Any, ...]] = []
    problems: list[CensusProblem] = []
    for child_id, first_name, last_name, sex, disabilities in children:
        child = CensusChild(id=child_id, first_name=first_name, last_name=last_name)

        def add(message: str, rule: str, url: str = "", child: CensusChild = child) -> None:
            # The link is made only for a problem found: most children have none.
            url = url or reverse("people:child-detail", kwargs={"child_id": child.id})
            problems.append(CensusProblem(child=child, message=message, url=url, rule=rule))

        if sex == "U":
            add("Sex is not recorded", "8500")
        if Disability.NONE in disabilities and len(disabilities) > 1:
            add("'No disability' is recorded with other disabilities", "8790")
        cin_plans: list[tuple[Any, ...]] = []
        cps: list[tuple[Any, ...]] = []
        for _child, episode_id in episodes.get(child_id, no_rows):
            work = assessments.get(episode_id, no_rows)
            if sum(1 for row in work if row[3] != AssessmentStatus.AUTHORISED) > 1:
                add("More than one assessment is open at once", "8863Q")
            for _episode, assessment_id, started_on, status, authorised_on, factors in work:
                finished = authorised_on if status == AssessmentStatus.AUTHORISED else None
                if started_on not in deadlines:
                    deadlines[started_on] = add_working_days(started_on, 45)
                late = started_on <= end and (finished or end) > deadlines[started_on]
                no_factors = status == AssessmentStatus.AUTHORISED and not factors
                if not (late or no_factors):
                    continue
                url = reverse("casework:assessment", kwargs={"assessment_id": assessment_id})
                if late:
                    if finished:
                        # Not refused by the DfE's rules (8670Q asks only about open ones), but counted
                        # in the census's timeliness figures: worth knowing before the return goes.
                        add(
                            f"The assessment started {started_on:%-d %B %Y} took more than 45 working days"
                            " (shown in the timeliness figures)",
                            "",
                            url,
                        )
                    else:
                        add(
                            f"The assessment started {started_on:%-d %B %Y} has been open more than 45"
                            " working days: authorise it, or give the reason",
                            "8670Q",
                            url,
                        )
                if no_factors:
                    add("The authorised assessment has no factors", "8897Q", url)
            cin_plans += plans.get(episode_id, no_rows)
            cps += cp_plans.get(episode_id, no_rows)
        for index, (_episode, plan_id, plan_starts, plan_ends) in enumerate(cin_plans):
            for _other_episode, other_id, other_starts, other_ends in cin_plans[index + 1 :]:
                if (
                    plan_starts
                    and other_starts
                    and other_starts <= (plan_ends or end)
                    and plan_starts <= (other_ends or end)
                ):
                    add(
                        "Two CIN plans overlap",
                        "4014",  # the DfE's rule: CIN plan dates must not overlap
                        reverse("casework:plan", kwargs={"plan_id": other_id}),
                    )
            for _cp_episode, cp_starts, cp_ends in cps:
                if plan_starts and plan_starts <= (cp_ends or end) and cp_starts <= (plan_ends or end):
                    add(
                        "A CIN plan overlaps a child protection plan",
                        "4001",
                        reverse("casework:plan", kwargs={"plan_id": plan_id}),
                    )
    return problems
