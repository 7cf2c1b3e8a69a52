"""A seeded synthetic caseload for the grant, consistent with the strategy's figures (s5.2: 1,177 children
in the system in October 2023, 935 renewals and 242 new applications).

Renewals come with an award under the published policy (and, for most, a payment run and the finance
system's confirmation); new applications wait for evaluation. Ages follow the DLA counts by age (s4), other
support follows s5.4 and s7.2 (about 9% also have a direct payment; 38 of 1,177 use Parklands). The split
between levels, DLA rates and payment methods is not in the sources: those are defaults, marked below.

Every name is invented. The generator takes a size, so benchmarks can run on a national-sized caseload; it
writes with bulk_create, so 200,000 children take seconds, not hours."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import AutoField, Max, Model

from localoffer.accounts.models import User
from localoffer.grants.models import (
    Award,
    BreakdownRisk,
    CaseKind,
    CaseStatus,
    DlaRate,
    GrantCase,
    Impact,
    OtherSupport,
    PaymentConfirmation,
    PaymentInstruction,
    PaymentMethod,
    PaymentRun,
    PaymentRunLine,
    PolicyVersion,
    PrimaryNeed,
    SupportKind,
    award_ends_on,
    budget_year_of,
)
from localoffer.people.models import Child, Involvement
from localoffer.teams.models import Team

MEDWAY_SIZE = 1177
MEDWAY_RENEWALS = 935
SDS_TEAM = "short-breaks-and-self-directed-support"

# s4: children with DLA in Medway in 2022, by age band (the grant stops at 18).
AGE_BANDS = [((1, 4), 330), ((5, 10), 1652), ((11, 15), 1816), ((16, 17), 204)]
# Defaults (not in the sources): levels, DLA care rates, payment methods.
LEVEL_WEIGHTS = [(1, 50), (2, 30), (3, 20)]
DLA_WEIGHTS = [(DlaRate.LOWEST, 30), (DlaRate.MIDDLE, 45), (DlaRate.HIGHER, 25)]
# s4: needs of children with an EHC plan in Medway, per thousand; the rest "another need".
NEED_WEIGHTS = [
    (PrimaryNeed.AUTISM, 322),
    (PrimaryNeed.SLCN, 184),
    (PrimaryNeed.SEMH, 152),
    (PrimaryNeed.MLD, 91),
    (PrimaryNeed.SLD, 87),
    (PrimaryNeed.PHYSICAL, 40),
    (PrimaryNeed.HEARING, 17),
    (PrimaryNeed.VISUAL, 10),
    (PrimaryNeed.OTHER, 97),
]
METHOD_WEIGHTS = [(PaymentMethod.MANAGED_ACCOUNT, 60), (PaymentMethod.PREPAID_CARD, 40)]
# s7.2: ~9% also have a direct payment; s5.5: 38 of 1,177 have Parklands nights; floating support: a default.
DIRECT_PAYMENT_SHARE = 0.09
PARKLANDS_SHARE = 38 / 1177
FLOATING_SHARE = 0.03
# Recommendation 4: the criteria are applied as "and/or": a few have DLA and no diagnosis, or the reverse.
NO_DIAGNOSIS_SHARE = 0.03
NO_DLA_SHARE = 0.05

FIRST_NAMES = [
    "Amelia",
    "Olivia",
    "Isla",
    "Ava",
    "Mia",
    "Ivy",
    "Lily",
    "Freya",
    "Grace",
    "Sophia",
    "Evie",
    "Poppy",
    "Ella",
    "Rosie",
    "Harper",
    "Willow",
    "Alfie",
    "Noah",
    "Oliver",
    "George",
    "Arthur",
    "Leo",
    "Muhammad",
    "Harry",
    "Oscar",
    "Archie",
    "Henry",
    "Jack",
    "Theo",
    "Charlie",
    "Finley",
    "Teddy",
    "Jacob",
    "Riley",
    "Isaac",
    "Reggie",
    "Tommy",
    "Alex",
    "Sam",
    "Jordan",
    "Taylor",
    "Morgan",
    "Priya",
    "Aisha",
    "Zara",
    "Kai",
    "Ethan",
    "Mason",
    "Logan",
    "Ruby",
    "Daisy",
]
LAST_NAMES = [
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Williams",
    "Wilson",
    "Johnson",
    "Davies",
    "Patel",
    "Wright",
    "Robinson",
    "Thompson",
    "Evans",
    "Walker",
    "White",
    "Roberts",
    "Green",
    "Hall",
    "Thomas",
    "Clarke",
    "Jackson",
    "Wood",
    "Harris",
    "Edwards",
    "Turner",
    "Martin",
    "Cooper",
    "Hill",
    "Ward",
    "Hughes",
    "Moore",
    "Clark",
    "King",
    "Harrison",
    "Lewis",
    "Baker",
    "Lee",
    "Allen",
    "Morris",
    "Khan",
    "Scott",
    "Watson",
    "Davis",
    "Parker",
    "James",
    "Bennett",
    "Young",
    "Price",
]
DISTRICTS = ["ME1", "ME2", "ME3", "ME4", "ME5", "ME7", "ME8"]
IMPACTS = [Impact.LITTLE, Impact.MODERATE, Impact.SIGNIFICANT]
RISKS = [BreakdownRisk.MINIMAL, BreakdownRisk.POSSIBLE, BreakdownRisk.SIGNIFICANT]


@dataclass
class Generated:
    children: int
    renewals: int
    new: int
    payments: int
    seconds: float


def _weighted[T](rng: random.Random, weights: Sequence[tuple[T, int]]) -> T:
    return rng.choices([value for value, _ in weights], [weight for _, weight in weights])[0]


def caseload_generate(
    *,
    policy: PolicyVersion,
    size: int = MEDWAY_SIZE,
    renewals: int | None = None,
    seed: int = 2023,
    today: dt.date,
    batch_size: int = 5000,
) -> Generated:
    """Create `size` children in the grant system: `renewals` with an award (default in the strategy's
    proportion, 935 of 1,177), the rest new applications awaiting evaluation."""
    import time

    started = time.perf_counter()
    rng = random.Random(seed)  # noqa: S311 - made-up data, not secrets
    if renewals is None:
        renewals = round(size * MEDWAY_RENEWALS / MEDWAY_SIZE)
    team = Team.objects.get(slug=SDS_TEAM)
    levels = {level.number: level for level in policy.levels.all()}
    children: list[Child] = []
    involvements: list[Involvement] = []
    cases: list[GrantCase] = []
    awards: list[Award] = []
    supports: list[OtherSupport] = []
    age_weights = [(band, weight) for band, weight in AGE_BANDS]
    for index in range(size):
        low, high = _weighted(rng, age_weights)
        age = rng.randint(low, high)
        born = today - dt.timedelta(days=age * 365 + rng.randint(1, 360))
        child = Child(
            id=uuid.UUID(int=rng.getrandbits(128), version=4),
            first_name=rng.choice(FIRST_NAMES),
            last_name=rng.choice(LAST_NAMES),
            date_of_birth=born,
            postcode=f"{rng.choice(DISTRICTS)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXY')}"
            f"{rng.choice('ABDEFGHJLNPQRSTUWXY')}",
        )
        children.append(child)
        renewal = index < renewals
        received = today - dt.timedelta(days=rng.randint(0, 60) if not renewal else rng.randint(30, 360))
        involvements.append(Involvement(child=child, team=team, started_on=received))
        case = GrantCase(
            id=uuid.UUID(int=rng.getrandbits(128), version=4),
            reference=f"SB-G{index + 1:07d}",
            child=child,
            kind=CaseKind.RENEWAL if renewal else CaseKind.NEW,
            status=CaseStatus.AWAITING,
            received_on=received,
        )
        case.primary_need = _weighted(rng, NEED_WEIGHTS)
        cases.append(case)
        for kind, share in (
            (SupportKind.DIRECT_PAYMENT, DIRECT_PAYMENT_SHARE),
            (SupportKind.PARKLANDS_NIGHTS, PARKLANDS_SHARE if age >= 5 else 0),
            (SupportKind.FLOATING_SUPPORT, FLOATING_SHARE),
        ):
            if rng.random() < share:
                supports.append(
                    OtherSupport(
                        child=child,
                        kind=kind,
                        weekly_pence=rng.randint(2453, 39985) if kind == SupportKind.DIRECT_PAYMENT else None,
                        nights_a_year=rng.choice([12, 18, 24])
                        if kind == SupportKind.PARKLANDS_NIGHTS
                        else None,
                        started_on=today - dt.timedelta(days=rng.randint(30, 900)),
                    )
                )
        if not renewal:
            continue
        level = int(_weighted(rng, LEVEL_WEIGHTS))
        # The conversation's answers agree with the level: the higher of impact and risk is the level.
        if rng.random() < 0.5:
            case.impact, case.breakdown_risk = IMPACTS[level - 1], RISKS[rng.randint(0, level - 1)]
        else:
            case.impact, case.breakdown_risk = IMPACTS[rng.randint(0, level - 1)], RISKS[level - 1]
        roll = rng.random()
        case.has_diagnosis = roll >= NO_DIAGNOSIS_SHARE
        case.dla_rate = (
            DlaRate.NONE
            if NO_DIAGNOSIS_SHARE <= roll < NO_DIAGNOSIS_SHARE + NO_DLA_SHARE
            else str(_weighted(rng, DLA_WEIGHTS))
        )
        case.lives_in_medway = True
        case.payment_method = str(_weighted(rng, METHOD_WEIGHTS))
        case.recommended_level = case.chosen_level = level
        case.recommendation_reasons = [f"Level {level} at the last review."]
        case.status = CaseStatus.APPROVED
        case.policy = policy
        case.decision_reasons = "Renewed at the annual review."
        starts = received + dt.timedelta(days=rng.randint(5, 25))
        starts = min(starts, today)
        awards.append(
            Award(
                id=uuid.UUID(int=rng.getrandbits(128), version=4),
                case=case,
                child=child,
                policy=policy,
                level=level,
                amount_pence=levels[level].amount_pence,
                payment_method=case.payment_method,
                budget_year=budget_year_of(starts),
                starts_on=starts,
                ends_on=award_ends_on(starts),
            )
        )
    with transaction.atomic():
        for model, rows in (
            (Child, children),
            (Involvement, involvements),
            (GrantCase, cases),
            (OtherSupport, supports),
            (Award, awards),
        ):
            _insert(model, rows, batch_size=batch_size)
        payments = _ledger(rng=rng, awards=awards, today=today, batch_size=batch_size)
        _analyze([Child, Involvement, GrantCase, OtherSupport, Award, PaymentInstruction, PaymentRunLine])
    return Generated(
        children=size,
        renewals=renewals,
        new=size - renewals,
        payments=payments,
        seconds=time.perf_counter() - started,
    )


def _ledger(*, rng: random.Random, awards: list[Award], today: dt.date, batch_size: int) -> int:
    """Every award paying money has its instruction; those started more than a fortnight ago have been in a
    monthly payment run, confirmed by the finance system a week later."""

    runner = User.objects.filter(role="sds_coordinator").order_by("date_joined").first()
    instructions: list[PaymentInstruction] = []
    by_month: dict[dt.date, list[PaymentInstruction]] = {}
    for award in awards:
        if award.amount_pence <= 0:
            continue
        instruction = PaymentInstruction(
            id=uuid.UUID(int=rng.getrandbits(128), version=4),
            reference=f"PAY-G{len(instructions) + 1:07d}",
            award=award,
            child=award.child,
            policy=award.policy,
            budget_year=award.budget_year,
            amount_pence=award.amount_pence,
            method=award.payment_method,
        )
        instructions.append(instruction)
        month = award.starts_on.replace(day=1)
        if runner is not None and _run_day(month) + dt.timedelta(days=7) <= today:
            by_month.setdefault(month, []).append(instruction)
    _insert(PaymentInstruction, instructions, batch_size=batch_size)
    if runner is None:
        return len(instructions)
    number = (PaymentRun.objects.aggregate(top=Max("number"))["top"] or 0) + 1
    lines: list[PaymentRunLine] = []
    confirmations: list[PaymentConfirmation] = []
    for month, items in sorted(by_month.items()):
        run = PaymentRun.objects.create(
            number=number,
            created_by=runner,
            count=len(items),
            control_total_pence=sum(item.amount_pence for item in items),
        )
        number += 1
        for item in items:
            lines.append(PaymentRunLine(run=run, instruction=item))
            confirmations.append(
                PaymentConfirmation(
                    instruction=item,
                    paid_on=_run_day(month) + dt.timedelta(days=7),
                    finance_reference=f"FIN-{item.reference[5:]}",
                    recorded_by=runner,
                )
            )
    _insert(PaymentRunLine, lines, batch_size=batch_size)
    _insert(PaymentConfirmation, confirmations, batch_size=batch_size)
    return len(instructions)


def _run_day(month: dt.date) -> dt.date:
    """Payments for awards made in a month go in the run on the first day of the next month."""
    return (month + dt.timedelta(days=32)).replace(day=1)


def _insert(model: type[Model], rows: Sequence[Model], *, batch_size: int) -> None:
    """Insert new rows with one prepared statement (`executemany`): bulk_create builds SQL for every row,
    which made it four fifths of the time at 200,000 children. Values go through each field's own
    preparation (defaults, auto_now_add, UUIDs, JSON), exactly as a save would write them. No signals and no
    history, like bulk_create."""
    if not rows:
        return
    fields = [
        field
        for field in model._meta.concrete_fields
        if not (field.primary_key and isinstance(field, AutoField))
    ]
    columns = ", ".join(connection.ops.quote_name(str(field.column)) for field in fields)
    marks = ", ".join(["%s"] * len(fields))
    # Names come from the models, never from input; every value is a parameter.
    sql = f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch_size):
            batch = rows[start : start + batch_size]
            cursor.executemany(
                sql,
                [
                    tuple(
                        field.get_db_prep_save(field.pre_save(row, add=True), connection) for field in fields
                    )
                    for row in batch
                ],
            )


def _analyze(models: list[type[Model]]) -> None:
    """After a bulk load PostgreSQL has no statistics for the new rows until autovacuum runs, and plans
    joins as if the tables were empty (a what-if over 16,000 awards took 25 s instead of 1 s)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
