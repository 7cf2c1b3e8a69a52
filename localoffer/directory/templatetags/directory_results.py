"""The search page's result rows, each written in one pass: a page has twenty, and as a template loop
(a url tag, four filters and a dozen look-ups a row) they cost more than the rest of the page together."""

from __future__ import annotations

from django import template
from django.template.defaultfilters import truncatewords
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from localoffer.directory.selectors import Result

register = template.Library()

LEVEL_COLOURS = {"universal": "green", "targeted": "yellow"}  # specialist: purple
CLOSED = mark_safe(' <strong class="govuk-tag govuk-tag--red">Temporarily closed</strong>')
PLANNED = mark_safe(' <strong class="govuk-tag govuk-tag--grey">Planned, not running yet</strong>')
ROW = (
    '<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">{}</dt>'
    '<dd class="govuk-summary-list__value">{}</dd></div>'
)


@register.simple_tag
def result_item(result: Result) -> SafeString:
    """One result: its name linking to the listing, who runs it and its level, what it offers (40 words),
    who it is for, the next step, and why it is here."""
    service = result.service
    level = service.get_level_display().replace(":", "").split()
    eligibility = f". {service.eligibility}" if service.eligibility else ""
    rows = [
        format_html(ROW, "Who it is for", f"Ages {service.age_text()}{eligibility}"),
        format_html(ROW, "Next step", service.next_step),
    ]
    if result.reasons:
        rows.append(format_html(ROW, "Why it is here", "; ".join(result.reasons)))
    return format_html(
        '<li class="lo-result">\n'
        '<h3 class="govuk-heading-s"><a class="govuk-link" href="{}">{}</a></h3>\n'
        '<p class="govuk-body-s">{} · <strong class="govuk-tag govuk-tag--{}">{}</strong>{}{}</p>\n'
        '<p class="govuk-body">{}</p>\n'
        '<dl class="govuk-summary-list govuk-summary-list--no-border">\n{}\n</dl>\n'
        "</li>",
        reverse("directory:service", args=[service.slug]),
        service.name,
        service.organization.name,
        LEVEL_COLOURS.get(service.level, "purple"),
        level[0] if level else "",
        CLOSED if service.status == "temporarily closed" else "",
        PLANNED if service.planned else "",
        truncatewords(service.description, 40),
        mark_safe("\n".join(rows)),  # noqa: S308 (each row escaped by format_html)
    )
