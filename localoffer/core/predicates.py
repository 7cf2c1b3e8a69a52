"""Building blocks for permissions: what role someone has. Deny by default: no role, no permission."""

from __future__ import annotations

from typing import Any

import rules


def has_role(*roles: str) -> rules.Predicate:
    allowed = frozenset(roles)

    @rules.predicate(name=f"has_role({', '.join(sorted(allowed))})")
    def predicate(user: Any) -> bool:
        return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False)) and (
            getattr(user, "role", None) in allowed
        )

    return predicate
