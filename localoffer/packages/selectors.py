"""Reading packages: a child's whole package (every route, the grant's awards included), the family's, the
manager's caseload with its totals and double funding, the strategy's finding, and the expenditure by service
line. Opening a child's package asks `access.package_access` and is audited (view and refusal)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import StrIndex, Substr, Trim, Upper
from django.db.models.lookups import Exact, GreaterThan
from django.http import Http404

from localoffer.audit.models import Action
from localoffer.audit.services import audit_record
from localoffer.grants.models import Award, AwardStatus, PaymentInstruction
from localoffer.packages.access import package_access, package_children_visible_to
from localoffer.packages.models import (
    Agreement,
    DirectPaymentRun,
    Element,
    ElementKind,
    ElementStatus,
    Funder,
    Instalment,
    MonitoringReturn,
    Package,
    PersonalAssistant,
    Rate,
    RunLine,
)
from localoffer.packages.services import (
    card_provider_agreements,
    checks_due,
    package_panel_decision,
    packages_policy,
    run_steps,
    run_totals,
)
from localoffer.people.models import Child

# The routes a family is funded through, as the strategy counts them.
ROUTE_OF = {
    ElementKind.DIRECT_PAYMENT: "direct_payment",
    ElementKind.PERSONAL_ASSISTANT: "direct_payment",
    ElementKind.FLOATING_SUPPORT: "floating_support",
    ElementKind.PARKLANDS_NIGHTS: "parklands",
    ElementKind.PARKLANDS_CLUB: "parklands",
    ElementKind.COMMISSIONED_PLACE: "places",
    ElementKind.EQUIPMENT: "equipment",
}
ROUTE_LABELS = {
    "grant": "Short breaks grant",
    "direct_payment": "Direct payments",
    "floating_support": "Floating support",
    "parklands": "Parklands",
    "places": "Commissioned places",
    "equipment": "Equipment",
}
# Short breaks through another route than the grant: what the double-funding rule looks for.
SHORT_BREAK_ROUTES = ("direct_payment", "floating_support", "parklands", "places")
DOUBLE_FUNDING_RULE = (
    "The short breaks grant stops when the family gets short breaks through another route "
    "(Short Breaks Sufficiency Strategy, section 7.2)."
)


@dataclass(frozen=True)
class Line:
    """One line of a whole package: an element, or a grant award."""

    route: str
    kind: str
    description: str
    yearly_pence: int
    funder: str
    status: str
    starts_on: dt.date
    ends_on: dt.date | None
    next_review_on: dt.date | None
    element: Element | None = None


@dataclass
class WholePackage:
    child: Child
    package: Package | None
    lines: list[Line]
    agreements: list[Agreement] = field(default_factory=list)
    assistants: list[tuple[PersonalAssistant, list[str]]] = field(default_factory=list)
    returns: list[MonitoringReturn] = field(default_factory=list)
    panel_decision: Any = None

    @property
    def yearly_pence(self) -> int:
        return sum(line.yearly_pence for line in self.lines if line.funder != Funder.FAMILY.label)

    @property
    def routes(self) -> list[str]:
        return sorted({line.route for line in self.lines})


def current_elements(day: dt.date) -> Q:
    return Q(status__in=[ElementStatus.ACTIVE, ElementStatus.SUSPENDED], starts_on__lte=day) & (
        Q(ends_on__isnull=True) | Q(ends_on__gte=day)
    )


def current_awards(day: dt.date) -> QuerySet[Award]:
    return Award.objects.filter(status=AwardStatus.ACTIVE, starts_on__lte=day, ends_on__gte=day)


def _whole(child: Child, *, today: dt.date) -> WholePackage:
    package = Package.objects.filter(child=child).first()
    lines: list[Line] = []
    for award in Award.objects.filter(child=child).order_by("-starts_on")[:3]:
        lines.append(
            Line(
                route=ROUTE_LABELS["grant"],
                kind=f"Short breaks grant, level {award.level}",
                description=f"Paid once for the year, by {award.get_payment_method_display().lower()}",
                yearly_pence=award.amount_pence,
                funder=Funder.COUNCIL.label,
                status="Active" if award.status == AwardStatus.ACTIVE and award.ends_on >= today else "Ended",
                starts_on=award.starts_on,
                ends_on=award.ends_on,
                next_review_on=award.ends_on,
            )
        )
    agreements: list[Agreement] = []
    assistants: list[tuple[PersonalAssistant, list[str]]] = []
    returns: list[MonitoringReturn] = []
    if package is not None:
        elements = package.elements.select_related("agreement").order_by("starts_on", "kind")
        for element in elements:
            lines.append(
                Line(
                    route=ROUTE_LABELS[ROUTE_OF[ElementKind(element.kind)]],
                    kind=element.get_kind_display(),
                    description=element.description,
                    yearly_pence=element.yearly_pence,
                    funder=element.get_funder_display(),
                    status=element.get_status_display(),
                    starts_on=element.starts_on,
                    ends_on=element.ends_on,
                    next_review_on=package.next_review_on,
                    element=element,
                )
            )
        agreements = list(
            Agreement.objects.filter(element__package=package)
            .select_related("element")
            .order_by("first_payment_on")
        )
        assistants = [
            (assistant, checks_due(assistant, today=today))
            for assistant in PersonalAssistant.objects.filter(agreement__in=agreements)
        ]
        returns = list(MonitoringReturn.objects.filter(agreement__in=agreements).select_related("recovery"))
    return WholePackage(
        child=child,
        package=package,
        lines=lines,
        agreements=agreements,
        assistants=assistants,
        returns=returns,
        panel_decision=package_panel_decision(package) if package is not None else None,
    )


def package_get_for_user(*, user: Any, child_id: uuid.UUID, today: dt.date) -> WholePackage:
    """A child's whole package: fetched, decided by `package_access`, and the view (or refusal) audited."""
    child = Child.objects.filter(pk=child_id).first()
    if child is None:
        raise Http404("No such child")
    access = package_access(user, child)
    if not access.allowed:
        audit_record(action=Action.VIEW_DENIED, obj=child, detail=f"package: {access.reason}", actor=user)
        raise PermissionDenied("You cannot see this child's package")
    audit_record(action=Action.VIEW, obj=child, detail=f"package of care: {access.reason}", actor=user)
    return _whole(child, today=today)


