"""Benchmark: Local Offer search as the directory grows, served by the real production server on PostgreSQL
(or, with --database sqlite, on the embedded SQLite).

Run from the repository root:

    .venv/bin/python bench/directory.py [--sizes 1000,20000,100000] [--seconds 10] [--concurrency 20]
    .venv/bin/python bench/directory.py --database sqlite --sizes 20000

On PostgreSQL, if DATABASE_URL is not a postgres:// address, it runs itself again under
scripts/with-postgres (a throwaway cluster). For each size it creates a fresh database beside the one
DATABASE_URL names (and drops it afterwards), migrates it, loads Medway's reference data, generates that many
synthetic services (`manage.py make_synthetic_directory`), runs EXPLAIN ANALYZE once on the keyword search
queries behind the search page, and starts gunicorn on a free loopback port. Then --concurrency threads, each
with its own keep-alive connection, send requests for --seconds per target after a warm-up:

- the search page, `/local-offer/?q=<word>&age=<n>&level=targeted`,
- the same search through the API, `/api/oruk/services?search=<word>&age=<n>`,
- the guided route's result page, `/local-offer/guide/results/?age=<n>&situation=diagnosis&help=things-to-do`,
- `/health/live/`, a view that does no database work,

with the word and age of each request drawn from the synthetic directory's own word lists. Each target is
then measured again with one client (`--single-seconds`): its p50 is the server's time without queueing.
It prints a table per size (with each target's p95 and throughput against the trivial view's, and the
memory of each server worker after the run), how p95 and throughput change from the smallest size to the
largest, and the targets of issue 11: each target at most 5 times the trivial view (p95 and throughput) at
every size, and the largest size at most 1.5 times the smallest.

Figures go in issue notes; no test asserts them. Only loopback addresses are used. The servers are always
stopped, and the databases and the temporary folder removed, on Ctrl-C too. The exit status is non-zero if
any request failed (a status other than 200, or a connection error) or a server died.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import shlex
import shutil
import signal
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from home_page import (
    BenchError,
    Server,
    TargetResult,
    add_load_arguments,
    check_load_arguments,
    cpu_summary,
    database_description,
    exit_status_when_interrupted,
    free_loopback_port,
    get,
    git_commit,
    gunicorn_command,
    log_tail,
    on_terminate,
    run_step,
    say,
    server_environment,
    venv_tool,
)
from home_page import (
    load as load_clients,
)

ROOT = Path(__file__).resolve().parent.parent
WITH_POSTGRES = ROOT / "scripts" / "with-postgres"
RERUN_MARKER = "LOCALOFFER_BENCH_DIRECTORY_UNDER_WITH_POSTGRES"
REQUEST_TIMEOUT = 30.0
COST_TARGET = 5.0  # each target at most this many times the trivial view (p95 and throughput)
GROWTH_TARGET = 1.5  # the largest size at most this many times the smallest
EXPLAIN_WORD = "club"  # one of the commonest words in the synthetic text: the search's harder case
EXPLAIN_AGE = 9

Words = Sequence[str]


@dataclass(frozen=True)
class Target:
    label: str
    pattern: str  # as printed in the table
    path: Callable[[random.Random, Words, Sequence[int]], str]


def _search_page(rng: random.Random, words: Words, ages: Sequence[int]) -> str:
    query = {"q": rng.choice(words), "age": rng.choice(ages), "level": "targeted"}
    return "/local-offer/?" + urllib.parse.urlencode(query)


def _search_api(rng: random.Random, words: Words, ages: Sequence[int]) -> str:
    return "/api/oruk/services?" + urllib.parse.urlencode(
        {"search": rng.choice(words), "age": rng.choice(ages)}
    )


def _trivial(rng: random.Random, words: Words, ages: Sequence[int]) -> str:
    return "/health/live/"


TRIVIAL = Target("trivial view", "/health/live/", _trivial)
TARGETS = [
    Target("search page", "/local-offer/?q=<word>&age=<n>&level=targeted", _search_page),
    Target("search API", "/api/oruk/services?search=<word>&age=<n>", _search_api),
    Target(
        "guided results",
        "/local-offer/guide/results/?age=<n>&situation=diagnosis&help=things-to-do",
        lambda rng, words, ages: (
            "/local-offer/guide/results/?"
            + urllib.parse.urlencode(
                {"age": rng.choice(ages), "situation": "diagnosis", "help": "things-to-do"}
            )
        ),
    ),
    TRIVIAL,  # last: the others are compared with it
]


@dataclass
class SizeResult:
    size: int
    generation_seconds: float
    migrate_seconds: float
    plans: list[tuple[str, str, str]]  # (query, top plan line, execution time line)
    found: str
    results: list[TargetResult] = field(default_factory=list)
    single: dict[str, TargetResult] = field(default_factory=dict)  # one client, by target
    worker_memory_mb: list[float] = field(default_factory=list)
    warm_up_errors: int = 0


# --- PostgreSQL ----------------------------------------------------------------------------------


def is_postgres(url: str) -> bool:
    return url.split(":", 1)[0].lower() in ("postgres", "postgresql", "pgsql", "postgis")


def rerun_under_with_postgres(argv: list[str]) -> int:
    """Replace this process with `scripts/with-postgres python bench/directory.py ...`."""
    if os.environ.get(RERUN_MARKER):
        raise BenchError("scripts/with-postgres did not set a PostgreSQL DATABASE_URL.")
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    env[RERUN_MARKER] = "1"
    command = [str(WITH_POSTGRES), sys.executable, str(Path(__file__).resolve()), *argv]
    say(f"bench: DATABASE_URL is not PostgreSQL; running again under {shlex.join(command)}")
    sys.stdout.flush()
    os.execve(command[0], command, env)
    return 1  # not reached


def database_url_for(url: str, name: str) -> str:
    return urllib.parse.urlsplit(url)._replace(path=f"/{name}").geturl()


def create_database(url: str, name: str) -> None:
    from psycopg import connect, sql

    with connect(url, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_database(url: str, name: str) -> None:
    from psycopg import connect, sql

    with connect(url, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


# --- Load generator ------------------------------------------------------------------------------


def load(
    port: int,
    target: Target,
    words: Words,
    ages: Sequence[int],
    seconds: float,
    concurrency: int,
    server: Server,
    seed: int,
) -> TargetResult:
    """Each client draws its own addresses, from a generator seeded by the seed, the target and its number."""

    def paths(n: int) -> Callable[[], str]:
        rng = random.Random(f"{seed}-{target.label}-{n}")
        return lambda: target.path(rng, words, ages)

    return load_clients(port, target.label, seconds, concurrency, server, paths=paths)


# --- Report --------------------------------------------------------------------------------------


def ratio_text(numerator: float, denominator: float) -> str:
    if denominator <= 0 or math.isnan(numerator) or math.isnan(denominator):
        return "n/a"
    return f"{numerator / denominator:.1f}"


def table(results: list[TargetResult], patterns: dict[str, str], single: dict[str, TargetResult]) -> str:
    trivial = next((r for r in results if r.path == TRIVIAL.label), None)
    trivial_p95 = trivial.percentile_ms(95) if trivial else math.nan
    trivial_rate = trivial.per_second if trivial else math.nan
    header = (
        "target",
        "requests",
        "errors",
        "req/s",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "p95 / trivial",
        "trivial req/s / req/s",
        "1-client p50 ms",
    )
    rows = [
        (
            patterns[r.path],
            str(r.requests),
            str(r.errors),
            f"{r.per_second:.1f}",
            f"{r.percentile_ms(50):.1f}",
            f"{r.percentile_ms(95):.1f}",
            f"{r.percentile_ms(99):.1f}",
            ratio_text(r.percentile_ms(95), trivial_p95),
            ratio_text(trivial_rate, r.per_second),
            f"{single[r.path].percentile_ms(50):.1f}" if r.path in single else "n/a",
        )
        for r in results
    ]
    width = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = []
    for row in [header, *rows]:
        cells = [row[0].ljust(width[0])] + [cell.rjust(width[i]) for i, cell in enumerate(row) if i > 0]
        lines.append("  ".join(cells))
    return "\n".join(lines)


def _result(size: SizeResult, label: str) -> TargetResult | None:
    return next((r for r in size.results if r.path == label), None)


def summary(sizes: list[SizeResult]) -> list[str]:
    measured = [s for s in sizes if s.results]
    if not measured:
        return ["no size was measured"]
    lines = []
    first, last = measured[0], measured[-1]
    for target in TARGETS:
        small, large = _result(first, target.label), _result(last, target.label)
        if small is None or large is None:
            continue
        growth = ratio_text(large.percentile_ms(95), small.percentile_ms(95))
        slower = ratio_text(small.per_second, large.per_second)
        lines.append(
            f"{target.label:<14} p95 {small.percentile_ms(95):7.1f} ms at {first.size:>7,} services -> "
            f"{large.percentile_ms(95):7.1f} ms at {last.size:>7,}: x{growth} "
            f"(throughput /{slower}) for x{last.size / first.size:g} the services"
        )
    return lines


def targets(sizes: list[SizeResult]) -> list[str]:
    """Issue 11's targets, each with its figure and whether it is met."""
    measured = [s for s in sizes if s.results]
    lines = []
    for size in measured:
        trivial = _result(size, TRIVIAL.label)
        if trivial is None:
            continue
        for target in TARGETS[:-1]:
            result = _result(size, target.label)
            if result is None:
                continue
            p95 = result.percentile_ms(95) / trivial.percentile_ms(95)
            rate = trivial.per_second / result.per_second if result.per_second else math.inf
            met = "met" if max(p95, rate) <= COST_TARGET else "NOT met"
            lines.append(
                f"{size.size:>7,} services, {target.label:<14}: p95 x{p95:.1f}, throughput /{rate:.1f} "
                f"the trivial view's (target at most {COST_TARGET:g}): {met}"
            )
    if len(measured) > 1:
        first, last = measured[0], measured[-1]
        for target in TARGETS[:-1]:
            small, large = _result(first, target.label), _result(last, target.label)
            if small is None or large is None:
                continue
            p95 = large.percentile_ms(95) / small.percentile_ms(95)
            rate = small.per_second / large.per_second if large.per_second else math.inf
            met = "met" if max(p95, rate) <= GROWTH_TARGET else "NOT met"
            lines.append(
                f"{target.label:<14} at {last.size:,} against {first.size:,}: p95 x{p95:.2f}, throughput "
                f"/{rate:.2f} (target at most {GROWTH_TARGET:g}): {met}"
            )
    return lines


