"""Shared fixtures: an account for every role, the Medway reference data, and a headless Chromium."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from localoffer.accounts.tests.factories import UserFactory
from localoffer.core.roles import Role
from localoffer.people.tests.factories import ChildFactory

# Tests never fail on time (the benchmarks in bench/ measure speed): no deadline for one example, and no
# complaint that examples are slow to make, which on a busy machine says nothing about the code.
settings.register_profile("localoffer", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("localoffer")

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


# Reference data that many tests ask for and that takes seconds to load. It is loaded once, committed,
# and kept for the tests after it: each ordinary test runs in a transaction that is rolled back, so it
# sees the data exactly as loaded. The tests are ordered (pytest_collection_modifyitems) so that the data
# is only ever added: the tests without it run first, then those with it. A test that commits for real
# (a browser test) empties every table at its end, so it gets the data loaded again at its start.
REFERENCE_DATA = ("medway", "offer")  # in the order they load: the offer's contacts are Medway's teams
_committed: set[str] = set()  # which of REFERENCE_DATA is in the database, outside any test's transaction
# On PostgreSQL, a test that commits empties only the tables the reference data did not fill, when those it
# filled are exactly as loaded (the same rows, by a hash of each row): the next browser test then finds the
# Local Offer still there instead of loading it again. `_kept` is each filled table's count and hash.
_kept: dict[str, tuple[int, int]] = {}


def _uses_db(item: Any) -> bool:
    return bool(item.get_closest_marker("django_db")) or bool(
        {"db", "transactional_db", "live_server"} & set(getattr(item, "fixturenames", ()))
    )


def _commits(item: Any) -> bool:
    marker = item.get_closest_marker("django_db")
    return bool(
        marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences"))
    ) or bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


def _wanted(item: Any) -> frozenset[str]:
    return frozenset(name for name in REFERENCE_DATA if name in getattr(item, "fixturenames", ()))


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[Any]) -> None:
    """Keep pytest-django's order (tests in a rolled-back transaction, then tests that commit, then tests
    without a database) and, inside it, order by the reference data each test needs: the data is then
    loaded once, before the first test that needs it, and never has to be taken away again. Tests that
    commit empty the database at their end anyway, so among them those that need the data go first.
    Within each group, tests that ask for the `db` fixture come before `@pytest.mark.django_db` tests:
    pytest-django begins a marked test's transaction before `_reference_data_committed` runs, so a marked
    test that comes first loads the data inside its own transaction, for itself alone, and the next one
    loads it again."""

    def key(item: Any) -> tuple[int, int, int]:
        if not _uses_db(item):
            return (2, 0, 0)
        needed = len(_wanted(item))
        if _commits(item):
            return (1, -needed, 0)
        return (0, needed, 1 if item.get_closest_marker("django_db") else 0)

    items.sort(key=key)


def _load(name: str) -> None:
    if name == "medway":
        from localoffer.council.services import medway_teams_load

        medway_teams_load()
    if name == "offer":
        from localoffer.council.services import medway_offer_load

        medway_offer_load()


def _empty_database(connection: Any) -> None:
    """What a test that commits does at its end, with the audit table's guard lifted for the moment."""
    from django.core.management import call_command

    from localoffer.audit import triggers

    triggers.remove(connection)
    call_command("flush", verbosity=0, interactive=False, database=connection.alias)
    triggers.install(connection)


@pytest.fixture(autouse=True)
def _reference_data_committed(request: Any) -> None:
    """Put in the database, committed, the reference data this test needs and no other (see REFERENCE_DATA)."""
    item = request.node
    if not _uses_db(item):
        return
    from django.db import connection

    wanted = _wanted(item)
    request.getfixturevalue("django_db_setup")
    if connection.in_atomic_block:
        # A @pytest.mark.django_db test: pytest-django began its transaction before this fixture ran.
        # What is committed stays; the test's own fixtures load in its transaction what is missing.
        if _committed - wanted:
            pytest.fail(f"{item.nodeid} must run before the tests that load {sorted(_committed - wanted)}")
        return
    if _commits(item):
        request.getfixturevalue("transactional_db")
    with request.getfixturevalue("django_db_blocker").unblock():
        if _committed - wanted:
            _empty_database(connection)
            _committed.clear()
            _kept.clear()
        loaded = False
        for name in REFERENCE_DATA:
            if name in wanted and name not in _committed:
                _load(name)
                _committed.add(name)
                loaded = True
        if loaded and connection.vendor == "postgresql":
            _kept.clear()
            _kept.update(_table_fingerprints(connection, _filled_tables(connection)))


def _filled_tables(connection: Any) -> list[str]:
    """The tables with rows in them now, but the audit trail (which every test adds to)."""
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            " UNION ALL ".join(
                f"SELECT '{t}' FROM (SELECT 1 FROM {quote(t)} LIMIT 1) AS x"  # noqa: S608 - Django's own table names
                for t in tables
            )
        )
        return sorted(row[0] for row in cursor.fetchall() if row[0] != "audit_auditevent")


