"""`{% load money %}` then `{{ amount_pence|pounds }}`: the one filter every app shows money with."""

from django import template

from localoffer.core import money

register = template.Library()


@register.filter
def pounds(pence: int | None) -> str:
    return money.pounds(pence)
