from __future__ import annotations

from typing import Any

from django import template

from localoffer.core.roles import Role
from localoffer.referrals.models import OPEN_STATUSES, Route
from localoffer.referrals.selectors import team_queue

register = template.Library()


@register.inclusion_tag("referrals/_duty_banner.html", takes_context=True)
def duty_alert_banner(context: dict[str, Any]) -> dict[str, Any]:
    """On a duty worker's home page: how many worries about a child's safety are waiting, ahead of all else."""
    user = context.get("user")
    if getattr(user, "role", "") != Role.DUTY_WORKER:
        return {"waiting": 0}
    waiting = team_queue(user=user).filter(route=Route.SAFETY_CONCERN, status__in=OPEN_STATUSES).count()
    return {"waiting": waiting}
