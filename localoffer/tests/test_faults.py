"""The service through a fault, as production runs it (issue 12): `make serve` (gunicorn and the message
worker) on PostgreSQL, a burst of safety concerns sent to it, and both killed with kill -9 in the middle.
Every concern the server acknowledged is there afterwards, once; every message waiting is sent after the
restart; and killing `make serve` itself leaves no server or worker running."""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import signal
import socket
import subprocess
import threading
import time
import urllib.parse
import uuid
from pathlib import Path

import pytest
from django.db import connection

from localoffer.messaging.models import Message, MessageStatus
from localoffer.referrals.models import Referral

ROOT = Path(__file__).resolve().parents[2]
FORM = "/ask-for-help/worried-about-a-child/tell-us/"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _cmdline(pid: int) -> str:
    try:
        return (Path("/proc") / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


class Served:
    """`make serve` against the test database, on a port of its own."""

    def __init__(self, port: int, *, collect: bool = False) -> None:
        settings = connection.settings_dict
        base = urllib.parse.urlsplit(os.environ["DATABASE_URL"])
        url = urllib.parse.urlunsplit(base._replace(path=f"/{settings['NAME']}"))
        env = {
            # Production's settings module, not the test suite's (which runs tasks at once, with no worker).
            **{name: value for name, value in os.environ.items() if name != "DJANGO_SETTINGS_MODULE"},
            "LOCALOFFER_ENVIRONMENT": "local",
            "DATABASE_URL": url,
            "LOCALOFFER_PROXY_COUNT": "1",  # each sender says who it is in X-Forwarded-For
            "LOCALOFFER_UPLOADS_DIR": str(ROOT / "var" / "test-uploads-faults"),
        }
        self.port = port
        # As `make run` does: the local environment serves the collected, fingerprinted static files.
        if collect:  # once a test: the restart serves the same files
            subprocess.run(
                [
                    str(ROOT / ".venv" / "bin" / "python"),
                    "manage.py",
                    "collectstatic",
                    "--no-input",
                    "-v",
                    "0",
                ],
                cwd=ROOT,
                env=env,
                check=True,
            )
        self.make = subprocess.Popen(
            ["make", "--no-print-directory", "serve", f"PORT={port}"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + 300  # a busy machine starts Django slowly
        while time.monotonic() < deadline:
            try:
                if _get(port, "/health/ready/")[0] == 200 and self.worker():
                    return
            except OSError:
                pass
            time.sleep(0.5)
        self.stop()
        pytest.fail("make serve did not start within 5 minutes")

    def server(self) -> int | None:
        for pid in [self.make.pid, *_children(self.make.pid)]:
            if "gunicorn" in _cmdline(pid) and _alive(pid):
                return pid
        return None

    def worker(self) -> int | None:
        server = self.server()
        for pid in _children(server) if server else []:
            if "db_worker" in _cmdline(pid) and _alive(pid):
                return pid
        return None

    def stop(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.make.pid, signal.SIGKILL)
        self.make.wait(timeout=30)


def _get(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[int, str, dict[str, str]]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read().decode(), dict(response.getheaders())
    finally:
        conn.close()


def _send(port: int, key: str, number: int) -> bool:
    """One safety concern, as a browser sends it. True when the server acknowledged it (sent to the sent page)."""
    address = {"X-Forwarded-For": f"203.0.113.{number % 250 + 1}"}
    try:
        status, page, headers = _get(port, FORM, address)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        cookie = re.search(r"localoffer_csrftoken=([^;]+)", headers.get("Set-Cookie", ""))
        if status != 200 or token is None or cookie is None:
            return False
        body = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": token.group(1),
                "submission_key": key,
                "referrer_kind": "professional",
                "concern": f"Worry number {number}.",
                "family_knows": "yes",
                "contact_phone": "01634 000 000",
                "contact_email": f"sender{number}@example.com",
            }
        )
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
        try:
            conn.request(
                "POST",
                FORM,
                body=body,
                headers={
                    **address,
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Cookie": f"localoffer_csrftoken={cookie.group(1)}",
                    "Referer": f"http://127.0.0.1:{port}{FORM}",
                },
            )
            response = conn.getresponse()
            response.read()
            return response.status == 302 and "sent" in (response.getheader("Location") or "")
        finally:
            conn.close()
    except OSError:
        return False  # the server was killed under it: not acknowledged


@pytest.mark.django_db(transaction=True)
def test_kill_9_mid_burst_loses_no_acknowledged_concern_and_every_message_is_sent(medway: None) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the fault test runs the real server on PostgreSQL, as production does")
    port = _free_port()
    served = Served(port, collect=True)
    acknowledged: list[str] = []
    lock = threading.Lock()
    keys = [uuid.uuid4().hex for _ in range(40)]

    def burst(numbers: range) -> None:
        for number in numbers:
            if _send(port, keys[number], number):
                with lock:
                    acknowledged.append(keys[number])

    try:
        senders = [threading.Thread(target=burst, args=(range(start, 30, 4),)) for start in range(4)]
        for sender in senders:
            sender.start()
        deadline = time.monotonic() + 120
        while len(acknowledged) < 8 and time.monotonic() < deadline:
            time.sleep(0.05)
        server, worker = served.server(), served.worker()
        assert server is not None
        assert worker is not None
        gunicorn_workers = _children(server)
        os.kill(worker, signal.SIGKILL)
        os.kill(server, signal.SIGKILL)  # mid-burst: requests in flight die with it
        for sender in senders:
            sender.join()
        # Nothing of the killed service goes on running.
        for pid in gunicorn_workers:
            stop_by = time.monotonic() + 30
            while _alive(pid) and time.monotonic() < stop_by:
                time.sleep(0.2)
            assert not _alive(pid), "a gunicorn worker outlived its master"
        served.stop()
        served = Served(port)
        burst(range(30, 40))
        stop_by = time.monotonic() + 120
        while Message.objects.filter(status=MessageStatus.QUEUED).exists() and time.monotonic() < stop_by:
            time.sleep(0.5)
    finally:
        make, server, worker = served.make, served.server(), served.worker()
        os.kill(make.pid, signal.SIGKILL)  # the wrapper, killed outright, takes the server and worker with it
        make.wait(timeout=30)
        stop_by = time.monotonic() + 30
        while any(pid and _alive(pid) for pid in (server, worker)) and time.monotonic() < stop_by:
            time.sleep(0.2)
        left = [pid for pid in (server, worker) if pid and _alive(pid)]
        served.stop()
    assert not left, "make serve, killed, left its server or worker running"
    assert len(acknowledged) >= 18  # the first part of the burst and all of the second
    for key in acknowledged:
        assert Referral.objects.filter(idempotency_key=f"safety:{key}").count() == 1
    assert not Message.objects.filter(status=MessageStatus.QUEUED).exists(), "messages left waiting"
    for referral in Referral.objects.filter(idempotency_key__in=[f"safety:{key}" for key in acknowledged]):
        sent = Message.objects.filter(about_id=referral.pk, status=MessageStatus.SENT)
        assert sent.filter(to=referral.contact_email).count() >= 1  # the acknowledgement
        assert sent.filter(to="duty@localhost").count() >= 1  # the duty alert
