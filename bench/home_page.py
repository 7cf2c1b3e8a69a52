"""Benchmark: the home page against a trivial view, served by the real production server.

Run from the repository root:

    .venv/bin/python bench/home_page.py [--seconds 10] [--concurrency 10]
    scripts/with-postgres .venv/bin/python bench/home_page.py

It makes a temporary folder, migrates a fresh database there (SQLite, unless DATABASE_URL is already
set, as scripts/with-postgres does), loads Medway's reference data, collects the static files, and
starts gunicorn on a free loopback port. Then it sends requests from --concurrency threads, each
with its own keep-alive connection, for --seconds per target after a warm-up, and prints a table
and how much the home page costs compared with /health/live/, a view that does no database work.

Figures go in issue notes; no test asserts them. Only loopback addresses are used. The server is
always stopped and the temporary folder removed, on Ctrl-C too. The exit status is non-zero if any
request failed (status other than 200) or the server died.
"""

from __future__ import annotations

import argparse
import http.client
import math
import os
import platform
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from types import FrameType

ROOT = Path(__file__).resolve().parent.parent
LOOPBACK = "127.0.0.1"  # never anything else
HOME = "/"
TRIVIAL = "/health/live/"
STARTUP_TIMEOUT = 180.0  # a loaded, shared machine can take a minute to start the workers
REQUEST_TIMEOUT = 30.0
STOP_TIMEOUT = 10.0


class BenchError(Exception):
    """A setup step failed; the message says which and why."""


@dataclass
class ClientResult:
    latencies: list[float] = field(default_factory=list)  # seconds, every completed request
    statuses: Counter[int] = field(default_factory=Counter)
    errors: int = 0
    error_samples: list[str] = field(default_factory=list)


@dataclass
class TargetResult:
    path: str
    elapsed: float
    latencies: list[float]
    statuses: Counter[int]
    errors: int
    error_samples: list[str]

    @property
    def requests(self) -> int:
        return len(self.latencies) + self.connection_errors

    @property
    def connection_errors(self) -> int:
        return self.errors - sum(n for status, n in self.statuses.items() if status != 200)

    @property
    def per_second(self) -> float:
        return self.requests / self.elapsed if self.elapsed > 0 else 0.0

    def percentile_ms(self, p: float) -> float:
        """Nearest-rank percentile of the request durations, in milliseconds."""
        if not self.latencies:
            return math.nan
        ordered = sorted(self.latencies)
        rank = max(1, math.ceil(p / 100 * len(ordered)))
        return ordered[rank - 1] * 1000


# --- Helpers -------------------------------------------------------------------------------------


def venv_tool(name: str) -> str:
    """A program from the project's virtual environment, else the one beside this interpreter."""
    for folder in (ROOT / ".venv" / "bin", Path(sys.executable).parent):
        candidate = folder / name
        if candidate.exists():
            return str(candidate)
    found = shutil.which(name)
    if found is None:
        raise BenchError(f"{name} not found in .venv/bin; run `make install` first.")
    return found


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def free_loopback_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        return int(sock.getsockname()[1])


def run_step(description: str, command: list[str], env: dict[str, str]) -> str:
    say(f"  {description}: {shlex.join(command)}")
    completed = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        output = completed.stdout + completed.stderr
        raise BenchError(f"{description} failed (exit status {completed.returncode}):\n{output}")
    return completed.stdout


def log_tail(path: Path, lines: int = 60) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return "(no server log)"
    tail = text.splitlines()[-lines:]
    return "\n".join(tail) if tail else "(the server log is empty)"


