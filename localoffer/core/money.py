"""Money is held as integer pence everywhere; this is the one way it is written for people to read."""

from __future__ import annotations


def pounds(pence: int | None) -> str:
    """Integer pence as pounds: 50000 -> £500, 12345 -> £123.45, a negative amount with a minus sign."""
    if pence is None:
        return "Not set"
    sign = "-" if pence < 0 else ""
    whole, part = divmod(abs(int(pence)), 100)
    return f"{sign}£{whole:,}" if part == 0 else f"{sign}£{whole:,}.{part:02d}"