def _table_fingerprints(connection: Any, tables: list[str]) -> dict[str, tuple[int, int]]:
    """Each table's row count and the sum of its rows' hashes (PostgreSQL): any change to a row changes it."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            " UNION ALL ".join(
                f"SELECT '{t}', count(*), coalesce(sum(hashtext(r::text)::bigint), 0) FROM {quote(t)} AS r"  # noqa: S608
                for t in tables
            )
        )
        return {row[0]: (row[1], row[2]) for row in cursor.fetchall()}


def _empty_all_but_kept(test_case: Any) -> None:
    """A committing test's end (Django's TransactionTestCase._fixture_teardown): on PostgreSQL, when the
    reference data's tables are as loaded, empty the others only; otherwise empty everything, as Django does.
    The others are emptied row by row in one transaction (PostgreSQL's foreign keys are checked at commit):
    TRUNCATE refuses a table that a kept table could refer to, even with no row that does."""
    from django.db import connection, transaction

    if _kept and connection.vendor == "postgresql" and _table_fingerprints(connection, list(_kept)) == _kept:
        tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
        quote = connection.ops.quote_name
        with transaction.atomic(), connection.cursor() as cursor:
            for table in tables:
                if table not in _kept:
                    cursor.execute(f"DELETE FROM {quote(table)}")  # noqa: S608 - Django's own table names
        return
    _kept.clear()
    _committed.clear()
    _django_fixture_teardown(test_case)


def _install_kept_teardown() -> Any:
    from django.test import TransactionTestCase

    original = TransactionTestCase._fixture_teardown  # type: ignore[attr-defined]
    TransactionTestCase._fixture_teardown = _empty_all_but_kept  # type: ignore[attr-defined]
    return original


_django_fixture_teardown = _install_kept_teardown()


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
def _limits_start_afresh(request: Any) -> None:
    """The limits' counts (core/limits.py) live in a table no model owns, so emptying the database between
    tests that commit leaves them. Those tests start with none; other tests roll their counts back."""
    if {"transactional_db", "live_server"} & set(request.fixturenames):
        from django.core.cache import caches

        request.getfixturevalue("transactional_db")
        caches["limits"].clear()


@pytest.fixture(autouse=True)
def _forget_directory_memory() -> None:
    """Each test has its own database: nothing a process remembers about the directory may carry over."""
    from localoffer.directory.search import near_words_forget
    from localoffer.directory.selectors import filter_choices_forget

    near_words_forget()
    filter_choices_forget()


@pytest.fixture
def medway(db: Any) -> None:
    """Medway's teams, hubs and helplines. Loaded once and kept between tests, like the offer."""
    from localoffer.council.services import medway_teams_load

    if "medway" not in _committed:
        medway_teams_load()


@pytest.fixture
def offer(medway: None) -> None:
    """Medway's Local Offer, as `make run` loads it, after the teams that are its listings' contacts.
    Loaded once and kept between tests: see `_reference_data_committed`, which has put it in the database
    before this test began."""
    from localoffer.council.services import medway_offer_load

    if "offer" not in _committed:
        medway_offer_load()  # a test that had begun its transaction before the data could be committed


@pytest.fixture
def policy(db: Any) -> Any:
    """Medway's published short breaks grant policy, with the strategy's £250 proposal as a draft."""
    from localoffer.council.services import medway_policy_load

    return medway_policy_load()


@pytest.fixture
def medway_places(db: Any) -> dict[str, Any]:
    """Medway's commissioned settings, units and allocation priorities, by slug (nobody rostered yet)."""
    from localoffer.council.services import medway_places_load
    from localoffer.places.models import Setting

    medway_places_load()
    return {setting.slug: setting for setting in Setting.objects.all()}


@pytest.fixture
def rate_card(db: Any) -> int:
    """Medway's rate card (the strategy's Figure 6) and its rules for packages and direct payments."""
    from localoffer.council.services import medway_packages_load

    return medway_packages_load()


@pytest.fixture
def proposal(policy: Any) -> Any:
    from localoffer.grants.models import PolicyStatus, PolicyVersion

    return PolicyVersion.objects.get(status=PolicyStatus.DRAFT, title__startswith="Strategy proposal")


@pytest.fixture
def grant_caseload(policy: Any) -> Any:
    """The seeded synthetic caseload generator (`caseload_generate(policy=..., today=..., size=...)`)."""
    from localoffer.council.grant_caseload import caseload_generate

    return caseload_generate


@pytest.fixture
def package_caseload(grant_caseload: Any, rate_card: int) -> Any:
    """The packages made from the grant caseload's other support (`packages_caseload_generate(today=...)`)."""
    from localoffer.council.package_caseload import packages_caseload_generate

    return packages_caseload_generate


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
    """Debian's headless shell where it is installed (chromium's engine without the desktop browser's
    windowing, which the tests never show; less processor time, docs/decisions/0011), else Debian's
    chromium, or another build named by CHROMIUM_PATH."""
    return (
        os.environ.get("CHROMIUM_PATH")
        or shutil.which("chromium-headless-shell")
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
    )


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    path = chromium_path()
    if path is None:
        message = (
            "Neither Debian's chromium-headless-shell nor chromium is installed"
            " (apt-get install chromium-headless-shell), so browser tests cannot run"
        )
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
    from playwright.sync_api import expect

    context = browser.new_context(locale="en-GB", timezone_id="Europe/London")
    # On a busy machine a page can take many seconds: the tests wait for what a person would see, and only
    # a page that never comes fails them.
    context.set_default_navigation_timeout(120_000)
    context.set_default_timeout(60_000)
    expect.set_options(timeout=30_000)
    tab = context.new_page()
    yield tab
    context.close()