def family_get_for_user(*, user: Any, child_id: uuid.UUID, today: dt.date) -> list[WholePackage]:
    """The whole package of each child in the family (the children sharing a family account with this
    one) whom this person may see, this child first. Each child's view is audited."""
    first = package_get_for_user(user=user, child_id=child_id, today=today)
    siblings = (
        package_children_visible_to(user)
        .filter(family_links__user__in=first.child.family_links.values("user"))
        .exclude(pk=first.child.pk)
        .distinct()
        .order_by("date_of_birth")
    )
    return [first] + [package_get_for_user(user=user, child_id=child.pk, today=today) for child in siblings]


def my_children(*, user: Any) -> QuerySet[Child]:
    """The children whose packages a family account holds."""
    return Child.objects.filter(family_links__user=user).distinct().order_by("date_of_birth")


def agreement_get_for_user(*, user: Any, agreement_id: uuid.UUID) -> Agreement:
    agreement = Agreement.objects.select_related("element__package__child").filter(pk=agreement_id).first()
    if agreement is None:
        raise Http404("No such agreement")
    child = agreement.element.package.child
    access = package_access(user, child)
    action = Action.VIEW if access.allowed else Action.VIEW_DENIED
    audit_record(action=action, obj=agreement, detail=access.reason, actor=user)
    if not access.allowed:
        raise PermissionDenied("You cannot see this agreement")
    return agreement


def element_get_for_user(*, user: Any, element_id: uuid.UUID) -> Element:
    element = Element.objects.select_related("package__child").filter(pk=element_id).first()
    if element is None:
        raise Http404("No such element")
    access = package_access(user, element.package.child)
    audit_record(
        action=Action.VIEW if access.allowed else Action.VIEW_DENIED,
        obj=element,
        detail=access.reason,
        actor=user,
    )
    if not access.allowed:
        raise PermissionDenied("You cannot see this element")
    return element


