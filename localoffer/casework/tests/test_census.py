"""The Children in Need census from generated caseloads: it validates against the 2025 XSD and passes the
DfE's own rules (csc-validator-be-cin, in an environment of its own: it pins pandas below 2), and the dry run
finds, with links, what the rules would refuse."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from localoffer.casework.census import census_dry_run, census_xml, la_child_id
from localoffer.casework.tests.caseload import cin_caseload_generate
from localoffer.core.roles import Role

pytestmark = pytest.mark.django_db

XSD = Path(settings.BASE_DIR).parent / "shared" / "standards" / "cin" / "CIN_schema_2025.xsd"
VENV = Path(settings.BASE_DIR) / "var" / "cin-validator"
RUNNER = Path(__file__).with_name("cin_validator_run.py")
PACKAGES = ["csc-validator-be-cin==0.1.13", "numpy<2", "pytest", "lxml"]


def _python_below_312() -> str | None:
    """pandas below 2 has no wheels for Python 3.12: the validator needs an older Python beside ours."""
    for name in ("python3.11", "python3.10", "/usr/bin/python3"):
        path = shutil.which(name)
        if path is None:
            continue
        version = subprocess.run(
            [path, "-c", "import sys; print(sys.version_info[:2] < (3, 12))"], capture_output=True, text=True
        )
        if version.stdout.strip() == "True":
            return path
    return None


@pytest.fixture(scope="session")
def validator_python() -> str:
    python = VENV / "bin" / "python"
    if (
        python.exists()
        and subprocess.run([python, "-c", "import cin_validator, lxml"], capture_output=True).returncode == 0
    ):
        return str(python)
    base = _python_below_312()
    if base is None:
        pytest.skip("No Python below 3.12 to run csc-validator-be-cin in (it pins pandas below 2)")
    made = subprocess.run([base, "-m", "venv", "--clear", str(VENV)], capture_output=True, text=True)
    if made.returncode != 0:
        pytest.skip(f"Could not make the validator's environment: {made.stderr[-300:]}")
    installed = subprocess.run(
        [python, "-m", "pip", "install", "-q", *PACKAGES], capture_output=True, text=True, timeout=900
    )
    if installed.returncode != 0:
        pytest.skip(f"csc-validator-be-cin could not be installed: {installed.stderr[-300:]}")
    return str(python)


def _validate(python: str, tmp_path: Path, year: int) -> dict[str, Any]:
    if not XSD.exists():
        pytest.skip(f"The CIN schema is not beside the project ({XSD})")
    xml = tmp_path / "census.xml"
    xml.write_text("".join(census_xml(year)))
    ran = subprocess.run(
        [python, str(RUNNER), str(xml), str(XSD)], capture_output=True, text=True, timeout=600
    )
    assert ran.returncode == 0, ran.stderr[-2000:]
    return json.loads(ran.stdout.strip().splitlines()[-1])


def test_a_caseload_exports_to_xml_that_the_schema_and_the_dfe_rules_accept(
    users: Any, validator_python: str, tmp_path: Path
) -> None:
    worker = users[Role.SOCIAL_WORKER]
    children = cin_caseload_generate(size=30, team=worker.team, worker=worker)
    found = _validate(validator_python, tmp_path, 2026)
    assert found["xsd_errors"] == []
    assert found["rule_errors"] == [], sorted({(e["rule"], e["message"][:150]) for e in found["rule_errors"]})
    assert census_dry_run(2026) == []
    assert len(children) == 30


def test_the_dry_run_and_the_dfe_rules_find_the_edge_cases(
    users: Any, validator_python: str, tmp_path: Path
) -> None:
    worker = users[Role.SOCIAL_WORKER]
    children = cin_caseload_generate(
        size=6,
        team=worker.team,
        worker=worker,
        edge_cases=("late_assessment", "overlapping_plans", "factors_on_open"),
    )
    problems = {(p.child.pk, p.rule) for p in census_dry_run(2026)}
    assert (children[0].pk, "8670Q") in problems  # the assessment took more than 45 working days
    assert (children[2].pk, "4004") in problems  # two CIN plans overlap
    for problem in census_dry_run(2026):
        assert problem.url.startswith("/")  # each with the record to fix
    found = _validate(validator_python, tmp_path, 2026)
    assert found["xsd_errors"] == []
    by_child = {(error["child"], error["rule"]) for error in found["rule_errors"]}
    assert (la_child_id(children[0]), "8670Q") in by_child or any(r == "8670Q" for _, r in by_child)
    # Factors on an open assessment are never sent (rule 8614): the open one passes.
    assert not any(rule == "8614" for _, rule in by_child)


def test_the_export_streams_child_by_child(users: Any) -> None:
    worker = users[Role.SOCIAL_WORKER]
    cin_caseload_generate(size=5, team=worker.team, worker=worker)
    pieces = list(census_xml(2026))
    assert len(pieces) == 5 + 2
    assert pieces[0].startswith("<?xml")
    assert pieces[-1].strip() == "</Children></Message>"
    assert sys.getsizeof(max(pieces, key=len)) < 20_000
