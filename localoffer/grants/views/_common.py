from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest

from localoffer.grants.models import PolicyVersion
from localoffer.grants.services import current_policy


def posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def published_policy() -> PolicyVersion:
    policy = current_policy()
    if policy is None:
        raise Http404("No grant policy is published yet")
    return policy


def refusal_text(refused: Exception) -> str:
    return " ".join(getattr(refused, "messages", [str(refused)]))