def return_get_for_user(*, user: Any, return_id: uuid.UUID) -> MonitoringReturn:
    item = (
        MonitoringReturn.objects.select_related("agreement__element__package__child")
        .filter(pk=return_id)
        .first()
    )
    if item is None:
        raise Http404("No such return")
    access = package_access(user, item.agreement.element.package.child)
    audit_record(
        action=Action.VIEW if access.allowed else Action.VIEW_DENIED,
        obj=item,
        detail=access.reason,
        actor=user,
    )
    if not access.allowed:
        raise PermissionDenied("You cannot see this return")
    return item


# --- The caseload ----------------------------------------------------------------------------------------


def district(postcode: str) -> str:
    """The postcode district (ME4), the area the caseload is totalled by."""
    return postcode.strip().upper().split(" ")[0] if postcode.strip() else "Not known"


@dataclass
class Breach:
    child_id: uuid.UUID
    child_name: str
    element: str
    element_yearly_pence: int
    grant_pence: int
    rule: str = DOUBLE_FUNDING_RULE


@dataclass
class Caseload:
    by_route: dict[str, tuple[int, int]]  # route label -> (children, yearly pence)
    by_need: dict[str, int]
    by_area: dict[str, int]
    multiple_routes: list[tuple[uuid.UUID, str, list[str], int]]  # child, name, routes, yearly pence
    multiple_routes_count: int
    breaches: list[Breach]
    breaches_count: int


def _route_expression() -> Case:
    """The route an element's kind belongs to, worked out in the database."""
    return Case(
        *[When(kind=kind, then=Value(route)) for kind, route in ROUTE_OF.items()],
        output_field=CharField(),
    )


def _district_expression(postcode: str) -> Case:
    """`district` in SQL: the postcode's first part, upper case, or "Not known" when there is none."""
    cleaned = Upper(Trim(postcode))
    return Case(
        When(Exact(cleaned, Value("")), then=Value("Not known")),
        When(
            GreaterThan(StrIndex(cleaned, Value(" ")), 0),
            then=Substr(cleaned, 1, StrIndex(cleaned, Value(" ")) - 1),
        ),
        default=cleaned,
        output_field=CharField(),
    )


