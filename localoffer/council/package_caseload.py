"""A synthetic caseload of packages, from the grant's synthetic caseload (`grant_caseload.py`).

Each child the grant generator gave other support (about 9% a direct payment, 38 of 1,177 Parklands nights,
some floating support: strategy s5.4, s7.2) gets a package with those elements, authorised; each direct
payment gets a regular agreement paid 4-weekly in advance and its instalments for the year on the ledger.
`extra_direct_payment_share` gives more children a direct payment, for a benchmark at a national size
(about 1.5 million instalments a year for 200,000 children). Every row is written in bulk, in batches, so
memory stays flat. Made-up data only."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import transaction

from localoffer.council.grant_caseload import _analyze, _insert
from localoffer.grants.models import OtherSupport, SupportKind
from localoffer.packages.models import (
    Agreement,
    Element,
    Instalment,
    Package,
    PackageStatus,
)
from localoffer.people.models import Child

ROUTES = ["managed_account", "prepaid_card", "own_bank_account"]


@dataclass(frozen=True)
class PackagesGenerated:
    packages: int
    direct_payments: int
    instalments: int


def _supports(batch: int) -> Iterator[list[tuple[uuid.UUID, str, int | None, int | None, dt.date]]]:
    rows = (
        OtherSupport.objects.order_by("child_id")
        .values_list("child_id", "kind", "weekly_pence", "nights_a_year", "started_on")
        .iterator(chunk_size=batch)
    )
    chunk: list[tuple[uuid.UUID, str, int | None, int | None, dt.date]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= batch:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def packages_caseload_generate(
    *,
    today: dt.date,
    seed: int = 2024,
    extra_direct_payment_share: float = 0.0,
    batch_size: int = 5000,
) -> PackagesGenerated:
    rng = random.Random(seed)  # noqa: S311 - made-up data, not secrets
    year_start = dt.date(today.year if today.month >= 4 else today.year - 1, 4, 1)
    counts = [0, 0, 0]
    seen: dict[uuid.UUID, Package] = {}

    def write(rows: list[tuple[uuid.UUID, str, int | None, int | None, dt.date]]) -> None:
        packages: list[Package] = []
        elements: list[Element] = []
        agreements: list[Agreement] = []
        instalments: list[Instalment] = []
        for child_id, kind, weekly, nights, started in rows:
            package = seen.get(child_id)
            if package is None:
                package = Package(
                    id=uuid.UUID(int=rng.getrandbits(128), version=4),
                    child_id=child_id,
                    level_of_need="specialist",
                    status=PackageStatus.AUTHORISED,
                    authorised_yearly_pence=0,
                )
                seen.clear() if len(seen) > 50_000 else None
                seen[child_id] = package
                packages.append(package)
            element = Element(
                id=uuid.UUID(int=rng.getrandbits(128), version=4),
                package=package,
                starts_on=started,
                funder="council",
            )
            if kind == SupportKind.DIRECT_PAYMENT:
                element.kind, element.cost_period = "direct_payment", "weekly"
                element.units_a_year, element.unit_cost_pence = 52, weekly or 12000
            elif kind == SupportKind.PARKLANDS_NIGHTS:
                element.kind, element.cost_period, element.ratio = "parklands_nights", "night", "1:1"
                element.units_a_year, element.unit_cost_pence = nights or 24, 15414
            else:
                element.kind, element.cost_period, element.ratio = "floating_support", "session", "1:1"
                element.units_a_year, element.unit_cost_pence = 40, 24500
            elements.append(element)
            if element.kind != "direct_payment":
                continue
            first = max(started, year_start)
            agreement = Agreement(
                id=uuid.UUID(int=rng.getrandbits(128), version=4),
                element=element,
                kind="regular",
                assessed_on=started - dt.timedelta(days=14),
                weekly_pence=element.unit_cost_pence,
                every_weeks=4,
                first_payment_on=first,
                route=(route := rng.choice(ROUTES)),
                fallback_route=next(other for other in ROUTES if other != route),
                card_chosen_by_family=route == "prepaid_card",
            )
            agreements.append(agreement)
            day = first
            while day <= today:
                instalments.append(
                    Instalment(
                        id=uuid.UUID(int=rng.getrandbits(128), version=4),
                        reference=f"DP-S{counts[2] + len(instalments) + 1:010d}",
                        agreement=agreement,
                        due_on=day,
                        amount_pence=agreement.weekly_pence * 4,  # type: ignore[operator]
                        route=route,
                    )
                )
                day += dt.timedelta(weeks=4)
        for model, items in ((Package, packages), (Element, elements), (Agreement, agreements)):
            _insert(model, items, batch_size=batch_size)
        _insert(Instalment, instalments, batch_size=batch_size)
        counts[0] += len(packages)
        counts[1] += len(agreements)
        counts[2] += len(instalments)

    with transaction.atomic():
        if extra_direct_payment_share:
            extra = [
                OtherSupport(
                    child_id=child_id,
                    kind=SupportKind.DIRECT_PAYMENT,
                    weekly_pence=rng.randint(2453, 39985),
                    started_on=today - dt.timedelta(days=rng.randint(30, 900)),
                )
                for child_id in Child.objects.values_list("pk", flat=True).iterator(chunk_size=batch_size)
                if rng.random() < extra_direct_payment_share
            ]
            _insert(OtherSupport, extra, batch_size=batch_size)
            del extra
        for chunk in _supports(batch_size):
            write(chunk)
        _analyze([Package, Element, Agreement, Instalment])
    return PackagesGenerated(packages=counts[0], direct_payments=counts[1], instalments=counts[2])
