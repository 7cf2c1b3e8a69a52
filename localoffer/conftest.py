"""Shared fixtures: an account for every role, the Medway reference data, and a headless Chromium."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from localoffer.accounts.roles import Role
from localoffer.tests.factories import ChildFactory, UserFactory

BASE_DIR = Path(__file__).resolve().parent.parent
AXE_PATH = BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"

# Each role's team, as the demo data gives it: practitioners see the children their team works with.
ROLE_TEAMS = {
    Role.DUTY_WORKER: "childrens-advice-and-duty-service",
    Role.SOCIAL_WORKER: "0-to-25-disability-team",
    Role.SDS_COORDINATOR: "short-breaks-and-self-directed-support",
    Role.EARLY_HELP_PRACTITIONER: "chatham-all-saints-hub",
    Role.MANAGER: "0-to-25-disability-team",
}


@pytest.fixture(autouse=True)
def _append_only_audit_between_committing_tests(request: Any) -> Iterator[None]:
    """Tests that commit for real (browser tests) end by emptying every table, and the audit table refuses
    that. For those tests only, the triggers are put back at the start and lifted for the emptying."""
    marker = request.node.get_closest_marker("django_db")
    commits = bool(marker and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(request.fixturenames)
    )
    if not commits:
        yield
        return
    from django.db import connection

    from localoffer.audit import triggers

    request.getfixturevalue("transactional_db")
    triggers.install(connection)
    yield
    triggers.remove(connection)


@pytest.fixture(autouse=True)
def _forget_directory_memory() -> None:
    """Each test has its own database: nothing a process remembers about the directory may carry over."""
    from localoffer.directory.search import near_words_forget
    from localoffer.directory.selectors import filter_choices_forget

    near_words_forget()
    filter_choices_forget()


@pytest.fixture
def medway(db: Any) -> None:
    from localoffer.teams.services import medway_teams_load

    medway_teams_load()


@pytest.fixture
def offer(medway: None) -> None:
    """Medway's Local Offer, as `make run` loads it."""
    from localoffer.directory.services import medway_offer_load

    medway_offer_load()


@pytest.fixture
def users(medway: None) -> dict[str, Any]:
    """One active account for every role, keyed by the role's value."""
    from localoffer.teams.models import Team

    teams = {team.slug: team for team in Team.objects.all()}
    return {role.value: UserFactory(role=role, team=teams.get(ROLE_TEAMS.get(role, ""))) for role in Role}


@pytest.fixture
def child(users: dict[str, Any]) -> Any:
    """A child whose parent has an account and with whom the 0 to 25 disability team is working."""
    from localoffer.people.models import Relationship
    from localoffer.people.services import family_link_create, involvement_start
    from localoffer.teams.models import Team

    record: Any = ChildFactory()
    family_link_create(child=record, user=users[Role.PARENT_CARER], relationship=Relationship.PARENT)
    involvement_start(
        child=record, team=Team.objects.get(slug="0-to-25-disability-team"), started_on=dt.date(2024, 1, 8)
    )
    return record


def chromium_path() -> str | None:
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    path = chromium_path()
    if path is None:
        message = "Debian's chromium is not installed (apt-get install chromium), so browser tests cannot run"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    if not AXE_PATH.exists():
        pytest.fail("node_modules/axe-core is missing: run `make assets` (npm ci) before the browser tests")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=path,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="en-GB", timezone_id="Europe/London")
    tab = context.new_page()
    yield tab
    context.close()