def get(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection(LOOPBACK, port, timeout=REQUEST_TIMEOUT)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def git_commit() -> str:
    try:
        command = ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"]
        completed = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError:
        return "unknown"
    return completed.stdout.strip() if completed.returncode == 0 else "none yet"


def cpu_summary() -> str:
    total = os.cpu_count() or 0
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else total
    return f"{total}" if usable == total else f"{total} ({usable} usable by this process)"


# --- Server --------------------------------------------------------------------------------------


class Server:
    """gunicorn serving localoffer.wsgi on a loopback port; stop() always ends it."""

    def __init__(self, command: list[str], env: dict[str, str], log_path: Path) -> None:
        self.command = command
        self.log_path = log_path
        self._log = log_path.open("wb")
        # Its own session, so a Ctrl-C in the terminal reaches only this script, which then stops the
        # server in an orderly way.
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def alive(self) -> bool:
        return self.process.poll() is None

    def wait_until_live(self, port: int) -> None:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        last_problem = "no answer yet"
        while time.monotonic() < deadline:
            if not self.alive():
                raise BenchError(
                    f"gunicorn exited with status {self.process.returncode} before answering {TRIVIAL}.\n"
                    f"Server output:\n{log_tail(self.log_path)}"
                )
            try:
                status, _ = get(port, TRIVIAL)
            except OSError as error:
                last_problem = str(error)
            else:
                if status == 200:
                    return
                last_problem = f"status {status}"
            time.sleep(0.1)
        raise BenchError(
            f"gunicorn did not answer {TRIVIAL} with status 200 within {STARTUP_TIMEOUT:.0f} s "
            f"(last: {last_problem}).\nServer output:\n{log_tail(self.log_path)}"
        )

    def stop(self) -> None:
        if self.alive():
            self.process.terminate()  # SIGTERM: gunicorn's graceful shutdown
            try:
                self.process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()


# --- Load generator ------------------------------------------------------------------------------


def client_loop(
    port: int,
    path: str | Callable[[], str],
    deadline: float,
    stop: threading.Event,
    result: ClientResult,
    headers: dict[str, str] | None = None,
) -> None:
    """Sends requests one after another over one persistent connection until the deadline. `path` is the
    address to ask for, or a function giving the next one; `headers` go with every request (a session
    cookie, say)."""
    connection = http.client.HTTPConnection(LOOPBACK, port, timeout=REQUEST_TIMEOUT)
    next_path = path if callable(path) else lambda: path
    try:
        while not stop.is_set():
            path_now = next_path()
            started = time.perf_counter()
            if started >= deadline:
                break
            try:
                connection.request("GET", path_now, headers=headers or {})
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as error:
                # The next request opens a new connection.
                connection.close()
                result.errors += 1
                if len(result.error_samples) < 3:
                    result.error_samples.append(f"{type(error).__name__}: {error} ({path_now})")
                stop.wait(0.05)  # do not spin if the server has gone
                continue
            result.latencies.append(time.perf_counter() - started)
            result.statuses[status] += 1
            if status != 200:
                result.errors += 1
                if len(result.error_samples) < 3:
                    result.error_samples.append(f"status {status} ({path_now})")
    finally:
        connection.close()


def load(
    port: int,
    path: str,
    seconds: float,
    concurrency: int,
    server: Server,
    paths: Callable[[int], Callable[[], str]] | None = None,
    headers: dict[str, str] | None = None,
) -> TargetResult:
    """`concurrency` clients asking for `path` for `seconds`; or, with `paths`, each client `n` asking for
    the addresses `paths(n)` gives (`path` then only names the target in the report). `headers` go with
    every request."""
    stop = threading.Event()
    results = [ClientResult() for _ in range(concurrency)]
    started = time.perf_counter()
    deadline = started + seconds
    threads = [
        threading.Thread(
            target=client_loop,
            args=(port, paths(n) if paths else path, deadline, stop, result, headers),
            name=f"client-{n}",
            daemon=True,
        )
        for n, result in enumerate(results)
    ]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            while thread.is_alive():
                thread.join(0.2)  # short waits keep Ctrl-C responsive
                if not server.alive():
                    stop.set()
    finally:
        stop.set()
    elapsed = time.perf_counter() - started
    latencies: list[float] = []
    statuses: Counter[int] = Counter()
    samples: list[str] = []
    for result in results:
        latencies.extend(result.latencies)
        statuses.update(result.statuses)
        samples.extend(result.error_samples)
    return TargetResult(path, elapsed, latencies, statuses, sum(r.errors for r in results), samples[:5])


# --- Report --------------------------------------------------------------------------------------


def table(results: list[TargetResult]) -> str:
    header = ("target", "requests", "errors", "req/s", "p50 ms", "p95 ms", "p99 ms")
    rows = [
        (
            r.path,
            str(r.requests),
            str(r.errors),
            f"{r.per_second:.1f}",
            f"{r.percentile_ms(50):.1f}",
            f"{r.percentile_ms(95):.1f}",
            f"{r.percentile_ms(99):.1f}",
        )
        for r in results
    ]
    width = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = []
    for row in [header, *rows]:
        cells = [row[0].ljust(width[0])] + [cell.rjust(width[i]) for i, cell in enumerate(row) if i > 0]
        lines.append("  ".join(cells))
    return "\n".join(lines)


def ratio(numerator: float, denominator: float) -> str:
    if denominator <= 0 or math.isnan(numerator) or math.isnan(denominator):
        return "n/a"
    return f"{numerator / denominator:.1f}"


# --- Main ----------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Requests per second and latency of the home page against a trivial view, on gunicorn."
    )
    add_load_arguments(parser, concurrency=10)
    args = parser.parse_args(argv)
    check_load_arguments(parser, args)
    return args


