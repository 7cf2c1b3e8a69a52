"""The SSDA903 export for short breaks, checked by the DfE's own rules (`csc-validator-be-903`), which runs in a
virtual environment of its own (it pins pandas below 2), made by these tests the first time they run."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from localoffer.core.tests.validator_env import environment_make
from localoffer.places.models import Booking, LegalBasis, ReturnDetails, Setting, Stay
from localoffer.places.services import entitlement_grant, stay_book
from localoffer.places.ssda903 import EPISODES, _csv, child_code, header_csv, ssda903_return
from localoffer.places.tests.helpers import a_child, staffed

pytestmark = pytest.mark.django_db
HERE = Path(__file__).resolve().parent
VENV = HERE.parents[2] / "var" / "ssda903-validator"
YEAR = 2026  # April 2026 to March 2027: the DfE's 2026/27 rules
COLLECTION_YEAR, RULESET = "2027", "lac2026_27"


def _validator_python() -> Path:
    python = VENV / "bin" / "python"
    if (
        python.exists()
        and subprocess.run([python, "-c", "import lac_validator"], capture_output=True).returncode == 0
    ):
        return python
    # pandas below 2 has no wheels for Python 3.12: the venv is made with 3.11 (or 3.10, 3.9) if there is one.
    base = next(
        (found for name in ("python3.11", "python3.10", "python3.9") if (found := shutil.which(name))), None
    )
    if base is None:
        pytest.skip(
            "csc-validator-be-903 needs Python 3.9 to 3.11 (it pins pandas below 2); none is installed"
        )
    failed = environment_make(VENV, base=base, packages=["csc-validator-be-903"])
    if failed:
        pytest.skip(f"could not make the validator's environment: {failed}")
    return python


@pytest.fixture(scope="module")
def validator() -> Path:
    if os.environ.get("LOCALOFFER_SKIP_903"):
        pytest.skip("LOCALOFFER_SKIP_903 is set")
    return _validator_python()


def _check(python: Path, folder: Path, header: str, episodes: str) -> dict[str, list[str]]:
    (folder / "header.csv").write_text(header)
    (folder / "episodes.csv").write_text(episodes)
    result = subprocess.run(
        [python, HERE / "ssda903_validate.py", folder, COLLECTION_YEAR, RULESET],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["ran"] > 100, report  # the rules really ran
    return report["errors"]


def _with_details(child: Any, sex: str = "M") -> Any:
    ReturnDetails.objects.create(child=child, sex=sex, ethnicity="WBRI")
    return child


def _booked(
    parklands: Setting, child: Any, first: dt.date, nights: int, basis: str = LegalBasis.SECTION_20_V3
) -> Stay:
    return stay_book(child=child, setting=parklands, first_day=first, days=nights, by=None, legal_basis=basis)


def _forced(
    parklands: Setting,
    child: Any,
    first: dt.date,
    nights: int,
    basis: str = LegalBasis.SECTION_20_V3,
    *,
    bed: int,
) -> Stay:
    """A stay written straight to the database, past the booking rules: how a breach could only arrive from an
    older system's records, to show the export reports it as the DfE's rules see it."""
    stay = Stay.objects.create(
        child=child,
        setting=parklands,
        first_day=first,
        last_day=first + dt.timedelta(days=nights - 1),
        legal_basis=basis,
    )
    units = list(parklands.units.order_by("order"))
    Booking.objects.bulk_create(
        [
            Booking(stay=stay, unit=units[bed], child=child, day=first + dt.timedelta(days=offset))
            for offset in range(nights)
        ]
    )
    return stay


def test_the_years_short_breaks_pass_the_dfes_rules(
    validator: Path, parklands: Setting, tmp_path: Path
) -> None:
    staffed(parklands, first=dt.date(2026, 3, 20), last=dt.date(2027, 4, 10), staff=3)
    children = [
        _with_details(a_child(age_on=dt.date(2026, 4, 1), age=age), sex="MF"[age % 2])
        for age in (7, 10, 13, 16)
    ]
    for child in children:
        for year in (2025, 2026, 2027):
            entitlement_grant(child=child, setting=parklands, year=year, by=None, nights=80)
    first, second, third, fourth = children
    _booked(parklands, first, dt.date(2026, 5, 1), 3)
    _booked(parklands, first, dt.date(2026, 8, 3), 17)  # the longest stay the law allows
    _booked(parklands, second, dt.date(2026, 3, 30), 4)  # began in the year before
    _booked(parklands, second, dt.date(2027, 3, 29), 5)  # goes on into the next year
    for stay_number in range(5):  # 75 days in the year, the most allowed
        _booked(parklands, third, dt.date(2026, 4, 6) + dt.timedelta(days=25 * stay_number), 15)
    _booked(parklands, fourth, dt.date(2026, 6, 1), 2, LegalBasis.SECTION_20_V4)
    _booked(parklands, fourth, dt.date(2026, 9, 7), 2, LegalBasis.SECTION_20_V4)
    result = ssda903_return(year=YEAR)
    assert result.missing_details == []
    assert {row["LS"] for row in result.episodes} == {"V3", "V4"}
    assert all(row["PL_POST"] == row["HOME_POST"] == row["URN"] == "" for row in result.episodes)
    assert [row["RNE"] for row in result.episodes] == ["S"] * len(result.episodes)
    errors = _check(validator, tmp_path, header_csv(result), _csv(EPISODES, result.episodes))
    # Every rule passes but 218 (a URN for a children's home), which the validator applies to V3 and V4
    # episodes too, while 214 requires their URN blank: no V3 or V4 episode in a children's home can pass
    # both. The export follows 214 and the DfE's guidance for short breaks (docs/decisions/0023).
    assert set(errors) <= {"218"}, errors
    assert set(errors.get("218", [])) == {f"Episodes:{child_code(child.id)}" for child in children}


def test_the_dfes_rules_catch_the_breaches_the_booking_rules_refuse(
    validator: Path, parklands: Setting, tmp_path: Path
) -> None:
    too_long, too_many, both = (
        _with_details(a_child(age_on=dt.date(2026, 4, 1), age=age)) for age in (8, 11, 14)
    )
    _forced(parklands, too_long, dt.date(2026, 5, 4), 20, bed=0)  # one stay over 17 days
    for stay_number in range(6):  # 6 stays of 14 nights: 84 days in the year
        _forced(parklands, too_many, dt.date(2026, 4, 13) + dt.timedelta(days=21 * stay_number), 14, bed=1)
    _forced(parklands, both, dt.date(2026, 6, 1), 2, bed=2)
    both_v4 = _forced(parklands, both, dt.date(2026, 7, 6), 2, LegalBasis.SECTION_20_V4, bed=2)
    result = ssda903_return(year=YEAR)
    # The export returns a child with any V4 stay under V4 only: never both in one year.
    assert {row["LS"] for row in result.episodes if row["CHILD"] == child_code(both.id)} == {"V4"}
    errors = _check(validator, tmp_path, header_csv(result), _csv(EPISODES, result.episodes))
    assert set(errors["365"]) == {f"Episodes:{child_code(too_long.id)}"}
    assert set(errors["367"]) == {f"Episodes:{child_code(too_many.id)}"}
    assert "426" not in errors
    # Written as V3 and V4 in one year (as an export that returned each stay as recorded would), rule 426 fires.
    rows = [dict(row) for row in result.episodes]
    theirs = next(row for row in rows if row["CHILD"] == child_code(both.id))
    rows.append({**theirs, "LS": "V3", "DECOM": both_v4.first_day.strftime("%d/%m/%Y")})
    errors = _check(validator, tmp_path, header_csv(result), _csv(EPISODES, rows))
    assert f"Episodes:{child_code(both.id)}" in errors["426"]


def test_the_export_says_which_children_need_their_details(parklands: Setting) -> None:
    staffed(parklands, first=dt.date(2026, 5, 1), last=dt.date(2026, 5, 3), staff=3)
    child = a_child(age_on=dt.date(2026, 5, 1), age=9)
    entitlement_grant(child=child, setting=parklands, year=2026, by=None)
    _booked(parklands, child, dt.date(2026, 5, 1), 2)
    assert ssda903_return(year=YEAR).missing_details == [f"{child.first_name} {child.last_name}"]