def caseload_summary(*, today: dt.date, limit: int = 50) -> Caseload:
    """Every current package and grant award: totals by route, by level of need and by area, the children
    funded through more than one route, and the double-funding breaches. Aggregated in the database: the
    totals in one query, the lists of children in another, and only the `limit` children shown are read row by
    row, so the memory it takes does not grow with the caseload."""
    elements = Element.objects.filter(current_elements(today)).exclude(funder=Funder.FAMILY)
    yearly = Sum(F("unit_cost_pence") * F("units_a_year"))
    awards = current_awards(today)
    # One row per current element and per current award: the child, the route, the element's level of need, the
    # child's area and what it costs, grouped three ways in one query.
    totals = _totals(
        [
            elements.annotate(
                child_key=F("package__child_id"),
                route=_route_expression(),
                need=F("package__level_of_need"),
                area=_district_expression("package__child__postcode"),
                pence=F("unit_cost_pence") * F("units_a_year"),
            )
            .values("child_key", "route", "need", "area", "pence")
            .order_by(),
            awards.annotate(
                child_key=F("child_id"),
                route=Value("grant", output_field=CharField()),
                need=Value("", output_field=CharField()),
                area=_district_expression("child__postcode"),
                pence=F("amount_pence"),
            )
            .values("child_key", "route", "need", "area", "pence")
            .order_by(),
        ]
    )
    by_route = {ROUTE_LABELS["grant"]: (0, 0)} | {
        ROUTE_LABELS[route]: (children, pence) for route, children, pence in totals["route"]
    }
    by_need = {str(need): pence for need, _children, pence in totals["need"]}
    by_area = {str(area): pence for area, _children, pence in totals["area"]}

    # The rows grouped per child once, joined to the child: the children on more than one route, and those
    # double funded, each counted whole and the first `limit` by name read, from one query.
    element_routes = sorted(set(ROUTE_OF.values()))
    rows = [
        elements.annotate(
            child_key=F("package__child_id"),
            route=_route_expression(),
            element_pence=F("unit_cost_pence") * F("units_a_year"),
            grant_pence=Value(0),
        )
        .values("child_key", "route", "element_pence", "grant_pence")
        .order_by(),
        awards.annotate(
            child_key=F("child_id"),
            route=Value("grant", output_field=CharField()),
            element_pence=Value(0),
            grant_pence=F("amount_pence"),
        )
        .values("child_key", "route", "element_pence", "grant_pence")
        .order_by(),
    ]
    on_routes = " + ".join(f"on_{route}" for route in ["grant", *element_routes])
    on_short_breaks = " + ".join(f"on_{route}" for route in SHORT_BREAK_ROUTES)
    rules = packages_policy(today)
    lists = _children_where(
        rows,
        ["grant", *element_routes],
        {
            "several": "TRUE",
            "breaching": f"on_grant = 1 AND {on_short_breaks} > 0"
            if rules.grant_stops_with_other_short_breaks
            else "FALSE",
        },
        having=f"{on_routes} > 1",
        limit=limit,
    )
    several_count, several = lists["several"]
    breaching_count, shown = lists["breaching"]

    def name(row: dict[str, Any]) -> str:
        return f"{row['first_name']} {row['last_name']}"

    multiple = sorted(
        (
            (
                row["child_id"],
                name(row),
                sorted(ROUTE_LABELS[route] for route in ["grant", *element_routes] if row[f"on_{route}"]),
                row["element_pence"] + row["grant_pence"],
            )
            for row in several
        ),
        key=lambda row: row[1],
    )
    first_element = {
        child_id: (kind, pence)
        for child_id, kind, pence in elements.filter(package__child_id__in=[row["child_id"] for row in shown])
        .filter(kind__in=[kind for kind, route in ROUTE_OF.items() if route in SHORT_BREAK_ROUTES])
        .values_list("package__child_id", "kind")
        .annotate(total=yearly)
        .order_by("package__child_id", "-kind")
    }
    breaches = []
    for row in shown:
        kind, pence = first_element.get(row["child_id"], ("", 0))
        breaches.append(
            Breach(
                child_id=row["child_id"],
                child_name=name(row),
                element=ElementKind(kind).label if kind else "",
                element_yearly_pence=pence or 0,
                grant_pence=row["grant_pence"],
            )
        )
    breaches.sort(key=lambda item: item.child_name)
    return Caseload(
        by_route={route: (values[0], values[1]) for route, values in sorted(by_route.items())},
        by_need={dict(_need_labels()).get(need, need): pence for need, pence in sorted(by_need.items())},
        by_area=dict(sorted(by_area.items())),
        multiple_routes=multiple,
        multiple_routes_count=several_count,
        breaches=breaches,
        breaches_count=breaching_count,
    )


def _totals(rows: list[QuerySet[Any]]) -> dict[str, list[tuple[Any, int, int]]]:
    """The caseload's totals from `rows` (each a child_key, route, need, area and pence a year), read
    once into a MATERIALIZED common table expression and grouped three ways in one query: by route (how many
    children and what it costs a year), by the elements' level of need and by area (what it costs)."""
    parts = [queryset.query.sql_with_params() for queryset in rows]
    union = " UNION ALL ".join(
        f"SELECT child_key, route, need, area, pence FROM ({sql}) part{index}"  # noqa: S608
        for index, (sql, _params) in enumerate(parts)
    )
    params = [param for _sql, part_params in parts for param in part_params]
    found: dict[str, list[tuple[Any, int, int]]] = {"route": [], "need": [], "area": []}
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH r AS MATERIALIZED ({union}) "  # noqa: S608
            "SELECT 'route', route, COUNT(DISTINCT child_key), SUM(pence) FROM r GROUP BY route "
            "UNION ALL SELECT 'need', need, 0, SUM(pence) FROM r WHERE route <> 'grant' GROUP BY need "
            "UNION ALL SELECT 'area', area, 0, SUM(pence) FROM r GROUP BY area",
            params,
        )
        for kind, key, children, pence in cursor.fetchall():
            found[kind].append((key, int(children), int(pence or 0)))
    return found


