"""Limits on the actions anyone can take without an account, and on the costly ones (docs/decisions/
0019-limits-and-faults.md).

Each action is counted per network address (where the request came from, as core.http.client_ip reads it
behind the proxies production declares) and, where it has one, per target (the email address a message
goes to, the listing a report is about). The counts are django-ratelimit's fixed windows, held in the
`limits` cache: a table in the database, which every web process shares. A view asks `limit_reached()`
and, when it answers, shows the form again with what was entered, says when to try again and how to reach
someone by phone (`limit_response`)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django_ratelimit.core import get_usage

from localoffer.core.http import client_ip

# The rates for each action: "count/period" (s, m, h, d), per address and per target. Settings may change
# any of them (LOCALOFFER_LIMITS, as {"action": {"address": "5/h"}}).
DEFAULT_RATES: dict[str, dict[str, str]] = {
    # A worry about a child: enough for a school or a family sending several in an hour, far too few to
    # flood duty. Over the per-recipient rate the worry is still taken; only the acknowledgement is not sent.
    "safety-concern": {"address": "10/h", "target": "5/h"},
    "comment": {"address": "10/h"},
    "listing-report": {"address": "10/h", "target": "30/h"},
    "shortlist-email": {"address": "10/h", "target": "3/h"},
    "return-link": {"address": "20/h", "target": "10/h"},
    "apply-start": {"address": "30/h"},
    # Failed sign-ins from one address, whichever accounts they try (axes locks one account at one address).
    "sign-in-failure": {"address": "30/h"},
}


@dataclass(frozen=True)
class LimitReached:
    """An action refused for now: why, and when it may be tried again."""

    action: str
    per: str  # "address" or "target"
    retry_at: dt.datetime

    @property
    def minutes(self) -> int:
        return max(1, -(-int((self.retry_at - timezone.now()).total_seconds()) // 60))

    @property
    def retry_seconds(self) -> int:
        return max(1, int((self.retry_at - timezone.now()).total_seconds()))


def rate(action: str, per: str) -> str | None:
    configured: Mapping[str, Mapping[str, str]] = getattr(settings, "LOCALOFFER_LIMITS", {})
    return configured.get(action, {}).get(per) or DEFAULT_RATES.get(action, {}).get(per)


def _address(request: HttpRequest) -> str:
    return client_ip(request) or "unknown"


def _usage(request: HttpRequest, *, action: str, per: str, value: str, count: bool) -> dict[str, Any] | None:
    chosen = rate(action, per)
    if chosen is None:
        return None
    digest = hashlib.sha256(f"{per}:{value}".encode()).hexdigest()  # no address is kept as written
    return get_usage(
        request,
        group=f"{action}:{per}",
        key=lambda _group, _request: digest,
        rate=chosen,
        increment=count,
    )


def limit_reached(
    request: HttpRequest, *, action: str, target: str | None = None, count: bool = True
) -> LimitReached | None:
    """Count one `action` from this request's address (and for `target`, when given), and say whether it is
    over a limit. `count=False` only looks (for sign-in failures, counted when they fail)."""
    checks = [("address", _address(request))]
    if target:
        checks.append(("target", target.strip().lower()))
    for per, value in checks:
        usage = _usage(request, action=action, per=per, value=value, count=count)
        # Counting, the one over the limit is refused; only looking, the limit itself is reached.
        if usage is not None and (usage["should_limit"] or (not count and usage["count"] >= usage["limit"])):
            left = usage["time_left"] if usage["time_left"] > 0 else 60
            return LimitReached(action=action, per=per, retry_at=timezone.now() + dt.timedelta(seconds=left))
    return None


def limit_count(request: HttpRequest, *, action: str) -> None:
    """Count one `action` from this address without asking (a failed sign-in, once it has failed)."""
    _usage(request, action=action, per="address", value=_address(request), count=True)


def limit_response(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    limit: LimitReached,
) -> HttpResponse:
    """The form again, as it was filled in, with a message (includes/limit_reached.html, from base.html)
    saying when to try again and how to reach someone by phone. Status 429, with Retry-After."""
    response = render(request, template, {**context, "limit": limit}, status=429)
    response["Retry-After"] = str(limit.retry_seconds)
    return response
