from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def council(request: HttpRequest) -> dict[str, Any]:
    return {
        "council_name": settings.COUNCIL_NAME,
        "service_name": settings.SERVICE_NAME,
        "session_timeout_seconds": settings.SESSION_COOKIE_AGE,
        "session_idle_minutes": settings.SESSION_IDLE_MINUTES,
    }