def _children_where(
    rows: list[QuerySet[Any]], routes: list[str], lists: dict[str, str], *, having: str, limit: int
) -> dict[str, tuple[int, list[dict[str, Any]]]]:
    """`rows` (each a child_key, route, element_pence and grant_pence) grouped per child once, with an on_<route>
    flag for each of `routes`, the two totals and the child's name, and kept where `having` holds. Then, for
    each of `lists` (a name and a condition on those columns), how many children meet it and the first `limit`
    by name: COUNT(*) OVER () counts them all before the LIMIT takes the few shown.

    The grouped rows are a MATERIALIZED common table expression, planned and read once, whole: joining the
    grouped elements to the grouped awards under the LIMIT let PostgreSQL pick a nested loop over 200,000
    children (it never finished) where the whole grouping takes a second."""
    parts = [queryset.query.sql_with_params() for queryset in rows]
    union = " UNION ALL ".join(
        f"SELECT child_key, route, element_pence, grant_pence FROM ({sql}) part{index}"  # noqa: S608
        for index, (sql, _params) in enumerate(parts)
    )
    flags = ", ".join(f"MAX(CASE WHEN r.route = %s THEN 1 ELSE 0 END) AS on_{route}" for route in routes)
    # In the order they appear: the flags' routes, the parts', then each list's name and limit.
    params: list[Any] = [*routes, *(param for _sql, part_params in parts for param in part_params)]
    child = connection.ops.quote_name(Child._meta.db_table)
    key = Child._meta.get_field("id")
    pk = connection.ops.quote_name(key.column or "id")
    selects: list[str] = []
    for name, where in lists.items():
        selects.append(
            f"SELECT * FROM (SELECT %s AS list, grouped.*, COUNT(*) OVER () AS how_many FROM grouped "  # noqa: S608
            f"WHERE {where} ORDER BY first_name, last_name, child_id LIMIT %s) list{len(selects)}"
        )
        params += [name, limit]
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH grouped AS MATERIALIZED (SELECT * FROM (SELECT child.{pk} AS child_id, "  # noqa: S608
            f"child.first_name AS first_name, child.last_name AS last_name, {flags}, "
            f"COALESCE(SUM(r.element_pence), 0) AS element_pence, COALESCE(SUM(r.grant_pence), 0) AS grant_pence "
            f"FROM ({union}) r JOIN {child} child ON child.{pk} = r.child_key GROUP BY child.{pk}, "
            f"child.first_name, child.last_name) per_child WHERE {having}) " + " UNION ALL ".join(selects),
            params,
        )
        columns = [column[0] for column in cursor.description]
        found: dict[str, tuple[int, list[dict[str, Any]]]] = {name: (0, []) for name in lists}
        for values in cursor.fetchall():
            row = dict(zip(columns, values, strict=True))
            row["child_id"] = key.to_python(row["child_id"])
            shown = found[row["list"]][1]
            found[row["list"]] = (row["how_many"], [*shown, row])
    return found


def _need_labels() -> list[tuple[str, str]]:
    from localoffer.packages.models import LevelOfNeed

    return [(value, str(label)) for value, label in LevelOfNeed.choices]


@dataclass(frozen=True)
class Finding:
    grant_families: int
    with_direct_payment: int
    grant_pence_to_them: int
    direct_payment_pence: int

    @property
    def share(self) -> float:
        return self.with_direct_payment / self.grant_families if self.grant_families else 0.0


def grant_and_direct_payment_finding(*, today: dt.date) -> Finding:
    """The strategy's finding (s7.2): of the families with the grant, how many also have a direct payment,
    and how much of the grant's spending goes to them (the strategy: about 9%, £68,500)."""
    direct = Element.objects.filter(current_elements(today)).filter(
        kind__in=[ElementKind.DIRECT_PAYMENT, ElementKind.PERSONAL_ASSISTANT],
        package__child_id=OuterRef("child_id"),
    )
    awards = current_awards(today)
    both = awards.filter(Exists(direct))
    dp_cost = (
        Element.objects.filter(current_elements(today))
        .filter(kind__in=[ElementKind.DIRECT_PAYMENT, ElementKind.PERSONAL_ASSISTANT])
        .filter(Exists(current_awards(today).filter(child_id=OuterRef("package__child_id"))))
        .aggregate(total=Sum(F("unit_cost_pence") * F("units_a_year")))["total"]
    )
    return Finding(
        grant_families=awards.values("child_id").distinct().count(),
        with_direct_payment=both.values("child_id").distinct().count(),
        grant_pence_to_them=both.aggregate(total=Sum("amount_pence"))["total"] or 0,
        direct_payment_pence=dp_cost or 0,
    )


# --- Expenditure by service line (Figure 5) --------------------------------------------------------------

SERVICE_LINES = [
    ("parklands_home", "Parklands short break home"),
    ("parklands_club", "Parklands after school club"),
    ("grant", "Short breaks grant payments"),
    ("direct_payments", "Direct payments"),
    ("floating_support", "Floating support"),
    ("other", "Commissioned places and equipment"),
]
_LINE_OF_KIND = {
    ElementKind.PARKLANDS_NIGHTS: "parklands_home",
    ElementKind.PARKLANDS_CLUB: "parklands_club",
    ElementKind.FLOATING_SUPPORT: "floating_support",
    ElementKind.COMMISSIONED_PLACE: "other",
    ElementKind.EQUIPMENT: "other",
}


@dataclass(frozen=True)
class Expenditure:
    start_year: int
    rows: list[tuple[str, int]]

    @property
    def label(self) -> str:
        return f"{self.start_year}/{str(self.start_year + 1)[-2:]}"

    @property
    def total_pence(self) -> int:
        return sum(pence for _, pence in self.rows)


def expenditure(*, start_year: int) -> Expenditure:
    """Spending in a financial year by Figure 5's service lines: the grant and direct payments from their
    ledgers (instructions for the year; instalments due in it, corrections included); commissioned services
    from the packages, each element's yearly cost for the days of the year it ran."""
    starts, ends = dt.date(start_year, 4, 1), dt.date(start_year + 1, 3, 31)
    days_in_year = (ends - starts).days + 1
    totals = dict.fromkeys([key for key, _ in SERVICE_LINES], 0)
    totals["grant"] = (
        PaymentInstruction.objects.filter(budget_year=start_year).aggregate(total=Sum("amount_pence"))[
            "total"
        ]
        or 0
    )
    totals["direct_payments"] = (
        Instalment.objects.filter(due_on__gte=starts, due_on__lte=ends).aggregate(total=Sum("amount_pence"))[
            "total"
        ]
        or 0
    )
    commissioned = (
        Element.objects.filter(kind__in=list(_LINE_OF_KIND), starts_on__lte=ends)
        .exclude(funder=Funder.FAMILY)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=starts))
        .exclude(status=ElementStatus.CANCELLED)
        .values_list("kind", "starts_on", "ends_on", "unit_cost_pence", "units_a_year")
        .iterator(chunk_size=5000)
    )
    for kind, began, ended, unit, units in commissioned:
        first, last = max(began, starts), min(ended or ends, ends)
        days = (last - first).days + 1
        totals[_LINE_OF_KIND[ElementKind(kind)]] += unit * units * days // days_in_year
    return Expenditure(start_year=start_year, rows=[(label, totals[key]) for key, label in SERVICE_LINES])