def worker_memory_mb(master: int) -> list[float]:
    """The resident memory of each of gunicorn's workers (the master's children), from /proc (Linux)."""
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
        except OSError:
            continue
        if fields.get("PPid", "").strip() == str(master) and "VmRSS" in fields:
            found.append(int(fields["VmRSS"].split()[0]) / 1024)
    return sorted(found)


# --- Steps ---------------------------------------------------------------------------------------

EXPLAIN_SCRIPT = """
import json, sys, time
import django
django.setup()
from django.db import connection
from django.test.utils import CaptureQueriesContext
from localoffer.directory.selectors import DirectoryCriteria, directory_search, filter_counts

word, age = sys.argv[1], int(sys.argv[2])
criteria = DirectoryCriteria(query=word, age=age, levels=("targeted",))
directory_search(criteria=criteria, page_number=1)  # what a process remembers, remembered
with CaptureQueriesContext(connection) as captured:
    started = time.perf_counter()
    found = directory_search(criteria=criteria, page_number=1)
    filter_counts(criteria=criteria)
    took = (time.perf_counter() - started) * 1000
plans = []
with connection.cursor() as cursor:
    for number, query in enumerate(captured.captured_queries, 1):
        sql = query["sql"]
        name = f"{number} ({float(query['time']) * 1000:.1f} ms)"
        if connection.vendor == "postgresql":
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
        plan = [str(row[0] if connection.vendor == "postgresql" else row[-1]) for row in cursor.fetchall()]
        plans.append({"name": name, "sql": sql, "plan": plan})
total = found.total
print(json.dumps({"total": total, "more": bool(getattr(found, "more", False)), "took": took, "plans": plans}))
"""

