from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from localoffer.env import Env

ROOT = Path(__file__).resolve().parents[3]


def test_reads_booleans_numbers_and_lists() -> None:
    env = Env({"A": "yes", "B": "42", "C": "a.example, b.example"})
    assert env.boolean("A", False) is True
    assert env.integer("B", 1) == 42
    assert env.strings("C", []) == ["a.example", "b.example"]
    assert env.string("MISSING", "fallback") == "fallback"


@pytest.mark.parametrize(
    ("environ", "call", "message"),
    [
        (
            {"DEBUG": "perhaps"},
            lambda e: e.boolean("DEBUG", False),
            "DEBUG must be true or false, not 'perhaps'",
        ),
        ({"N": "ten"}, lambda e: e.integer("N", 1), "N must be a whole number, not 'ten'"),
        ({"N": "0"}, lambda e: e.integer("N", 1, minimum=2), "N must be at least 2"),
        ({"L": "a,,b"}, lambda e: e.strings("L", []), "L must be a comma-separated list with no empty items"),
        (
            {"E": "staging"},
            lambda e: e.choice("E", "local", ("local", "production")),
            "E must be one of local, production",
        ),
        ({}, lambda e: e.string("SECRET_KEY", required=True), "SECRET_KEY must be set"),
    ],
)
def test_refuses_malformed_values_with_a_message_that_says_how_to_fix_them(
    environ: dict[str, str], call: object, message: str
) -> None:
    with pytest.raises(ImproperlyConfigured, match=message):
        call(Env(environ))  # type: ignore[operator]


def _start(**environ: str) -> subprocess.CompletedProcess[str]:
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(
            ("LOCALOFFER_", "DJANGO_", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "DEBUG")
        )
    }
    return subprocess.run(
        [sys.executable, "-c", "import localoffer.settings"],
        cwd=ROOT,
        env={**base, **environ},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_start_without_its_secrets() -> None:
    result = _start(LOCALOFFER_ENVIRONMENT="production")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_debug_and_a_short_key() -> None:
    good = {
        "LOCALOFFER_ENVIRONMENT": "production",
        "ALLOWED_HOSTS": "x.example",
        "DATABASE_URL": "sqlite:///:memory:",
        "LOCALOFFER_DUTY_ALERT_EMAIL": "duty@council.example",
        "LOCALOFFER_PROXY_COUNT": "0",
    }
    assert "DEBUG must not be true" in _start(**good, DEBUG="true", SECRET_KEY="k" * 60).stderr
    assert "at least 50 random characters" in _start(**good, SECRET_KEY="short").stderr
    assert _start(**good, SECRET_KEY="a-long-random-value-" * 4).returncode == 0


def test_production_refuses_to_switch_off_the_second_factor() -> None:
    result = _start(
        LOCALOFFER_ENVIRONMENT="production",
        ALLOWED_HOSTS="x.example",
        DATABASE_URL="sqlite:///:memory:",
        SECRET_KEY="a-long-random-value-" * 4,
        LOCALOFFER_STAFF_TWO_FACTOR="false",
        LOCALOFFER_PROXY_COUNT="0",
    )
    assert "cannot be switched off in production" in result.stderr


def test_production_refuses_to_start_without_saying_how_many_proxies_stand_in_front() -> None:
    good = {
        "LOCALOFFER_ENVIRONMENT": "production",
        "ALLOWED_HOSTS": "x.example",
        "DATABASE_URL": "sqlite:///:memory:",
        "LOCALOFFER_DUTY_ALERT_EMAIL": "duty@council.example",
        "SECRET_KEY": "a-long-random-value-" * 4,
    }
    assert "LOCALOFFER_PROXY_COUNT must be set in production" in _start(**good).stderr
    behind = _start(**good, LOCALOFFER_BEHIND_PROXY="true", LOCALOFFER_PROXY_COUNT="0")
    assert "LOCALOFFER_PROXY_COUNT must be at least 1" in behind.stderr
    assert _start(**good, LOCALOFFER_BEHIND_PROXY="true", LOCALOFFER_PROXY_COUNT="1").returncode == 0


def test_refuses_a_database_it_does_not_support() -> None:
    assert "DATABASE_URL must point at SQLite or PostgreSQL" in _start(DATABASE_URL="mysql://u:p@h/db").stderr
