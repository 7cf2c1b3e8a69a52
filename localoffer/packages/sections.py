"""The package of care as a section of the child's record page."""

from __future__ import annotations


def register() -> None:
    return None
