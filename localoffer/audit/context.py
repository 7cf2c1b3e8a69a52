"""Who is acting, from where, and why: set once per request (or command, or task) and read by the audit."""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from dataclasses import dataclass, replace

from django.contrib.auth.models import AbstractBaseUser


@dataclass(frozen=True)
class AuditContext:
    actor: AbstractBaseUser | None = None  # whichever user model the project uses
    ip_address: str | None = None
    user_agent: str = ""
    request_id: str = ""
    purpose: str = ""
    via: str = ""  # "web", "admin", "command", "task", "api"
    # The refusals recorded in this request (audit.middleware audits any 403 that recorded none).
    refusals: list[str] | None = None


_NOBODY = AuditContext()
_current: contextvars.ContextVar[AuditContext | None] = contextvars.ContextVar("audit_context", default=None)


def current() -> AuditContext:
    return _current.get() or _NOBODY


@contextlib.contextmanager
def audit_context(**changes: object) -> Iterator[AuditContext]:
    """Run a block of work as an actor: `with audit_context(actor=user, via="command"):`."""
    context = replace(current(), **changes)  # type: ignore[arg-type]
    token = _current.set(context)
    try:
        yield context
    finally:
        _current.reset(token)