def add_load_arguments(parser: argparse.ArgumentParser, *, concurrency: int) -> None:
    """The options every benchmark here shares: how long, how many clients, and the server's size."""
    parser.add_argument("--seconds", type=float, default=10.0, help="measured time per target (default 10)")
    parser.add_argument(
        "--concurrency",
        type=int,
        default=concurrency,
        help=f"clients sending at once (default {concurrency})",
    )
    parser.add_argument("--warm-up", type=float, default=2.0, help="unmeasured run first (default 2)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (default 2)")
    parser.add_argument("--threads", type=int, default=4, help="gunicorn threads per worker (default 4)")


def check_load_arguments(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    if args.seconds <= 0 or args.warm_up < 0:
        parser.error("--seconds must be above 0 and --warm-up not below 0")
    if not 1 <= args.concurrency <= 200:
        parser.error("--concurrency must be between 1 and 200")
    if args.workers < 1 or args.threads < 1:
        parser.error("--workers and --threads must be at least 1")


_exit_status_when_interrupted = 130


def on_terminate(signum: int, frame: FrameType | None) -> None:
    """SIGTERM and SIGHUP end the run the way Ctrl-C does: cleaning up, then exiting 128 + signal."""
    global _exit_status_when_interrupted
    _exit_status_when_interrupted = 128 + signum
    raise KeyboardInterrupt


def exit_status_when_interrupted() -> int:
    return _exit_status_when_interrupted


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, on_terminate)
    signal.signal(signal.SIGHUP, on_terminate)
    tmp = Path(tempfile.mkdtemp(prefix="localoffer-bench-"))
    servers: list[Server] = []
    try:
        return run(args, tmp, servers)
    except BenchError as error:
        say(f"bench: {error}")
        return 1
    except KeyboardInterrupt:
        say("bench: interrupted")
        return _exit_status_when_interrupted
    finally:
        # A second Ctrl-C must not leave the server running or the folder behind.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        for server in servers:
            server.stop()
        shutil.rmtree(tmp, ignore_errors=True)


def server_environment(env: dict[str, str], tmp: Path) -> None:
    """The real settings as a local machine runs them, with the collected static files kept in the
    temporary folder rather than var/."""
    env["LOCALOFFER_ENVIRONMENT"] = "local"
    env["DEBUG"] = "false"
    env["ALLOWED_HOSTS"] = LOOPBACK
    static_root = tmp / "static"
    settings = f"from localoffer.settings import *  # noqa: F403\n\nSTATIC_ROOT = {str(static_root)!r}\n"
    (tmp / "bench_settings.py").write_text(settings)
    env["DJANGO_SETTINGS_MODULE"] = "bench_settings"
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(tmp), str(ROOT), env.get("PYTHONPATH", "")]))
    env["PYTHONDONTWRITEBYTECODE"] = "1"


def gunicorn_command(gunicorn: str, port: int, args: argparse.Namespace) -> list[str]:
    """The production server, on a loopback port, with --workers and --threads."""
    return [
        gunicorn,
        "localoffer.wsgi:application",
        "--bind",
        f"{LOOPBACK}:{port}",
        "--workers",
        str(args.workers),
        "--threads",
        str(args.threads),
        "--log-level",
        "warning",
    ]


