"""Utilisation charts: matplotlib SVG, shown beside the table that holds the same figures."""

from __future__ import annotations

import io

from localoffer.grants.charts import svg_without_inline_styles
from localoffer.places.selectors import UtilisationRow


def utilisation_chart_svg(rows: list[UtilisationRow], *, title: str) -> str:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    matplotlib.rcParams["svg.fonttype"] = "none"
    months = [row.month.strftime("%b") for row in rows]
    noun = rows[0].setting.unit_noun if rows else "unit"
    figure, axes = plt.subplots(figsize=(7, 3.6), dpi=100)
    figure.patch.set_facecolor("#ffffff")
    positions = range(len(months))
    axes.bar(
        [p - 0.3 for p in positions],
        [row.unit_days for row in rows],
        width=0.3,
        color="#b1b4b6",
        label=f"{noun}s in service",
    )
    axes.bar(positions, [row.staffed for row in rows], width=0.3, color="#1d70b8", label="staffed")
    axes.bar(
        [p + 0.3 for p in positions], [row.booked for row in rows], width=0.3, color="#00703c", label="booked"
    )
    axes.set_xticks(list(positions))
    axes.set_xticklabels(months)
    axes.set_ylabel(f"{noun}-days")
    axes.set_title(title, fontsize=11)
    # Below the plot, in a row: over the bars it hid the last month's.
    axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=3, fontsize=9, frameon=False)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    figure.tight_layout()
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg")
    plt.close(figure)
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    return svg_without_inline_styles(svg).replace(
        "<svg ", f'<svg role="img" aria-label="{title}: {noun}s in service, staffed and booked by month" ', 1
    )
