"""What early help adds to a child's record (registered in EarlyHelpConfig.ready(); see people/sections.py)."""

from __future__ import annotations

from typing import Any

from localoffer.earlyhelp.selectors import episodes_for_child
from localoffer.people.record import RecordRead


def child_early_help(record: RecordRead) -> dict[str, Any]:
    """The early help of the child's family that the person may see, and for social care a way to step down."""
    user = record.user
    episodes = episodes_for_child(user=user, child=record.child)
    return {
        "child": record.child,
        "episodes": episodes,
        "may_step_down": user.has_perm("earlyhelp.step_down") and not any(e.is_open for e in episodes),
    }