VOCABULARY_SCRIPT = """
import json
import django
django.setup()
from localoffer.council.synthetic_directory import QUERY_AGES, QUERY_WORDS
print(json.dumps({"words": list(QUERY_WORDS), "ages": list(QUERY_AGES)}))
"""


def explain(python: str, env: dict[str, str], full: bool) -> tuple[list[tuple[str, str, str]], str]:
    output = run_step(
        f"EXPLAIN, q={EXPLAIN_WORD} age={EXPLAIN_AGE} level=targeted",
        [python, "-c", EXPLAIN_SCRIPT, EXPLAIN_WORD, str(EXPLAIN_AGE)],
        env,
    )
    data = json.loads(output.strip().splitlines()[-1])
    lines = []
    for item in data["plans"]:
        plan = item["plan"]
        execution = next((line for line in plan if line.startswith("Execution Time")), "")
        lines.append((item["name"], plan[0].strip() if plan else "", execution))
        if full:
            say(f"  plan of the {item['name']} query:\n    " + "\n    ".join(plan))
            say(f"  SQL: {item['sql']}")
    found = f"{'more than ' if data.get('more') else ''}{int(data['total']):,}"
    return lines, f"{found} services, the results and filter counts in {float(data['took']):.1f} ms"


def measure_size(
    size: int,
    args: argparse.Namespace,
    base_env: dict[str, str],
    base_url: str,
    databases: list[tuple[str, str]],
    servers: list[Server],
    tmp: Path,
) -> SizeResult:
    python = venv_tool("python")
    gunicorn = venv_tool("gunicorn")
    name = f"localoffer_bench_{os.getpid()}_{size}"
    say(f"bench: {size:,} services, in database {name}")
    env = dict(base_env)
    if args.database == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{tmp / (name + '.sqlite3')}"
    else:
        create_database(base_url, name)
        databases.append((base_url, name))
        env["DATABASE_URL"] = database_url_for(base_url, name)

    started = time.perf_counter()
    run_step("migrate", [python, "manage.py", "migrate", "--no-input"], env)
    run_step("reference data", [python, "manage.py", "load_medway"], env)
    migrate_seconds = time.perf_counter() - started
    started = time.perf_counter()
    command = [
        python,
        "manage.py",
        "make_synthetic_directory",
        "--services",
        str(size),
        "--seed",
        str(args.seed),
    ]
    reported = run_step("synthetic directory", command, env).strip()
    generation_seconds = time.perf_counter() - started
    say(f"  {reported} ({generation_seconds:.1f} s with the command's start-up)")
    plans, total = explain(python, env, args.plans)
    say(f"  the EXPLAIN query finds {total}")
    vocabulary = json.loads(
        run_step("word lists", [python, "-c", VOCABULARY_SCRIPT], env).strip().splitlines()[-1]
    )
    words, ages = vocabulary["words"], vocabulary["ages"]

    port = free_loopback_port()
    server_command = gunicorn_command(gunicorn, port, args)
    say(f"  server: {shlex.join(server_command)}")
    server = Server(server_command, env, tmp / f"server-{size}.log")
    servers.append(server)
    server.wait_until_live(port)
    checker = random.Random(args.seed)
    for target in TARGETS:
        path = target.path(checker, words, ages)
        status, body = get(port, path)
        if status != 200:
            raise BenchError(
                f"{path} answered {status}, not 200; not measuring.\n"
                f"Start of the page:\n{body[:600].decode(errors='replace')}\n"
                f"Server output:\n{log_tail(server.log_path)}"
            )

    result = SizeResult(size, generation_seconds, migrate_seconds, plans, total)
    for target in TARGETS:
        if args.warm_up > 0:
            say(f"  warming up {target.label} for {args.warm_up:g} s")
            warm = load(port, target, words, ages, args.warm_up, args.concurrency, server, args.seed + 1)
            if warm.errors:
                # Measured all the same (the table shows the errors), but the run will fail.
                result.warm_up_errors += warm.errors
                say(
                    f"bench: {warm.errors} requests to {target.label} failed in the warm-up: {warm.error_samples}"
                )
        say(f"  measuring {target.label} for {args.seconds:g} s with {args.concurrency} clients")
        result.results.append(
            load(port, target, words, ages, args.seconds, args.concurrency, server, args.seed)
        )
        if args.single_seconds > 0:
            say(f"  measuring {target.label} for {args.single_seconds:g} s with 1 client")
            result.single[target.label] = load(
                port, target, words, ages, args.single_seconds, 1, server, args.seed + 2
            )
        if not server.alive():
            raise BenchError(
                f"the server died (exit status {server.process.returncode}).\n{log_tail(server.log_path)}"
            )
    if any(r.errors for r in result.results) or result.warm_up_errors:
        say(f"bench: requests failed at {size:,} services. Server output:\n{log_tail(server.log_path)}")
    result.worker_memory_mb = worker_memory_mb(server.process.pid)
    server.stop()
    servers.remove(server)
    if (base_url, name) in databases:
        drop_database(base_url, name)
        databases.remove((base_url, name))
    return result


