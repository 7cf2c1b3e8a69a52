"""Utilisation and cost as CSV, the same figures as the page's tables."""

from __future__ import annotations

import csv
import io

from localoffer.places.selectors import UtilisationRow


def _pounds(pence: int | None) -> str:
    return "" if pence is None else f"{pence / 100:.2f}"


def utilisation_csv(rows: list[UtilisationRow]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "setting",
            "month",
            "days_open",
            "units_in_service",
            "staffed",
            "booked",
            "used",
            "children",
            "cost_pounds",
            "cost_per_available_pounds",
            "cost_per_occupied_pounds",
            "staffed_with_one_more_staff",
        ]
    )
    for row in rows:
        writer.writerow(
            [
                row.setting.name,
                row.month.strftime("%Y-%m"),
                row.days_open,
                row.unit_days,
                row.staffed,
                row.booked,
                row.used,
                row.children,
                _pounds(row.cost_pence),
                _pounds(row.cost_per_available_pence),
                _pounds(row.cost_per_occupied_pence),
                row.staffed_with_one_more,
            ]
        )
    return out.getvalue()