# --- Rates and runs --------------------------------------------------------------------------------------


def rate_card(*, day: dt.date) -> list[Rate]:
    return list(
        Rate.objects.filter(effective_from__lte=day)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=day))
        .order_by("service", "ratio")
    )


def rate_get(*, rate_id: uuid.UUID) -> Rate:
    rate = Rate.objects.filter(pk=rate_id).first()
    if rate is None:
        raise Http404("No such rate")
    return rate


@dataclass(frozen=True)
class RunView:
    run: DirectPaymentRun
    steps: dict[str, Any]
    count: int
    total_pence: int
    held: int


def runs_list() -> list[RunView]:
    views = []
    for run in DirectPaymentRun.objects.select_related("prepared_by").order_by("-number")[:20]:
        count, total = run_totals(run)
        views.append(
            RunView(
                run=run,
                steps=run_steps(run),
                count=count,
                total_pence=total,
                held=run.lines.filter(hold__isnull=False).count(),
            )
        )
    return views


def run_get(*, number: int) -> RunView:
    run = DirectPaymentRun.objects.select_related("prepared_by").filter(number=number).first()
    if run is None:
        raise Http404("No such run")
    count, total = run_totals(run)
    return RunView(
        run=run,
        steps=run_steps(run),
        count=count,
        total_pence=total,
        held=run.lines.filter(hold__isnull=False).count(),
    )


