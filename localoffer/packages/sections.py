"""The package of care as a section of the child's record page: how much support, and the link to it."""

from __future__ import annotations

from typing import Any

from localoffer.packages.access import package_access
from localoffer.people.models import Child


def child_package(child: Child, user: Any) -> dict[str, Any]:
    from localoffer.packages.services import package_yearly_pence

    allowed = package_access(user, child).allowed and user.has_perm("packages.view_package")
    package = getattr(child, "package", None) if allowed else None
    lines = list(package.elements.all()) if package is not None else []
    return {
        "allowed": allowed,
        "child": child,
        "lines": lines,
        "count": len(lines),
        "yearly": package_yearly_pence(package) if package is not None else 0,
    }


def register() -> None:
    from localoffer.people.sections import RecordSection, section_register

    section_register(
        RecordSection(
            key="package",
            title="Package of care",
            template="packages/_child_package.html",
            context=child_package,
            order=30,
        )
    )
