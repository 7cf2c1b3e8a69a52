"""The Children in Need census, built from the records: XML to the 2025 schema, streamed child by child (memory
stays flat at any size), and a dry run that lists each problem with a link to the record to put it right."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
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
        value = value.isoformat()
    return f"<{name}>{escape(str(value))}</{name}>"


def _child_xml(child: Child, start: dt.date, end: dt.date) -> str:
    parts = ["<Child><ChildIdentifiers>", _el("LAchildID", la_child_id(child))]
    parts.append(
        _el("UPN", child.upn) if child.upn else _el("UPNunknown", "UN1" if child.age_on(end) < 5 else "UN5")
    )
    parts += [_el("PersonBirthDate", child.date_of_birth), _el("Sex", child.sex), "</ChildIdentifiers>"]
    parts += ["<ChildCharacteristics>", _el("Ethnicity", child.ethnicity)]
    if child.disabilities:
        parts.append(
            "<Disabilities>"
            + "".join(_el("Disability", code) for code in child.disabilities)
            + "</Disabilities>"
        )
    parts.append("</ChildCharacteristics>")
    for episode in child.census_episodes:  # type: ignore[attr-defined]
        parts += [
            "<CINdetails>",
            _el("CINreferralDate", episode.referral_date),
            _el("ReferralSource", episode.referral_source),
        ]
        parts.append(_el("PrimaryNeedCode", episode.primary_need))
        if episode.closed_on and episode.closed_on <= end:
            parts += [
                _el("CINclosureDate", episode.closed_on),
                _el("ReasonForClosure", episode.closure_reason),
            ]
        s47s = list(episode.s47s.all())
        # The conference's date is recorded with its section 47 enquiry, never at both levels (rule 2884).
        for assessment in episode.assessments.all():
            if assessment.started_on > end:
                continue
            parts += ["<Assessments>", _el("AssessmentActualStartDate", assessment.started_on)]
            authorised = (
                assessment.status == AssessmentStatus.AUTHORISED
                and assessment.authorised_on
                and assessment.authorised_on <= end
            )
            if authorised:
                parts.append(_el("AssessmentAuthorisationDate", assessment.authorised_on))
                # Factors only on a completed assessment (CIN rule 8614), and a completed one has them (8897Q).
                if assessment.factors:
                    parts.append(
                        "<FactorsIdentifiedAtAssessment>"
                        + "".join(_el("AssessmentFactors", code) for code in assessment.factors)
                        + "</FactorsIdentifiedAtAssessment>"
                    )
            parts.append("</Assessments>")
        for plan in episode.plans.all():
            if plan.starts_on and plan.starts_on <= end:
                ends = plan.ends_on if plan.ends_on and plan.ends_on <= end else None
                parts.append(
                    "<CINPlanDates>"
                    + _el("CINPlanStartDate", plan.starts_on)
                    + _el("CINPlanEndDate", ends)
                    + "</CINPlanDates>"
                )
        for s47 in s47s:
            parts += [
                "<Section47>",
                _el("S47ActualStartDate", s47.started_on),
                _el("InitialCPCtarget", s47.icpc_target),
                _el("DateOfInitialCPC", s47.icpc_on),
                _el("ICPCnotRequired", "1" if s47.icpc_not_required else "0"),
                "</Section47>",
            ]
        parts.append(_el("ReferralNFA", "1" if episode.referral_nfa else "0"))
        for number, cp in enumerate(episode.cp_plans.all()):
            parts += [
                "<ChildProtectionPlans>",
                _el("CPPstartDate", cp.starts_on),
                _el("CPPendDate", cp.ends_on if cp.ends_on and cp.ends_on <= end else None),
                _el("InitialCategoryOfAbuse", cp.initial_category),
                _el("LatestCategoryOfAbuse", cp.latest_category),
                _el("NumberOfPreviousCPP", number),
            ]
            if cp.review_dates:
                parts.append(
                    "<Reviews>" + "".join(_el("CPPreviewDate", d) for d in cp.review_dates) + "</Reviews>"
                )
            parts.append("</ChildProtectionPlans>")
        parts.append("</CINdetails>")
    parts.append("</Child>")
    return "".join(parts)


def census_xml(year: int, *, now: dt.datetime | None = None) -> Iterator[str]:
    """The census as XML, in pieces (a streaming response writes each as it comes)."""
    start, end = census_period(year)
    stamp = (now or dt.datetime.now()).replace(microsecond=0).isoformat()
    yield (
        '<?xml version="1.0" encoding="UTF-8"?>\n<Message><Header><CollectionDetails><Collection>CIN</Collection>'
        f"<Year>{year}</Year><ReferenceDate>{end.isoformat()}</ReferenceDate></CollectionDetails>"
        f"<Source><SourceLevel>L</SourceLevel><LEA>{LA_CODE}</LEA><SoftwareCode>localoffer</SoftwareCode>"
        f"<Release>1</Release><SerialNo>001</SerialNo><DateTime>{stamp}</DateTime></Source></Header><Children>"
    )
    for child in census_children(year).iterator(chunk_size=BATCH):
        yield _child_xml(child, start, end)
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
