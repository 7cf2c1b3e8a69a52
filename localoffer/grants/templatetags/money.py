from django import template

register = template.Library()


@register.filter
def pounds(pence: int | None) -> str:
    """Integer pence as pounds: 50000 -> £500, 12345 -> £123.45, a negative amount with a minus sign."""
    if pence is None:
        return "Not set"
    sign = "-" if pence < 0 else ""
    whole, part = divmod(abs(int(pence)), 100)
    return f"{sign}£{whole:,}" if part == 0 else f"{sign}£{whole:,}.{part:02d}"