def database_description(python: str, env: dict[str, str]) -> str:
    """The database the server will use, as "vendor version"."""
    return run_step(
        "database",
        [
            python,
            "-c",
            "import django; django.setup(); from django.db import connection; "
            "print(connection.vendor, '.'.join(map(str, connection.get_database_version())))",
        ],
        env,
    ).strip()


def run(args: argparse.Namespace, tmp: Path, servers: list[Server]) -> int:
    python = venv_tool("python")
    gunicorn = venv_tool("gunicorn")
    env = dict(os.environ)
    database_from_environment = bool(env.get("DATABASE_URL", "").strip())
    if not database_from_environment:
        env["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
    server_environment(env, tmp)

    say(f"bench: preparing in {tmp}")
    run_step("migrate", [python, "manage.py", "migrate", "--no-input"], env)
    run_step("reference data", [python, "manage.py", "load_medway"], env)
    run_step("static files", [python, "manage.py", "collectstatic", "--no-input"], env)
    database = database_description(python, env)

    port = free_loopback_port()
    command = gunicorn_command(gunicorn, port, args)
    say(f"  server: {shlex.join(command)}")
    server = Server(command, env, tmp / "server.log")
    servers.append(server)
    server.wait_until_live(port)

    # One request first: a broken page fails here, with its reason, rather than thousands of times.
    status, body = get(port, HOME)
    if status != 200:
        raise BenchError(
            f"{HOME} answered {status}, not 200; not measuring.\n"
            f"Start of the page:\n{body[:600].decode(errors='replace')}\n"
            f"Server output:\n{log_tail(server.log_path)}"
        )

    results: list[TargetResult] = []
    warm_up_errors = 0
    for path in (HOME, TRIVIAL):
        if args.warm_up > 0:
            say(f"  warming up {path} for {args.warm_up:g} s")
            warm_up_errors += load(port, path, args.warm_up, args.concurrency, server).errors
        say(f"  measuring {path} for {args.seconds:g} s with {args.concurrency} clients")
        results.append(load(port, path, args.seconds, args.concurrency, server))
        if not server.alive():
            break
    server_died = not server.alive()

    print()
    print(table(results))
    print()
    if len(results) == 2:
        home, trivial = results
        p50 = ratio(home.percentile_ms(50), trivial.percentile_ms(50))
        print(f"home page costs {p50} x the trivial view (p50)")
        throughput = ratio(trivial.per_second, home.per_second)
        print(f"home page costs {throughput} x the trivial view (throughput)")
        print()
    print(f"python:      {platform.python_version()} ({platform.python_implementation()})")
    print(f"django:      {metadata.version('django')}")
    print(f"gunicorn:    {metadata.version('gunicorn')} ({args.workers} workers x {args.threads} threads)")
    source = "DATABASE_URL from the environment" if database_from_environment else "temporary SQLite file"
    print(f"database:    {database} ({source})")
    print(f"cpus:        {cpu_summary()}; load generator and server share them")
    print(f"platform:    {platform.platform()}")
    print(f"commit:      {git_commit()}")
    print(f"command:     {shlex.join([sys.executable, *sys.argv])}")
    print(f"server:      {shlex.join(command)}")
    print(
        f"load:        {args.concurrency} keep-alive clients; {args.warm_up:g} s warm-up, {args.seconds:g} s"
    )

    failed = False
    for result in results:
        if result.errors:
            failed = True
            detail = ", ".join(f"{n} x status {s}" for s, n in sorted(result.statuses.items()) if s != 200)
            if result.connection_errors:
                detail = ", ".join(filter(None, [detail, f"{result.connection_errors} connection errors"]))
            samples = "; ".join(result.error_samples)
            say(f"bench: {result.errors} failed requests to {result.path}: {detail} (e.g. {samples})")
    if warm_up_errors:
        failed = True
        say(f"bench: {warm_up_errors} requests failed during the warm-up")
    if server_died:
        failed = True
        say(f"bench: the server died (exit status {server.process.returncode}).\n{log_tail(server.log_path)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