# --- Main ----------------------------------------------------------------------------------------


def parse_sizes(text: str) -> list[int]:
    try:
        sizes = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a comma-separated list of whole numbers: {text!r}") from None
    if not sizes or any(size < 1 for size in sizes):
        raise argparse.ArgumentTypeError("sizes must be whole numbers from 1")
    return sorted(set(sizes))


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Local Offer search against a trivial view, on gunicorn and PostgreSQL or SQLite, as the directory grows."
    )
    parser.add_argument(
        "--sizes",
        type=parse_sizes,
        default=[1_000, 20_000, 100_000],
        help="services (default 1000,20000,100000)",
    )
    add_load_arguments(parser, concurrency=20)
    parser.add_argument("--seed", type=int, default=1, help="synthetic directory and query seed (default 1)")
    parser.add_argument("--plans", action="store_true", help="print the whole EXPLAIN ANALYZE plans")
    parser.add_argument(
        "--database",
        choices=["postgresql", "sqlite"],
        default="postgresql",
        help="PostgreSQL (default; a throwaway cluster unless DATABASE_URL names one) or SQLite files",
    )
    parser.add_argument(
        "--single-seconds",
        type=float,
        default=3.0,
        help="each target measured again with one client for this long (default 3; 0 to skip)",
    )
    args = parser.parse_args(argv)
    check_load_arguments(parser, args)
    return args


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    if args.database == "postgresql" and not is_postgres(os.environ.get("DATABASE_URL", "").strip()):
        try:
            return rerun_under_with_postgres(argv)
        except BenchError as error:
            say(f"bench: {error}")
            return 1
    signal.signal(signal.SIGTERM, on_terminate)
    signal.signal(signal.SIGHUP, on_terminate)
    tmp = Path(tempfile.mkdtemp(prefix="localoffer-bench-directory-"))
    servers: list[Server] = []
    databases: list[tuple[str, str]] = []
    try:
        return run(args, tmp, servers, databases)
    except BenchError as error:
        say(f"bench: {error}")
        return 1
    except KeyboardInterrupt:
        say("bench: interrupted")
        return exit_status_when_interrupted()
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        for server in servers:
            server.stop()
        for url, name in databases:
            try:
                drop_database(url, name)
            except Exception as error:
                say(f"bench: could not drop database {name}: {error}")
        shutil.rmtree(tmp, ignore_errors=True)


