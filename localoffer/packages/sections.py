"""The package of care as a section of the child's record page: how much support, and the link to it. Who may
see it is decided from the record's own access decision (people.record.RecordRead), made once a reading."""

from __future__ import annotations

from typing import Any

from django.db.models import prefetch_related_objects

from localoffer.packages.access import package_access
from localoffer.people.record import RecordRead


def child_package(record: RecordRead) -> dict[str, Any]:
    from localoffer.packages.services import package_yearly_pence

    child, user = record.child, record.user
    allowed = package_access(user, child, child_decision=record.access).allowed and user.has_perm(
        "packages.view_package"
    )
    package = getattr(child, "package", None) if allowed else None
    if package is not None:
        prefetch_related_objects([package], "elements")  # the lines, and their yearly cost, from one read
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
