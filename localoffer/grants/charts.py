"""The budget chart: an SVG drawn with matplotlib, always shown beside the table that holds the same figures."""

from __future__ import annotations

import io

from localoffer.grants.selectors import BudgetSummary


def budget_chart_svg(summary: BudgetSummary) -> str:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    months = [row["month"].strftime("%b") for row in summary.by_month]
    committed, paid, running = [], [], 0
    paid_running = 0
    for row in summary.by_month:
        running += row["committed_pence"]
        paid_running += row["paid_pence"]
        committed.append(running / 100)
        paid.append(paid_running / 100)
    figure, axes = plt.subplots(figsize=(7, 3.2), dpi=100)
    axes.plot(months, committed, color="#1d70b8", marker="o", label="Committed, to date")
    axes.plot(months, paid, color="#00703c", marker="s", linestyle="--", label="Paid, to date")
    if summary.budget_pence is not None:
        axes.axhline(summary.budget_pence / 100, color="#d4351c", linestyle=":", label="Budget")
    axes.set_ylabel("Pounds")
    axes.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda value, _: f"£{value:,.0f}"))
    axes.legend(loc="upper left", fontsize=8)
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    out = io.StringIO()
    figure.savefig(out, format="svg")
    plt.close(figure)
    svg = out.getvalue()
    start = svg.find("<svg")
    title = f"Committed and paid to date against the budget, {summary.label}"
    svg = svg[start:].replace("<svg ", f'<svg role="img" aria-label="{title}" ', 1)
    return svg