def run(args: argparse.Namespace, tmp: Path, servers: list[Server], databases: list[tuple[str, str]]) -> int:
    python = venv_tool("python")
    env = dict(os.environ)
    base_url = env.get("DATABASE_URL", "").strip() if args.database == "postgresql" else ""
    if args.database == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{tmp / 'setup.sqlite3'}"
        run_step("setup database", [python, "manage.py", "migrate", "--no-input", "-v", "0"], env)
    server_environment(env, tmp)

    say(f"bench: preparing in {tmp}")
    run_step("static files", [python, "manage.py", "collectstatic", "--no-input"], env)
    database = database_description(python, env)

    patterns = {target.label: target.pattern for target in TARGETS}
    sizes: list[SizeResult] = []
    for size in args.sizes:
        measured = measure_size(size, args, env, base_url, databases, servers, tmp)
        sizes.append(measured)
        print(
            f"\n{size:,} services: generated in {measured.generation_seconds:.1f} s "
            f"(after {measured.migrate_seconds:.1f} s to migrate and load Medway's reference data)"
        )
        print(f"  q={EXPLAIN_WORD} age={EXPLAIN_AGE} level=targeted finds {measured.found}")
        for name, top, execution in measured.plans:
            print(f"  query {name}: {execution}")
            print(f"    {top}")
        print()
        print(table(measured.results, patterns, measured.single))
        memory = ", ".join(f"{mb:.0f} MB" for mb in measured.worker_memory_mb) or "n/a"
        print(f"memory per server worker after the run: {memory}")
        sys.stdout.flush()

    print()
    print("p95 from the smallest size to the largest:")
    for line in summary(sizes):
        print(f"  {line}")
    print()
    print("issue 11's targets:")
    for line in targets(sizes):
        print(f"  {line}")
    print()
    print(f"python:      {platform.python_version()} ({platform.python_implementation()})")
    print(f"django:      {metadata.version('django')}")
    print(f"gunicorn:    {metadata.version('gunicorn')} ({args.workers} workers x {args.threads} threads)")
    print(f"database:    {database} (a fresh database for each size, beside DATABASE_URL's)")
    print(f"cpus:        {cpu_summary()}; load generator, server and database share them")
    print(f"platform:    {platform.platform()}")
    print(f"commit:      {git_commit()}")
    print(f"command:     {shlex.join([sys.executable, *sys.argv])}")
    print(
        f"load:        {args.concurrency} keep-alive clients; {args.warm_up:g} s warm-up, {args.seconds:g} s "
        f"per target, then 1 client for {args.single_seconds:g} s; queries from the synthetic word lists "
        f"(seed {args.seed})"
    )

    failed = False
    for size in sizes:
        if size.warm_up_errors:
            failed = True
            say(f"bench: {size.warm_up_errors} requests failed during the warm-ups at {size.size:,}")
        for result in size.results:
            if result.errors:
                failed = True
                detail = ", ".join(
                    f"{n} x status {s}" for s, n in sorted(result.statuses.items()) if s != 200
                )
                if result.connection_errors:
                    detail = ", ".join(
                        filter(None, [detail, f"{result.connection_errors} connection errors"])
                    )
                samples = "; ".join(result.error_samples)
                say(
                    f"bench: {result.errors} failed requests to {result.path} at {size.size:,}: {detail} (e.g. {samples})"
                )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
