"""The decision letter a family reads (on the page, or as a PDF to keep)."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string

from localoffer.core.pdf import pdf_from_html
from localoffer.grants.models import GrantCase


def letter_context(case: GrantCase) -> dict[str, Any]:
    """What the letter says: the case, its award and the award's level under the policy it was decided on."""
    award = getattr(case, "award", None)
    level = None
    if award is not None and case.policy is not None:
        level = next((item for item in case.policy.ordered_levels() if item.number == award.level), None)
    return {"case": case, "award": award, "level": level}


def letter_pdf(*, case: GrantCase) -> bytes:
    """The letter as a tagged PDF. The caller has already decided the reader may see the case."""
    return pdf_from_html(render_to_string("grants/letter_pdf.html", letter_context(case)))