def run_lines(*, run: DirectPaymentRun, limit: int = 200) -> list[RunLine]:
    return list(
        RunLine.objects.filter(run=run)
        .select_related("instalment__agreement__element__package__child", "hold")
        .order_by("instalment__reference")[:limit]
    )


def line_get(*, run: DirectPaymentRun, line_id: int) -> RunLine:
    line = RunLine.objects.filter(run=run, pk=line_id).first()
    if line is None:
        raise Http404("No such line")
    return line


def packages_awaiting_authorisation(*, limit: int = 50) -> list[tuple[uuid.UUID, str, int]]:
    """Packages being set up with live support, oldest first: (child, name, yearly pence)."""
    from localoffer.packages.models import PackageStatus

    rows = (
        Package.objects.filter(status=PackageStatus.DRAFT)
        .filter(Exists(Element.objects.filter(package=OuterRef("pk"), status=ElementStatus.ACTIVE)))
        .select_related("child")
        .order_by("created_at")[:limit]
    )
    awaiting = []
    for package in rows:
        yearly = sum(
            element.yearly_pence
            for element in package.elements.all()
            if element.is_live and element.funder != Funder.FAMILY
        )
        awaiting.append((package.child_id, f"{package.child.first_name} {package.child.last_name}", yearly))
    return awaiting


# --- The ledger of an agreement, and corrections ----------------------------------------------------------


@dataclass(frozen=True)
class LedgerEntry:
    """A scheduled instalment with the corrections that name it, beside it, and what stands after them."""

    instalment: Instalment
    corrections: list[Instalment]
    paid: Any

    @property
    def standing_pence(self) -> int:
        return self.instalment.amount_pence + sum(item.amount_pence for item in self.corrections)

    @property
    def reversed(self) -> bool:
        return bool(self.corrections) and self.standing_pence == 0


def agreement_ledger(*, agreement: Agreement, limit: int = 200) -> list[LedgerEntry]:
    """The agreement's ledger, newest due first: each scheduled instalment with its corrections beside it."""
    originals = list(
        Instalment.objects.filter(agreement=agreement, corrects__isnull=True)
        .select_related("paid", "created_by")
        .order_by("-due_on")[:limit]
    )
    corrections: dict[uuid.UUID, list[Instalment]] = defaultdict(list)
    for item in (
        Instalment.objects.filter(corrects__in=originals).select_related("created_by").order_by("created_at")
    ):
        corrections[item.corrects_id].append(item)  # type: ignore[index]
    return [
        LedgerEntry(instalment=item, corrections=corrections[item.pk], paid=getattr(item, "paid", None))
        for item in originals
    ]


def instalment_get_for_user(*, user: Any, instalment_id: uuid.UUID) -> LedgerEntry:
    """One entry on the ledger with its corrections, for someone who may see the child's package (audited)."""
    item = (
        Instalment.objects.select_related("agreement__element__package__child", "paid")
        .filter(pk=instalment_id)
        .first()
    )
    if item is None:
        raise Http404("No such payment")
    access = package_access(user, item.agreement.element.package.child)
    audit_record(
        action=Action.VIEW if access.allowed else Action.VIEW_DENIED,
        obj=item.agreement,
        detail=f"ledger entry {item.reference}: {access.reason}",
        actor=user,
    )
    if not access.allowed:
        raise PermissionDenied("You cannot see this payment")
    return LedgerEntry(
        instalment=item,
        corrections=list(item.corrections.select_related("created_by").order_by("created_at")),
        paid=getattr(item, "paid", None),
    )


# --- Card providers and their payees ---------------------------------------------------------------------


def card_providers() -> list[tuple[str, int]]:
    """The prepaid card providers paying anyone now, with how many agreements each pays."""

    rows = (
        Agreement.objects.filter(route="prepaid_card")
        .exclude(card_provider="")
        .values_list("card_provider")
        .annotate(count=Count("pk"))
        .order_by("card_provider")
    )
    return [(str(name), int(count)) for name, count in rows]


@dataclass(frozen=True)
class Payee:
    agreement: Agreement
    child_name: str
    family: list[str]


def card_provider_payees(*, user: Any, provider: str, limit: int = 500) -> tuple[int, list[Payee]]:
    """How many agreements a card provider pays now, and which families (the first `limit`), for the
    confirmation before they are all switched. Each child shown is an audited view."""
    agreements = card_provider_agreements(provider)
    count = agreements.count()
    payees = []
    for agreement in (
        agreements.select_related("element__package__child")
        .prefetch_related("element__package__child__family_links__user")
        .order_by("element__package__child__last_name", "element__package__child__first_name")[:limit]
    ):
        child = agreement.element.package.child
        audit_record(
            action=Action.VIEW,
            obj=child,
            detail=f"payees of the card provider {provider}, to switch their route",
            actor=user,
        )
        payees.append(
            Payee(
                agreement=agreement,
                child_name=f"{child.first_name} {child.last_name}",
                family=[link.user.get_full_name() for link in child.family_links.all()],
            )
        )
    return count, payees


# --- History: each earlier version, who made it and when --------------------------------------------------


@dataclass(frozen=True)
class Version:
    at: dt.datetime
    by: str
    kind: str
    reason: str
    changes: list[tuple[str, str, str]]  # field, before, after


HISTORY_KINDS = {"+": "Created", "~": "Changed", "-": "Deleted"}
HISTORY_LABELS = {
    "fallback_route": "Second route",
    "weekly_pence": "Weekly amount",
    "one_off_pence": "One-off amount",
}
HISTORY_SKIP = {"id", "created_at", "history_id", "history_date", "history_user", "history_type"}


def _shown(record: Any, name: str) -> str:
    field_ = record._meta.get_field(name)
    value = getattr(record, field_.attname)
    if value in (None, ""):
        return "Not set"
    if field_.choices:
        return str(dict(field_.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if name.endswith("_pence") and isinstance(value, int):
        from localoffer.core.money import pounds

        return pounds(value)
    if field_.is_relation:
        return str(getattr(record, name, value) or "Not set")
    return str(value.strftime("%-d %B %Y") if isinstance(value, dt.date) else value)


def history_of(record: Any) -> list[Version]:
    """Every version of a record, newest first: what changed from the one before, who made it and when."""
    versions = list(record.history.select_related("history_user").order_by("-history_date", "-history_id"))
    shown: list[Version] = []
    for index, version in enumerate(versions):
        before = versions[index + 1] if index + 1 < len(versions) else None
        changes: list[tuple[str, str, str]] = []
        if before is not None:
            for change in version.diff_against(before).changes:
                if change.field in HISTORY_SKIP:
                    continue
                label = HISTORY_LABELS.get(
                    change.field, str(version._meta.get_field(change.field).verbose_name).capitalize()
                )
                changes.append((label, _shown(before, change.field), _shown(version, change.field)))
        user = version.history_user
        shown.append(
            Version(
                at=version.history_date,
                by=user.get_full_name() if user else "The system",
                kind=HISTORY_KINDS.get(version.history_type, "Changed"),
                reason=version.history_change_reason or "",
                changes=changes,
            )
        )
    return shown
